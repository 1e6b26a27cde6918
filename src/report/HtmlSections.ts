import type { Dossier } from '../analysis/DossierTypes.ts'
import { fixed } from '../primitives/Fmt.ts'
import * as Ablation from './Ablation.ts'
import { shorten, text } from './HtmlEscape.ts'
import type { Cell } from './HtmlTables.ts'
import { card, cell, hex, num, para, section, table } from './HtmlTables.ts'
import * as Text from './Text.ts'

/**
 * Section builders of the dossier page (docs/original-lab.md §7.3 plus worst blocks, loss
 * decomposition).
 */

/** Headline cards (docs/original-lab.md §7.3 card grid plus gas-weighted figures). */
export function cards(d: Dossier): string {
  const pct = (x: number) => `${fixed(x, 3)}%`
  const items = [
    card('transactions', String(d.tx_count)),
    card('coverage', d.tx_coverage_percentage === null ? 'n/a' : pct(d.tx_coverage_percentage)),
    card('conflict pairs', `${d.conflict_pair_count} (${pct(d.conflict_percentage)})`),
    card('overlap', `${d.overlapping_tx_count} (${pct(d.overlapping_tx_percentage)})`),
    card('waves', `${d.wave_count} / max width ${d.max_wave_width}`),
    card('tx ceiling', `${fixed(d.theoretical_parallelism_ceiling_by_tx, 3)}x`),
    card(
      'gas ceiling',
      d.theoretical_parallelism_ceiling_by_gas === null
        ? 'unavailable'
        : `${fixed(d.theoretical_parallelism_ceiling_by_gas, 3)}x`,
    ),
    card(
      'gas-weighted conflicts',
      d.gas_weighted_conflict_percentage === null
        ? 'unavailable'
        : pct(d.gas_weighted_conflict_percentage),
    ),
  ]
  return `<div class="cards">${items.join('')}</div>`
}

/** Provenance facts: every string escaped, hashes shortened with copy. */
export function provenance(d: Dossier): string {
  const fact = (k: string, v: string) => `<dt>${text(k)}</dt><dd>${v}</dd>`
  return `<dl class="facts">${[
    fact('provenance', text(d.provenance)),
    fact('source', text(d.source)),
    fact('tracer', text(d.tracer_kind)),
    fact('tracer sees', text(d.tracer_coverage.sees)),
    fact(
      'tracer cannot see',
      text(
        d.tracer_coverage.cannot_see === ''
          ? 'nothing the analysis needs'
          : d.tracer_coverage.cannot_see,
      ),
    ),
    fact(
      'read sets',
      text(
        d.tracer_coverage.reads_complete
          ? 'complete for conflict analysis'
          : 'incomplete: conflicts are lower bounds',
      ),
    ),
    fact('chain', text(d.chain)),
    fact('blocks', text(`${d.start_block}-${d.end_block} (${d.block_count} analyzed)`)),
    fact(
      'accesses',
      text(
        `${d.total_accesses} (${d.unique_contracts} contracts, ${d.unique_storage_slots} storage slots)`,
      ),
    ),
    fact(
      'fee recipient',
      text(
        `${d.fee_recipient.accesses} (${d.fee_recipient.excluded_access_count} accesses excluded)`,
      ),
    ),
    fact('report', text(d.report_version)),
    fact('deterministic hash', `<code>${text(d.deterministic_hash)}</code>`),
  ].join('')}</dl>`
}

/** Worker simulation table. */
export function workerSimulation(d: Dossier): string {
  const rows = d.worker_simulation.map((r) => [
    num(r.workers),
    num(r.makespan),
    num(r.speedup_vs_one_worker, 3, 'x'),
    num(r.idle_percentage, 2, '%'),
    num(r.critical_path_bound),
    cell(r.interpretation),
  ])
  const headers = [
    'workers',
    'makespan',
    'speedup',
    'idle',
    'critical-path bound',
    'interpretation',
  ]
  return section(
    'worker-simulation',
    'Worker Simulation',
    `${para('Theoretical list scheduling over observed dependencies (canonical tx order); not a throughput measurement.')}\n${table(headers, rows)}`,
  )
}

/**
 * Scheduler ablation, pivoted: speedup per strategy at each worker count, then the ready-queue
 * wait with its unit (the dossier's 15-style rows repeat the bound and the dependency check).
 */
export function schedulerAblation(d: Dossier): string {
  const p = Ablation.pivot(d.scheduler_ablation)
  const unit = Text.durationUnit(d)
  const bound = d.scheduler_ablation[0]?.critical_path_bound ?? 0
  const speedups = p.rows.map((r) => [
    num(r.workers),
    ...r.speedup.map((x) => num(x, 3, 'x')),
    cell(
      r.best === null
        ? 'none (canonical order is as good)'
        : `${r.best.strategy} ${fixed(r.best.improvement, 2)}% shorter`,
    ),
  ])
  const waits = p.rows.map((r) => [num(r.workers), ...r.readyWait.map((x) => num(x))])
  const deps =
    p.broken.length === 0
      ? 'Every strategy preserves every observed dependency'
      : `These schedules broke a dependency: ${p.broken.join(', ')}`
  return section(
    'scheduler-ablation',
    'Scheduler Ablation',
    [
      para(
        `Simulated speedup over canonical order at 1 worker, per ready-queue priority (${Ablation.STRATEGY_NOTE.replaceAll('`', '')}). ${deps}; the critical-path bound is ${bound} ${unit}.`,
      ),
      table(['workers', ...p.strategies, 'best vs canonical'], speedups),
      para(
        `Ready-queue wait: the sum over transactions of the time each was ready but not started, in ${unit}.`,
      ),
      table(['workers', ...p.strategies.map((s) => `${s} ready wait (${unitShort(unit)})`)], waits),
    ].join('\n'),
  )
}

function unitShort(unit: string): string {
  return unit === 'gas' ? 'gas' : unit.startsWith('tx') ? 'tx units' : 'duration units'
}

/** Worst serializing transactions and worst blocks. */
export function worst(d: Dossier): string {
  const txRows = d.worst_serializing_txs.map((r) => [
    num(r.block_number),
    num(r.tx_index),
    num(r.wave),
    num(r.conflict_degree),
    num(r.duration_units),
    hex(r.tx_hash),
  ])
  const blockRows = (rows: Dossier['worst_blocks_by_conflict_percentage']) =>
    rows.map((r) => [
      num(r.block_number),
      num(r.tx_count),
      num(r.conflict_pair_count),
      num(r.conflict_percentage, 3, '%'),
      num(r.gas_weighted_critical_path),
    ])
  const blockHeaders = [
    'block',
    'txs',
    'conflict pairs',
    'conflict %',
    'gas-weighted critical path',
  ]
  const txs = section(
    'worst-txs',
    'Worst Serializing Transactions',
    `${para(`conflict pairs = the other transactions of its block it conflicts with; duration in ${Text.durationUnit(d)}.`)}\n${table(['block', 'tx', 'wave', 'conflict pairs', 'duration', 'tx hash'], txRows)}`,
  )
  // One block: both worst-block lists would be that block alone (the Blocks table shows it).
  if (d.block_count < 2) return txs
  return [
    txs,
    section(
      'worst-blocks',
      'Worst Blocks',
      `<h3>By conflict percentage</h3>\n${table(blockHeaders, blockRows(d.worst_blocks_by_conflict_percentage))}\n<h3>By gas-weighted critical path</h3>\n${table(blockHeaders, blockRows(d.worst_blocks_by_gas_weighted_critical_path))}`,
    ),
  ].join('\n')
}

/** `balance 0x4485…eacd`, `0x4485…eacd:0x4cb6…d817`: a hot key, shortened. */
function keyShown(r: Dossier['top_hot_keys'][number]): string {
  if (r.slot === null) return `${r.key_type} ${shorten(r.address)}`
  return `${shorten(r.address)}:${shorten(r.slot)}`
}

/** Hot contracts and hot keys, with the labels and incidence notes. */
export function hotState(d: Dossier): string {
  const contracts = d.top_hot_contracts.map((r) => [
    hex(r.address),
    cell(r.label),
    num(r.touching_txs),
    num(r.unique_slots),
    num(r.gas_of_touching_txs),
    num(r.conflict_contribution),
  ])
  const keys = d.top_hot_keys.map((r): Cell[] => [
    hex(r.key, keyShown(r)),
    cell(Text.keyKind(r.key_type)),
    cell(r.address_label),
    num(r.touching_txs),
    num(r.gas_of_touching_txs),
    num(r.conflict_contribution),
  ])
  const note = para(
    'Labels are convenience metadata only: they are not part of analysis correctness and never change conflicts, waves, paths or schedules.',
    'note',
  )
  return [
    section(
      'hot-contracts',
      'Hot Contracts',
      `${note}\n${para(Text.CONTRIBUTION_NOTE, 'note')}\n${table(['contract', 'label', 'txs', 'unique slots', 'gas covered', 'conflict incidences (pair, key)'], contracts)}`,
    ),
    section(
      'hot-keys',
      'Hot Keys',
      `${para("Storage slots and account-level keys (an account's ETH balance, nonce or code) together, ranked by conflict incidences.")}\n${table(['key', 'kind', 'address label', 'txs', 'gas covered', 'conflict incidences (pair, key)'], keys)}`,
    ),
  ].join('\n')
}

/** Loss decomposition, concentration and dependency edge types. */
export function loss(d: Dossier): string {
  const l = d.parallelism_loss_decomposition
  const c = d.contention_concentration
  const e = d.conflict_edge_types
  const rows: Cell[][] = [
    [cell('storage-slot (pair, key) incidences'), num(l.hot_slot_conflict_contributions)],
    [cell('account-level key (pair, key) incidences'), num(l.account_level_conflict_contributions)],
    [cell('incomplete-trace warning lines'), num(l.unknown_incomplete_trace_warning_count)],
    [cell('txs with incomplete read sets'), num(l.incomplete_read_tx_count)],
    [cell('max worker idle'), num(l.max_worker_idle_percentage, 2, '%')],
    [cell('top-1 key share of (pair, key) incidences'), num(c.top_1_conflict_percent, 3, '%')],
    [cell('top-5 key share of (pair, key) incidences'), num(c.top_5_conflict_percent, 3, '%')],
    [cell('top-10 key share of (pair, key) incidences'), num(c.top_10_conflict_percent, 3, '%')],
    [cell('read-after-write pairs'), num(e.read_after_write)],
    [cell('write-after-write pairs'), num(e.write_after_write)],
    [cell('write-after-read pairs'), num(e.write_after_read)],
    [cell('pairs of all three types'), num(e.all_three_types)],
  ]
  return section(
    'loss',
    'Parallelism Loss Decomposition',
    `${para(l.interpretation)}\n${para(`Edge types: ${e.counting}; ${Text.edgeTypesNote(d)}.`)}\n${table(['measure', 'value'], rows)}`,
  )
}

/** Per-block table. */
export function blocks(d: Dossier): string {
  const rows = d.blocks.map((b) => [
    num(b.block_number),
    num(b.tx_count),
    num(b.gas_used),
    num(b.conflict_pair_count),
    num(b.conflict_percentage, 3, '%'),
    num(b.overlapping_tx_percentage, 3, '%'),
    num(b.wave_count),
    num(b.max_wave_width),
    num(b.critical_path_length),
    num(b.ceiling_by_tx, 3, 'x'),
    num(b.ceiling_by_gas, 3, 'x'),
  ])
  const headers = [
    'block',
    'txs',
    'gas',
    'pairs',
    'conflict %',
    'overlap %',
    'waves',
    'max width',
    'critical path',
    'ceiling by tx',
    'ceiling by gas',
  ]
  return section('blocks', 'Blocks', table(headers, rows))
}

/** Warning summary list, coverage line first, plus the dossier.json note. */
export function warnings(d: Dossier): string {
  const coverage = Text.coverageLine(d.tx_count, d.source_tx_count, d.tx_coverage_percentage)
  const items = [
    ...(coverage === null ? [] : [coverage]),
    ...d.warning_summary.map((w) => w.warning),
  ].map((w) => `<li>${text(w)}</li>`)
  const list = items.length === 0 ? para('No warnings.') : `<ul>\n${items.join('\n')}\n</ul>`
  return section(
    'warnings',
    'Warning Summary',
    `${list}\n${para('Full per-transaction warnings are preserved in dossier.json.')}`,
  )
}
