import * as Fmt from '../primitives/Fmt.ts'

/** Column alignment of a Markdown table. */
type Align = 'left' | 'right'

/** A Markdown table: header row, alignment row, one row per entry, each line ending in `\n`. */
export function table(
  columns: readonly (readonly [title: string, align: Align])[],
  rows: readonly (readonly string[])[],
): string {
  const head = `| ${columns.map(([t]) => t).join(' | ')} |\n`
  const rule = `| ${columns.map(([, a]) => (a === 'right' ? '---:' : '---')).join(' | ')} |\n`
  return head + rule + rows.map((r) => `| ${r.join(' | ')} |\n`).join('')
}

/** `{:.3}x` text of a ratio. */
export function times(x: number): string {
  return `${Fmt.fixed(x, 3)}x`
}

/** `{:.N}%` text of a percentage. */
export function pct(x: number, decimals: number): string {
  return `${Fmt.fixed(x, decimals)}%`
}

/** Backticked code span. */
export function code(text: string): string {
  return `\`${text}\``
}

/** An integer or `unavailable` when missing. */
export function orUnavailable(x: number | null): string {
  return x === null ? 'unavailable' : String(x)
}

/** Coverage sentence (full/partial source transaction set), or null without a source tx count. */
export function coverageLine(
  txCount: number,
  sourceTxCount: number | null,
  coverage: number | null,
): string | null {
  if (sourceTxCount === null || coverage === null) return null
  const kind = txCount === sourceTxCount ? 'full' : 'partial'
  return `Data covers ${kind} source transaction set: ${txCount} of ${sourceTxCount} transactions (${Fmt.fixed(coverage, 3)}%).`
}
