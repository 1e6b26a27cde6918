/**
 * Structural field readers shared by the wire parsers (trace packs, fixtures, Geth logs). Each reader
 * records an `Issue` for a missing or mistyped field and returns `undefined`, so a parser can keep
 * going and report every problem in a file. `null` always means a JSON null (or an absent optional).
 */
import * as Issue from './Issue.ts'

/** Collects the issues of one file while it is read. */
export type Context = { readonly file: string; readonly issues: Issue.Issue[] }

/** A JSON object as parsed (own enumerable members only are read). */
export type JsonObject = { readonly [key: string]: unknown }

/** Expected-form text for integers. */
export const INTEGER_FORM = 'a non-negative integer <= 9007199254740991 (2^53-1)'

/** Starts collecting issues for `file`. */
export function context(file: string): Context {
  return { file, issues: [] }
}

/** Appends a member name or array index to a JSON path. */
export function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`
  return path === '' ? key : `${path}.${key}`
}

/** Records one issue. */
export function report(
  context: Context,
  fields: {
    readonly path: string
    readonly code: string
    readonly expected: string
    readonly value: unknown
    readonly message: string
  },
): void {
  context.issues.push(Issue.from({ file: context.file, ...fields }))
}

/** Reads a value that must be a JSON object. */
export function object(context: Context, value: unknown, path: string): JsonObject | undefined {
  if (isObject(value)) return value
  if (value === undefined) return missing(context, path, 'an object')
  wrongType(context, path, 'an object', value)
  return undefined
}

/** Reads a required string member. */
export function string(context: Context, obj: JsonObject, path: string, key: string) {
  const value = member(obj, key)
  if (value === undefined) return missing(context, join(path, key), 'a string')
  if (typeof value === 'string') return value
  return wrongType(context, join(path, key), 'a string', value)
}

/** Reads an optional string member (absent or null → `null`). */
export function nullableString(
  context: Context,
  obj: JsonObject,
  path: string,
  key: string,
): string | null | undefined {
  const value = member(obj, key)
  if (value === undefined || value === null) return null
  if (typeof value === 'string') return value
  return wrongType(context, join(path, key), 'a string or null', value)
}

/** Reads a required non-negative safe integer member. */
export function integer(context: Context, obj: JsonObject, path: string, key: string) {
  const value = member(obj, key)
  if (value === undefined) return missing(context, join(path, key), INTEGER_FORM)
  return checkInteger(context, join(path, key), value)
}

/** Checks a value (an array element) that must be a non-negative safe integer. */
export function integerValue(context: Context, value: unknown, path: string): number | undefined {
  return checkInteger(context, path, value)
}

/** Reads an optional non-negative safe integer member (absent or null → `null`). */
export function nullableInteger(
  context: Context,
  obj: JsonObject,
  path: string,
  key: string,
): number | null | undefined {
  const value = member(obj, key)
  if (value === undefined || value === null) return null
  return checkInteger(context, join(path, key), value)
}

/** Reads an optional boolean member with a default. */
export function boolean(
  context: Context,
  obj: JsonObject,
  path: string,
  key: string,
  fallback: boolean,
): boolean | undefined {
  const value = member(obj, key)
  if (value === undefined) return fallback
  if (typeof value === 'boolean') return value
  return wrongType(context, join(path, key), 'true or false', value)
}

/** Reads a string member restricted to `options`. */
export function oneOf<const T extends string>(
  context: Context,
  obj: JsonObject,
  path: string,
  key: string,
  options: readonly T[],
): T | undefined {
  const expected = `one of ${options.join(', ')}`
  const value = member(obj, key)
  if (value === undefined) return missing(context, join(path, key), expected)
  if (typeof value === 'string' && (options as readonly string[]).includes(value)) return value as T
  report(context, {
    path: join(path, key),
    code: typeof value === 'string' ? 'invalid_enum' : 'wrong_type',
    expected,
    value,
    message: `expected ${expected}`,
  })
  return undefined
}

/** Reads an optional array member (absent → `[]`); `item` reads each element. */
export function array<T>(
  context: Context,
  obj: JsonObject,
  path: string,
  key: string,
  item: (value: unknown, path: string) => T | undefined,
): T[] | undefined {
  const value = member(obj, key)
  if (value === undefined) return []
  const here = join(path, key)
  if (!Array.isArray(value)) return wrongType(context, here, 'an array', value)
  const out: T[] = []
  let ok = true
  for (let i = 0; i < value.length; i++) {
    const parsed = item(value[i], join(here, i))
    if (parsed === undefined) ok = false
    else out.push(parsed)
  }
  return ok ? out : undefined
}

/** Reads an optional array of strings (absent → `[]`). */
export function strings(context: Context, obj: JsonObject, path: string, key: string) {
  return array(context, obj, path, key, (value, here) =>
    typeof value === 'string' ? value : wrongType(context, here, 'a string', value),
  )
}

/** Records a `wrong_type` issue and returns `undefined`. */
export function wrongType(
  context: Context,
  path: string,
  expected: string,
  value: unknown,
): undefined {
  report(context, {
    path,
    code: 'wrong_type',
    expected,
    value,
    message: `expected ${expected}, found ${describeType(value)}`,
  })
  return undefined
}

/** Returns the JSON type name of a value (`null`, `array`, `object`, `string`, …). */
export function describeType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

/** A 32-byte hex word (hashes, storage slots), any case. */
export const HASH = /^0x[0-9a-fA-F]{64}$/
/** A 20-byte hex address, any case. */
export const ADDRESS = /^0x[0-9a-fA-F]{40}$/
/** How issues describe `HASH` and `ADDRESS`. */
export const HASH_FORM = '0x followed by 64 hex characters'
export const ADDRESS_FORM = '0x followed by 40 hex characters'

/** True for a plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Reads an own member (never an inherited one); `undefined` when absent. */
export function member(obj: JsonObject, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined
}

function missing(context: Context, path: string, expected: string): undefined {
  report(context, {
    path,
    code: 'missing_field',
    expected,
    value: undefined,
    message: `missing required field \`${path.slice(path.lastIndexOf('.') + 1)}\``,
  })
  return undefined
}

function checkInteger(context: Context, path: string, value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)
    return value === 0 ? 0 : value
  const reason =
    typeof value !== 'number'
      ? `found ${describeType(value)}`
      : !Number.isInteger(value)
        ? 'found a fractional or non-finite number'
        : value < 0
          ? 'found a negative number'
          : 'found a number above 2^53-1'
  report(context, {
    path,
    code: typeof value === 'number' ? 'invalid_integer' : 'wrong_type',
    expected: INTEGER_FORM,
    value,
    message: `expected ${INTEGER_FORM}, ${reason}`,
  })
  return undefined
}
