import type { Dossier, SchedulerAblationRow } from '../analysis/Dossier.ts'
import * as Fmt from '../primitives/Fmt.ts'
import { code, keyKind, times } from './Text.ts'

/**
 * Optimization memo (docs/original-lab.md §7.8), generated from the dossier's numbers with
 * templated prose: no number in it is typed by hand.
 */
export function render(d: Dossier): string {
  return [
    `# Optimization Memo: ${d.chain} blocks ${d.start_block}-${d.end_block}\n\n`,
    'Generated from `dossier.json` by `parallel-evm-lab`; every figure below is read from the dossier.\n\n',
    dataset(d),
    headline(d),
    criticalPath(d),
    concentration(d),
    recommendations(d),
    '## What This Does Not Prove\n\nThese are observed-access, theoretical list-scheduling results: not production TPS, not Ggas/s, not a full EVM replay, and observed access hints are not complete access lists. Incomplete traces can hide dependencies, so conflict figures are lower bounds.\n',
  ].join('')
}

function dataset(d: Dossier): string {
  const coverage =
    d.source_tx_count !== null && d.tx_coverage_percentage !== null
      ? ` covering ${d.tx_count} of ${d.source_tx_count} source transactions (${Fmt.fixed(d.tx_coverage_percentage, 3)}%)`
      : ''
  return (
    '## Dataset And Provenance\n\n' +
    `${d.block_count} block(s), ${d.tx_count} transactions${coverage}, ${d.total_accesses} observed accesses. ` +
    `Provenance: ${code(d.provenance)}; source ${code(d.source)}; tracer ${code(d.tracer_kind)}, which sees ${d.tracer_coverage.sees}` +
    `${d.tracer_coverage.reads_complete ? '' : ' (read sets incomplete: conflicts are lower bounds)'}. ` +
    `Fee-recipient credits are ${d.fee_recipient.accesses} (${d.fee_recipient.excluded_access_count} excluded).\n\n`
  )
}

function headline(d: Dossier): string {
  const possible = d.blocks.reduce((s, b) => s + (b.tx_count * (b.tx_count - 1)) / 2, 0)
  const e = d.conflict_edge_types
  return (
    '## Headline Finding\n\n' +
    `${Fmt.fixed(d.overlapping_tx_percentage, 3)}% of transactions share at least one key with another transaction of their block, ` +
    `but only ${d.conflict_pair_count} of ${possible} possible within-block pairs (${Fmt.fixed(d.conflict_percentage, 3)}%) conflict through a write.\n\n` +
    '## Overlap Vs Serialization\n\n' +
    'Overlap counts read/read sharing, which never serializes execution; conflict pairs need a write on a shared key. ' +
    `By type: ${e.read_after_write} read-after-write, ${e.write_after_write} write-after-write and ${e.write_after_read} write-after-read pairs (a pair can have several types). ` +
    `The dependency graph has ${d.wave_count} wave(s) with a widest wave of ${d.max_wave_width} transactions.\n\n`
  )
}

function criticalPath(d: Dossier): string {
  const gas =
    d.theoretical_parallelism_ceiling_by_gas === null
      ? 'Gas is missing, so gas-weighted bounds are unavailable and schedules use one unit per transaction. '
      : `The gas-weighted critical path is ${d.gas_weighted_critical_path} of ${d.total_gas_used} gas: a theoretical ceiling of ${times(d.theoretical_parallelism_ceiling_by_gas)} however many workers run. `
  const best = bestRow(d.scheduler_ablation, 'critical_path')
  const lpt = best
    ? d.scheduler_ablation.find((r) => r.strategy === 'gas_lpt' && r.workers === best.workers)
    : undefined
  const ablation =
    best === undefined || best.improvement_vs_canonical_percent <= 0
      ? 'Critical-path priority does not improve on canonical order at any simulated worker count for this dependency graph.'
      : `Critical-path priority shortens the makespan by ${Fmt.fixed(best.improvement_vs_canonical_percent, 3)}% vs canonical order at ${best.workers} workers` +
        (lpt === undefined
          ? '.'
          : `, while longest-gas-first changes it by ${Fmt.fixed(lpt.improvement_vs_canonical_percent, 3)}% (negative = worse): long transactions are not necessarily the ones that unlock dependent chains.`)
  return `## Critical Path And Scheduler Ablation\n\nThe tx-count ceiling is ${times(d.theoretical_parallelism_ceiling_by_tx)}. ${gas}${ablation}\n\n`
}

function concentration(d: Dossier): string {
  const c = d.top_hot_contracts[0]
  const s = d.top_hot_storage_slots[0]
  const k = d.top_hot_keys[0]
  const cc = d.contention_concentration
  const l = d.parallelism_loss_decomposition
  const contract =
    c === undefined
      ? 'No contract was touched.'
      : `The hottest contract is ${code(c.address)} (${c.label}): ${c.touching_txs} transactions, ${c.unique_slots} slots, ${c.conflict_contribution} conflict (pair, key) incidences over all its keys.`
  const key =
    k === undefined || k.conflict_contribution === 0
      ? ''
      : ` The hottest key is ${code(k.key)} (${keyKind(k.key_type)} of ${k.address_label}): ${k.touching_txs} transactions, ${k.conflict_contribution} conflict incidences (${Fmt.fixed(cc.top_1_conflict_percent, 3)}% of all).`
  const slot =
    s === undefined
      ? ''
      : ` The hottest storage slot is ${code(s.key)} under ${s.address_label}: ${s.touching_txs} transactions, ${s.conflict_contribution} conflict incidences.`
  return (
    '## Hot-State Concentration\n\n' +
    `${contract}${key}${slot} The top 1 / 5 / 10 conflict keys hold ${Fmt.fixed(cc.top_1_conflict_percent, 3)}% / ${Fmt.fixed(cc.top_5_conflict_percent, 3)}% / ${Fmt.fixed(cc.top_10_conflict_percent, 3)}% of conflict (pair, key) incidences; ` +
    `account-level keys hold ${l.account_level_conflict_contributions} of them and storage slots ${l.hot_slot_conflict_contributions}.\n\n`
  )
}

function recommendations(d: Dossier): string {
  const cc = d.contention_concentration
  const items = [
    cc.top_10_conflict_percent >= 50
      ? `Access-set prediction for recurring hot contracts: the top 10 keys hold ${Fmt.fixed(cc.top_10_conflict_percent, 3)}% of conflict incidences.`
      : `Conflicts are spread out (top 10 keys hold ${Fmt.fixed(cc.top_10_conflict_percent, 3)}%), so per-key prediction helps less than broad speculation.`,
    'Hot-slot- and critical-path-aware ready queues, checked against the scheduler ablation above.',
    'Targeted speculation around the invalidating keys listed in the dossier, instead of re-executing whole waves.',
    `State prefetch, read coalescing and batch caching for the ${d.overlapping_tx_count} overlapping transactions, whose shared reads do not serialize.`,
  ]
  return `## Optimization Recommendations\n\n${items.map((i) => `- ${i}\n`).join('')}\n`
}

function bestRow(
  rows: readonly SchedulerAblationRow[],
  strategy: SchedulerAblationRow['strategy'],
): SchedulerAblationRow | undefined {
  let best: SchedulerAblationRow | undefined
  for (const r of rows) {
    if (r.strategy !== strategy) continue
    if (
      best === undefined ||
      r.improvement_vs_canonical_percent > best.improvement_vs_canonical_percent
    )
      best = r
  }
  return best
}
