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

/** What a hot key is, for a table's kind column: `storage slot`, `account balance`, … */
export function keyKind(type: 'account' | 'balance' | 'nonce' | 'code' | 'storage'): string {
  if (type === 'storage') return 'storage slot'
  if (type === 'account') return 'account (field not named by the tracer)'
  return `account ${type}`
}

/** The note under every hot table: what a conflict contribution counts. */
export const CONTRIBUTION_NOTE =
  'Conflict contribution counts (conflicting pair, key) incidences: a pair of transactions that shares k keys counts k times, so a contract with several hot keys can show more incidences than there are conflicting pairs.'

/**
 * The unit of simulated durations (makespans, critical paths, ready-queue wait): gas when every
 * block has complete gas, one unit per tx when none has, else a mix.
 */
export function durationUnit(d: {
  readonly total_gas_used: number | null
  readonly blocks: readonly { readonly gas_used: number | null }[]
}): string {
  if (d.total_gas_used !== null) return 'gas'
  if (d.blocks.every((b) => b.gas_used === null)) return 'tx units (1 per transaction)'
  return 'duration units (gas in blocks with complete gas, 1 per transaction elsewhere)'
}

/** Why the three edge-type counts may be equal: pairs of all three types. */
export function edgeTypesNote(d: {
  readonly conflict_pair_count: number
  readonly conflict_edge_types: { readonly all_three_types: number }
}): string {
  const e = d.conflict_edge_types
  const all = e.all_three_types
  if (d.conflict_pair_count > 0 && all === d.conflict_pair_count)
    return `all ${all} pairs are of all three types (both transactions read and write a shared key, as in a balance or counter update), so the three counts are equal`
  return `${all} of ${d.conflict_pair_count} pairs are of all three types (both transactions read and write a shared key)`
}
