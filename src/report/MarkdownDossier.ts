import type { Dossier } from '../analysis/Dossier.ts'
import * as Fmt from '../primitives/Fmt.ts'
import * as Ablation from './Ablation.ts'
import * as LadderMarkdown from './LadderMarkdown.ts'
import {
  CONTRIBUTION_NOTE,
  code,
  coverageLine,
  durationUnit,
  edgeTypesNote,
  keyKind,
  orUnavailable,
  pct,
  table,
  times,
} from './Text.ts'

/**
 * Renders the dossier's executive summary (docs/original-lab.md §7.2) plus tracer-coverage,
 * edge-type and fee-recipient lines; the scheduler ablation is pivoted (one row per worker count)
 * and the hot storage slots table is a hot keys table (storage slots and account-level keys).
 */
export function render(d: Dossier): string {
  return [
    header(d),
    summary(d),
    workerSimulation(d),
    ablation(d),
    LadderMarkdown.ladder(d, d.blocks),
    worstTxs(d),
    hotContracts(d),
    hotKeys(d),
    LadderMarkdown.whatIf(d),
    warningSummary(d),
    closing(),
  ].join('')
}

function header(d: Dossier): string {
  return (
    `# Contention Dossier: ${d.chain} blocks ${d.start_block}-${d.end_block}\n\n` +
    `**Provenance:** ${code(d.provenance)}\n\n**Tracer:** ${code(d.tracer_kind)}\n\n` +
    `${coverage(d)}\n\n`
  )
}

/** What the tracer sees and cannot see (`tracer_coverage`). */
function coverage(d: Dossier): string {
  const c = d.tracer_coverage
  const misses = c.cannot_see === '' ? '' : ` It cannot see ${c.cannot_see}.`
  const reads = c.reads_complete
    ? 'Read sets are complete for conflict analysis.'
    : 'Read sets are incomplete, so conflicts are lower bounds.'
  return `**Tracer coverage:** sees ${c.sees}.${misses} ${reads}`
}

function summary(d: Dossier): string {
  const lines = [`Blocks: ${d.block_count}`, `Transactions: ${d.tx_count}`]
  if (d.source_tx_count !== null && d.tx_coverage_percentage !== null) {
    lines.push(
      `Source transactions covered: ${d.tx_count} of ${d.source_tx_count} (${Fmt.fixed(d.tx_coverage_percentage, 3)}%)`,
    )
  }
  const e = d.conflict_edge_types
  lines.push(
    `Accesses: ${d.total_accesses}`,
    `Conflict pairs: ${d.conflict_pair_count} (${Fmt.fixed(d.conflict_percentage, 3)}%)`,
    `Dependency types (pairs per type; a pair can have several): read-after-write ${e.read_after_write}, write-after-write ${e.write_after_write}, write-after-read ${e.write_after_read}; ${edgeTypesNote(d)}`,
    `Overlapping transactions: ${d.overlapping_tx_count} (${Fmt.fixed(d.overlapping_tx_percentage, 3)}%)`,
    'Overlap is broader than serialization: read-compatible overlap can be high even when write-dependent conflict pairs and waves stay low.',
    `Waves: ${d.wave_count}`,
    `Max wave width: ${d.max_wave_width}`,
    `Critical path by tx count: ${d.critical_path_length_by_tx}`,
    `Theoretical ceiling by tx: ${times(d.theoretical_parallelism_ceiling_by_tx)}`,
  )
  const gas = d.total_gas_used
  const path = d.gas_weighted_critical_path
  const ceiling = d.theoretical_parallelism_ceiling_by_gas
  if (gas !== null && path !== null && ceiling !== null) {
    lines.push(
      `Total gas covered: ${gas}`,
      `Gas-weighted critical path: ${path}`,
      `Theoretical ceiling by gas: ${times(ceiling)}`,
    )
  } else {
    lines.push('Gas-weighted metrics: unavailable because gas is missing')
  }
  const fee = d.fee_recipient
  lines.push(
    fee.accesses === 'excluded'
      ? `Fee-recipient credits: excluded from conflicts (${fee.excluded_access_count} access(es) dropped)`
      : 'Fee-recipient credits: included in conflicts',
  )
  return `## Summary\n\n${lines.map((l) => `- ${l}\n`).join('')}\n`
}

function workerSimulation(d: Dossier): string {
  const rows = d.worker_simulation.map((r) => [
    String(r.workers),
    String(r.makespan),
    times(r.speedup_vs_one_worker),
    pct(r.idle_percentage, 2),
    r.interpretation,
  ])
  const cols = [
    ['workers', 'right'],
    ['makespan', 'right'],
    ['speedup', 'right'],
    ['idle', 'right'],
    ['interpretation', 'left'],
  ] as const
  return `## Worker Simulation\n\n${table(cols, rows)}\n`
}

function ablation(d: Dossier): string {
  if (d.scheduler_ablation.length === 0) return ''
  const p = Ablation.pivot(d.scheduler_ablation)
  const unit = durationUnit(d)
  const bound = d.scheduler_ablation[0]?.critical_path_bound ?? 0
  const speedups = table(
    [
      ['workers', 'right'],
      ...p.strategies.map((s) => [code(s), 'right'] as const),
      ['best vs canonical', 'left'],
    ],
    p.rows.map((r) => [
      String(r.workers),
      ...r.speedup.map((x) => (x === null ? 'n/a' : times(x))),
      r.best === null
        ? 'none (canonical order is as good)'
        : `${code(r.best.strategy)} ${pct(r.best.improvement, 2)} shorter`,
    ]),
  )
  const waits = table(
    [['workers', 'right'], ...p.strategies.map((s) => [code(s), 'right'] as const)],
    p.rows.map((r) => [
      String(r.workers),
      ...r.readyWait.map((x) => (x === null ? 'n/a' : String(x))),
    ]),
  )
  const deps =
    p.broken.length === 0
      ? 'Every strategy preserves every observed dependency'
      : `These schedules broke a dependency: ${p.broken.join(', ')}`
  return (
    `## Scheduler Ablation\n\nSimulated speedup over canonical order at 1 worker, per ready-queue priority (${Ablation.STRATEGY_NOTE}). ` +
    `${deps}; the critical-path bound is ${bound} ${unit}.\n\n${speedups}\n` +
    `Ready-queue wait (the sum over transactions of the time each was ready but not started, in ${unit}):\n\n${waits}\n`
  )
}

function worstTxs(d: Dossier): string {
  if (d.worst_serializing_txs.length === 0) return ''
  const rows = d.worst_serializing_txs.map((t) => [
    String(t.block_number),
    String(t.tx_index),
    String(t.wave),
    String(t.conflict_degree),
    String(t.duration_units),
    code(t.tx_hash),
  ])
  const cols = [
    ['block', 'right'],
    ['tx', 'right'],
    ['wave', 'right'],
    ['conflicts', 'right'],
    ['duration', 'right'],
    ['tx hash', 'left'],
  ] as const
  return `## Worst Serializing Transactions\n\n${table(cols, rows)}\n`
}

function hotContracts(d: Dossier): string {
  const rows = d.top_hot_contracts.map((c) => [
    code(c.address),
    c.label,
    String(c.touching_txs),
    String(c.unique_slots),
    orUnavailable(c.gas_of_touching_txs),
    String(c.conflict_contribution),
  ])
  const cols = [
    ['contract', 'left'],
    ['label', 'left'],
    ['txs', 'right'],
    ['unique slots', 'right'],
    ['gas covered', 'right'],
    ['conflict contribution', 'right'],
  ] as const
  return (
    '## Hot Contracts\n\nLabels are convenience metadata for readability; they are not part of analysis correctness.\n\n' +
    `${table(cols, rows)}\n${CONTRIBUTION_NOTE}\n\n`
  )
}

function hotKeys(d: Dossier): string {
  const rows = d.top_hot_keys.map((k) => [
    code(k.key),
    keyKind(k.key_type),
    k.address_label,
    String(k.touching_txs),
    orUnavailable(k.gas_of_touching_txs),
    String(k.conflict_contribution),
  ])
  const cols = [
    ['key', 'left'],
    ['kind', 'left'],
    ['address label', 'left'],
    ['txs', 'right'],
    ['gas covered', 'right'],
    ['conflict contribution', 'right'],
  ] as const
  return (
    "## Hot Keys\n\nStorage slots and account-level keys (an account's ETH balance, nonce or code) together; `top_hot_storage_slots` in `dossier.json` keeps the storage-only table.\n\n" +
    `${table(cols, rows)}\n`
  )
}

function warningSummary(d: Dossier): string {
  if (d.warning_summary.length === 0) return ''
  const lines: string[] = []
  const coverage = coverageLine(d.tx_count, d.source_tx_count, d.tx_coverage_percentage)
  if (coverage !== null) lines.push(coverage)
  for (const w of d.warning_summary) lines.push(w.warning)
  return (
    `## Warning Summary\n\n${lines.map((l) => `- ${l}\n`).join('')}\n` +
    'Full per-transaction warnings are preserved in `dossier.json`.\n\n'
  )
}

function closing(): string {
  return (
    '## What This Proves\n\nThis dossier shows deterministic access-contention structure, hot-state concentration, gas-weighted theoretical scheduling bounds where gas is available, and worker-count sensitivity for the supplied trace pack.\n\n' +
    '## What This Does Not Prove\n\nIt is not production TPS, not Ggas/s, does not execute/replay full EVM state transitions, and is not proof that observed access hints are complete Ethereum access lists.\n'
  )
}
