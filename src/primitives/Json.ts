import * as Fmt from './Fmt.ts'
import * as Order from './Order.ts'

/** A JSON value as the lab writes it. `bigint` prints as an integer; `undefined` members are omitted. */
export type Value =
  | null
  | boolean
  | number
  | bigint
  | string
  | readonly Value[]
  | { readonly [key: string]: Value | undefined }

export type StringifyOptions = {
  /** Pretty-print the way serde_json does (2-space indent). Default true. */
  readonly pretty?: boolean
  /** Member names whose numeric values are f64 fields: printed with serde_json's float rules (`100.0`). */
  readonly floatKeys?: ReadonlySet<string>
}

/**
 * Serializes like serde_json: members in insertion (declaration) order, floats in ryu form for
 * `floatKeys`, no trailing newline. Non-integral numbers always print as floats.
 */
export function stringify(value: Value, options: StringifyOptions = {}): string {
  const { pretty = true, floatKeys = new Set<string>() } = options
  const out: string[] = []
  write(value, false, '')
  return out.join('')

  function write(v: Value | undefined, isFloat: boolean, indent: string): void {
    if (v === null || v === undefined) return void out.push('null')
    if (typeof v === 'boolean') return void out.push(v ? 'true' : 'false')
    if (typeof v === 'bigint') return void out.push(v.toString())
    if (typeof v === 'number') {
      if (isFloat || !Number.isInteger(v)) return void out.push(Fmt.jsonFloat(v))
      return void out.push(Object.is(v, -0) ? '0' : String(v))
    }
    if (typeof v === 'string') return void out.push(JSON.stringify(v))
    const inner = `${indent}  `
    if (isArray(v)) {
      if (v.length === 0) return void out.push('[]')
      out.push('[')
      v.forEach((item, i) => {
        if (i > 0) out.push(',')
        if (pretty) out.push('\n', inner)
        write(item, isFloat, inner)
      })
      if (pretty) out.push('\n', indent)
      return void out.push(']')
    }
    const entries = Object.entries(v).filter(([, item]) => item !== undefined)
    if (entries.length === 0) return void out.push('{}')
    out.push('{')
    entries.forEach(([key, item], i) => {
      if (i > 0) out.push(',')
      if (pretty) out.push('\n', inner)
      out.push(JSON.stringify(key), pretty ? ': ' : ':')
      write(item, floatKeys.has(key), inner)
    })
    if (pretty) out.push('\n', indent)
    out.push('}')
  }
}

function isArray(v: unknown): v is readonly Value[] {
  return Array.isArray(v)
}

/** Returns a copy of a plain object with its keys sorted by code unit (serde_json without preserve_order). */
export function sortKeys<T extends { readonly [key: string]: Value | undefined }>(value: T): T {
  const keys = Object.keys(value).sort(Order.strings)
  const out: Record<string, Value | undefined> = {}
  for (const key of keys) out[key] = value[key]
  return out as T
}
