/**
 * The range dossier's summary as Markdown: totals, per-block distributions, hot state across the
 * range, the worst blocks and transactions, skipped blocks. Built from the aggregates only (at
 * most a few dozen rows per table), so its size does not grow with the range.
 */
import type { Distribution, HotEntry, RangeDossier } from '../analysis/RangeTypes.ts'
import * as Fmt from '../primitives/Fmt.ts'
import * as LadderMarkdown from './LadderMarkdown.ts'
import { code, pct, table, times } from './Text.ts'

/** Rows shown per hot-state table. */
const SHOWN = 10

/** Skipped blocks listed one by one. */
export const SKIPPED_SHOWN = 20

/** Renders the summary (no charts section: the caller appends the chart links). */
export function render(d: RangeDossier): string {
  return [
    header(d),
    summary(d),
    distributions(d),
    hot('Hot contracts across the range', d.hot_contracts, 'contract'),
    hot('Hot keys across the range', d.hot_keys, 'key'),
    LadderMarkdown.whatIf(d),
    hot(
      'Top serializing contracts (blocks they serialized most)',
      d.top_serializing_contracts,
      'contract',
    ),
    worstBlocks(d),
    worstTxs(d),
    simulation(d),
    LadderMarkdown.ladder(d),
    skipped(d),
    warnings(d),
    closing,
  ].join('')
}

function header(d: RangeDossier): string {
  return (
    `# Range Dossier: ${d.chain} blocks ${d.start_block}-${d.end_block}\n\n` +
    `**Provenance:** ${code(d.provenance)}\n\n**Tracer:** ${code(d.tracer_kind)}\n\n`
  )
}

function summary(d: RangeDossier): string {
  const e = d.conflict_edge_types
  const lines = [
    `Blocks analyzed: ${d.block_count} of ${d.pack_block_count} the manifest names (${d.skipped_block_count} skipped: ${d.skipped_block_count - d.missing_block_count} invalid, ${d.missing_block_count} missing)`,
    `Transactions: ${d.tx_count}`,
  ]
  if (d.source_tx_count !== null && d.tx_coverage_percentage !== null)
    lines.push(
      `Source transactions covered: ${d.tx_count} of ${d.source_tx_count} (${pct(d.tx_coverage_percentage, 3)})`,
    )
  lines.push(
    `Accesses: ${d.total_accesses}`,
    `Conflict pairs: ${d.conflict_pair_count} (${pct(d.conflict_percentage, 3)} of pairs within blocks)`,
    `Dependency types (pairs per type; a pair can have several): read-after-write ${e.read_after_write}, write-after-write ${e.write_after_write}, write-after-read ${e.write_after_read}`,
    `Overlapping transactions: ${d.overlapping_tx_count} (${pct(d.overlapping_tx_percentage, 3)})`,
    `Critical path by tx count (blocks run back to back): ${d.critical_path_length_by_tx}; ceiling by tx ${times(d.theoretical_parallelism_ceiling_by_tx)}`,
  )
  const ceiling = d.theoretical_parallelism_ceiling_by_gas
  if (ceiling !== null && d.total_gas_used !== null && d.gas_weighted_critical_path !== null)
    lines.push(
      `Gas covered: ${d.total_gas_used}; gas-weighted critical path ${d.gas_weighted_critical_path}; ceiling by gas ${times(ceiling)}`,
    )
  else lines.push('Gas-weighted metrics: unavailable because gas is missing')
  lines.push(
    `Conflicting state across the range: ${d.conflicting_contract_count} contracts, ${d.conflicting_key_count} keys`,
    d.fee_recipient.accesses === 'excluded'
      ? `Fee-recipient credits: excluded from conflicts (${d.fee_recipient.excluded_access_count} access(es) dropped)`
      : 'Fee-recipient credits: included in conflicts',
  )
  return `## Summary\n\n${lines.map((l) => `- ${l}\n`).join('')}\n`
}

function distributions(d: RangeDossier): string {
  const cols = [
    ['metric', 'left'],
    ['blocks', 'right'],
    ...['min', 'p10', 'p25', 'p50', 'p75', 'p90', 'p99', 'max', 'mean'].map(
      (k) => [k, 'right'] as const,
    ),
  ] as const
  const rows = d.distributions.map((x) => [
    `${x.metric} (${x.unit})`,
    String(x.count),
    ...[x.min, x.p10, x.p25, x.p50, x.p75, x.p90, x.p99, x.max, x.mean].map((v) => value(x, v)),
  ])
  const per = d.time_series.bucket_blocks
  const note =
    per === 1
      ? 'The time series has one point per block.'
      : `The time series averages ${per} consecutive blocks per point.`
  return `## Per-block distributions\n\nPercentiles are nearest-rank: each is a value some block had. ${note}\n\n${table(cols, rows)}\n`
}

function value(x: Distribution, v: number | null): string {
  if (v === null) return 'unavailable'
  if (x.unit === 'gas' || x.unit === 'txs') return Number.isInteger(v) ? String(v) : Fmt.fixed(v, 1)
  return Fmt.fixed(v, 3)
}

function hot(title: string, rows: readonly HotEntry[], what: 'contract' | 'key'): string {
  const cols = [
    [what, 'left'],
    ['label', 'left'],
    ['conflict contribution', 'right'],
    ['blocks with conflicts', 'right'],
    ['top-serializer blocks', 'right'],
    ['first block', 'right'],
    ['last block', 'right'],
  ] as const
  const body = rows
    .slice(0, SHOWN)
    .map((r) => [
      code(r.key),
      r.label,
      String(r.conflict_contribution),
      String(r.conflict_blocks),
      String(r.top_serializer_blocks),
      String(r.first_block),
      String(r.last_block),
    ])
  return `## ${title}\n\n${body.length === 0 ? 'None: no conflicts in the range.\n' : table(cols, body)}\n`
}

function worstBlocks(d: RangeDossier): string {
  const cols = [
    ['block', 'right'],
    ['txs', 'right'],
    ['conflict pairs', 'right'],
    ['conflict %', 'right'],
    ['gas critical path', 'right'],
  ] as const
  const rows = d.worst_blocks_by_conflict_percentage.map((r) => [
    String(r.block_number),
    String(r.tx_count),
    String(r.conflict_pair_count),
    pct(r.conflict_percentage, 3),
    r.gas_weighted_critical_path === null ? 'unavailable' : String(r.gas_weighted_critical_path),
  ])
  return `## Worst blocks by conflict percentage\n\n${table(cols, rows)}\n`
}

function worstTxs(d: RangeDossier): string {
  const cols = [
    ['block', 'right'],
    ['tx', 'right'],
    ['hash', 'left'],
    ['wave', 'right'],
    ['conflict degree', 'right'],
  ] as const
  const rows = d.worst_serializing_txs.map((r) => [
    String(r.block_number),
    String(r.tx_index),
    code(r.tx_hash),
    String(r.wave),
    String(r.conflict_degree),
  ])
  return `## Worst serializing transactions\n\n${rows.length === 0 ? 'None.\n' : table(cols, rows)}\n`
}

function simulation(d: RangeDossier): string {
  const cols = [
    ['workers', 'right'],
    ['makespan', 'right'],
    ['speedup', 'right'],
    ['idle', 'right'],
  ] as const
  const rows = d.worker_simulation.map((r) => [
    String(r.workers),
    String(r.makespan),
    times(r.speedup_vs_one_worker),
    pct(r.idle_percentage, 2),
  ])
  return `## Simulated workers over the range\n\nTheoretical list schedules (receipt gas as duration), blocks run back to back; not measured throughput.\n\n${table(cols, rows)}\n`
}

function skipped(d: RangeDossier): string {
  if (d.skipped_blocks.length === 0 && d.skipped_block_count === 0) return ''
  const lines = d.skipped_blocks
    .slice(0, SKIPPED_SHOWN)
    .map(
      (s) =>
        `- block ${s.block_number} (${s.issue_count} problem${s.issue_count === 1 ? '' : 's'}): ${s.issues[0] ?? ''}\n`,
    )
  const more = d.skipped_block_count - Math.min(d.skipped_blocks.length, SKIPPED_SHOWN)
  const tail = more > 0 ? `- … and ${more} more (range.json lists every invalid block)\n` : ''
  return `## Skipped blocks\n\n${d.skipped_block_count} block(s) were left out of every figure above.\n\n${lines.join('')}${tail}\n`
}

function warnings(d: RangeDossier): string {
  if (d.warning_summary.length === 0) return ''
  return `## Warning summary\n\n${d.warning_summary.map((w) => `- ${w.warning}\n`).join('')}\n`
}

const closing =
  '## What This Does Not Prove\n\nThis range dossier measures observed access-set contention block by block and theoretical list-scheduling bounds. It does not measure TPS or Ggas/s, does not replay the EVM, and cannot see dependencies an incomplete trace missed; blocks are analyzed independently (no cross-block conflicts).\n'
