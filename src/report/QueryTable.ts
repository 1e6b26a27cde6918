/**
 * Query results as text: an aligned table for terminals (numbers right-aligned, NULL spelled out)
 * or JSON (one object per row; BIGINT values print as exact integers).
 */
import * as Json from '../primitives/Json.ts'

/** One cell (what `tables/Query.ts` returns). */
type Value = null | boolean | number | bigint | string

/** The aligned table, with a closing line saying how many rows (and whether more were left). */
export function text(
  columns: readonly string[],
  rows: readonly (readonly Value[])[],
  truncated: boolean,
): string {
  const cells = rows.map((row) => row.map(shown))
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)))
  const right = columns.map((_, i) =>
    rows.some((r) => typeof r[i] === 'number' || typeof r[i] === 'bigint'),
  )
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (right[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd()
  const out = [line(columns), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)]
  const count = `(${rows.length} row${rows.length === 1 ? '' : 's'}${truncated ? '; more rows were not read: raise --max-rows, or add LIMIT / aggregate' : ''})`
  return `${out.join('\n')}\n${count}\n`
}

/** A JSON array of row objects (a repeated column name gets `_2`, `_3`, … appended). */
export function json(columns: readonly string[], rows: readonly (readonly Value[])[]): string {
  const names = unique(columns)
  const objects = rows.map((row) => Object.fromEntries(names.map((name, i) => [name, row[i]!])))
  return `${Json.stringify(objects)}\n`
}

function shown(value: Value): string {
  if (value === null) return 'NULL'
  return String(value)
}

function unique(columns: readonly string[]): string[] {
  const seen = new Map<string, number>()
  return columns.map((c) => {
    const n = (seen.get(c) ?? 0) + 1
    seen.set(c, n)
    return n === 1 ? c : `${c}_${n}`
  })
}
