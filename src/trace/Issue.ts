/**
 * One validation problem found in an input file. Validators return every issue they find (never
 * only the first), sorted with `sort`, so a user can fix a file in one pass.
 */
import * as Order from '../primitives/Order.ts'

export type Issue = {
  /** The file the problem is in (as the caller named it). */
  readonly file: string
  /** JSON path inside the file, e.g. `transactions[3].accesses[2].slot`; `''` for the whole file. */
  readonly path: string
  /** Stable machine-readable code, e.g. `invalid_slot` (see docs/trace-pack.md). */
  readonly code: string
  /** The expected form, e.g. `0x followed by 64 hex characters`. */
  readonly expected: string
  /** The offending value, rendered and truncated to about 80 characters. */
  readonly value: string
  /** One human-readable line. */
  readonly message: string
}

/** Longest rendered `value` (characters, before the ellipsis). */
export const MAX_VALUE_CHARS = 80

/** Rendering of a value that is absent from the input. */
export const MISSING = '<missing>'

const compare: Order.Comparator<Issue> = Order.chain(
  Order.by((issue: Issue) => issue.file, Order.strings),
  Order.by((issue: Issue) => issue.path, Order.strings),
  Order.by((issue: Issue) => issue.code, Order.strings),
  Order.by((issue: Issue) => issue.message, Order.strings),
  Order.by((issue: Issue) => issue.value, Order.strings),
)

/** Returns the issues in a total order: (file, path, code), then message and value. */
export function sort(issues: readonly Issue[]): Issue[] {
  return [...issues].sort(compare)
}

/** Builds an issue; `value` is rendered with `renderValue` (pass `undefined` for an absent value). */
export function from(fields: {
  readonly file: string
  readonly path: string
  readonly code: string
  readonly expected: string
  readonly value: unknown
  readonly message: string
}): Issue {
  const { file, path, code, expected, value, message } = fields
  return { file, path, code, expected, value: renderValue(value), message }
}

/** One line for terminals: `file:path: message (got value)`. */
export function render(issue: Issue): string {
  const where = issue.path === '' ? issue.file : `${issue.file}:${issue.path}`
  return `${where}: ${issue.message} (got ${issue.value})`
}

/** One error hint: `file: path: message (got value)`. */
export function hint(issue: Issue): string {
  const where = issue.path === '' ? issue.file : `${issue.file}: ${issue.path}`
  return `${where}: ${issue.message} (got ${issue.value})`
}

/** Most issues rendered into an invalid-input error's hints. */
export const MAX_HINTS = 20

/** Error hints for `issues`: the first `MAX_HINTS` as `hint` lines, then `… and N more<tail>`. */
export function hints(issues: readonly Issue[], tail = ''): string[] {
  const shown = issues.slice(0, MAX_HINTS).map(hint)
  const more = issues.length - shown.length
  return more > 0 ? [...shown, `… and ${more} more${tail}`] : shown
}

/**
 * Renders any JSON-ish value as compact JSON text, bounded in time and length whatever its size or
 * depth (hostile inputs can be deep or huge), truncated to `MAX_VALUE_CHARS` with `…`.
 */
export function renderValue(value: unknown): string {
  if (value === undefined) return MISSING
  const out: string[] = []
  let length = 0
  const push = (text: string): boolean => {
    out.push(text)
    length += text.length
    return length <= MAX_VALUE_CHARS
  }
  const walk = (v: unknown, depth: number): boolean => {
    if (v === null || typeof v === 'boolean') return push(String(v))
    if (typeof v === 'number') return push(String(v))
    if (typeof v === 'bigint') return push(v.toString())
    if (typeof v === 'string') return push(JSON.stringify(v.slice(0, MAX_VALUE_CHARS + 1)))
    if (typeof v !== 'object') return push(`<${typeof v}>`)
    if (depth > 8) return push('…')
    if (Array.isArray(v)) {
      if (!push('[')) return false
      for (let i = 0; i < v.length; i++) {
        if (i > 0 && !push(',')) return false
        if (!walk(v[i], depth + 1)) return false
      }
      return push(']')
    }
    if (!push('{')) return false
    let first = true
    for (const key in v) {
      if (!Object.hasOwn(v, key)) continue
      if (!first && !push(',')) return false
      first = false
      if (!push(`${JSON.stringify(key.slice(0, MAX_VALUE_CHARS + 1))}:`)) return false
      if (!walk((v as Record<string, unknown>)[key], depth + 1)) return false
    }
    return push('}')
  }
  walk(value, 0)
  const text = out.join('')
  return text.length <= MAX_VALUE_CHARS ? text : `${text.slice(0, MAX_VALUE_CHARS)}…`
}
