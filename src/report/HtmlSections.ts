import type { Dossier } from '../analysis/DossierTypes.ts'
import { fixed } from '../primitives/Fmt.ts'
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
    card('conflicts', `${d.conflict_pair_count} (${pct(d.conflict_percentage)})`),
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

/** Scheduler ablation table (docs/original-lab.md §7.3 headers). */
export function schedulerAblation(d: Dossier): string {
  const rows = d.scheduler_ablation.map((r) => [
    { html: `<td data-v="${text(r.strategy)}"><code>${text(r.strategy)}</code></td>` },
    num(r.workers),
    num(r.makespan),
    num(r.speedup_vs_canonical_one_worker, 3, 'x'),
    num(r.idle_percentage, 2, '%'),
    num(r.ready_queue_wait_units),
    num(r.critical_path_bound),
    num(r.improvement_vs_canonical_percent, 2, '%'),
    cell(String(r.preserves_dependencies)),
  ])
  const headers = [
    'strategy',
    'workers',
    'makespan',
    'speedup vs canonical 1-worker',
    'idle',
    'ready wait',
    'critical path',
    'improvement',
    'deps',
  ]
  return section(
    'scheduler-ablation',
    'Scheduler Ablation',
    `${para('All strategies preserve observed dependencies; they only change ready-queue priority.')}\n${table(headers, rows)}`,
  )
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
  return [
    section(
      'worst-txs',
      'Worst Serializing Transactions',
      table(['block', 'tx', 'wave', 'conflicts', 'duration', 'tx hash'], txRows),
    ),
    section(
      'worst-blocks',
      'Worst Blocks',
      `<h3>By conflict percentage</h3>\n${table(blockHeaders, blockRows(d.worst_blocks_by_conflict_percentage))}\n<h3>By gas-weighted critical path</h3>\n${table(blockHeaders, blockRows(d.worst_blocks_by_gas_weighted_critical_path))}`,
    ),
  ].join('\n')
}

/** Hot contracts and hot storage slots, with the labels note. */
export function hotState(d: Dossier): string {
  const contracts = d.top_hot_contracts.map((r) => [
    hex(r.address),
    cell(r.label),
    num(r.touching_txs),
    num(r.unique_slots),
    num(r.gas_of_touching_txs),
    num(r.conflict_contribution),
  ])
  const slots = d.top_hot_storage_slots.map((r): Cell[] => [
    hex(r.key, `${shorten(r.address)}:${shorten(r.slot)}`),
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
      `${note}\n${table(['contract', 'label', 'txs', 'unique slots', 'gas covered', 'conflicts'], contracts)}`,
    ),
    section(
      'hot-slots',
      'Hot Storage Slots',
      table(['slot', 'address label', 'txs', 'gas covered', 'conflicts'], slots),
    ),
  ].join('\n')
}

/** Loss decomposition, concentration and dependency edge types. */
export function loss(d: Dossier): string {
  const l = d.parallelism_loss_decomposition
  const c = d.contention_concentration
  const e = d.conflict_edge_types
  const rows: Cell[][] = [
    [cell('hot-slot conflict contributions'), num(l.hot_slot_conflict_contributions)],
    [cell('account-level conflict contributions'), num(l.account_level_conflict_contributions)],
    [cell('incomplete-trace warning lines'), num(l.unknown_incomplete_trace_warning_count)],
    [cell('txs with incomplete read sets'), num(l.incomplete_read_tx_count)],
    [cell('max worker idle'), num(l.max_worker_idle_percentage, 2, '%')],
    [cell('top-1 key share of conflicts'), num(c.top_1_conflict_percent, 3, '%')],
    [cell('top-5 key share of conflicts'), num(c.top_5_conflict_percent, 3, '%')],
    [cell('top-10 key share of conflicts'), num(c.top_10_conflict_percent, 3, '%')],
    [cell('read-after-write pairs'), num(e.read_after_write)],
    [cell('write-after-write pairs'), num(e.write_after_write)],
    [cell('write-after-read pairs'), num(e.write_after_read)],
  ]
  return section(
    'loss',
    'Parallelism Loss Decomposition',
    `${para(l.interpretation)}\n${para(`Edge types: ${e.counting}.`)}\n${table(['measure', 'value'], rows)}`,
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
