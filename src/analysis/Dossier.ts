import * as Hash from '../primitives/Hash.ts'
import * as Json from '../primitives/Json.ts'
import * as Order from '../primitives/Order.ts'
import type * as Labels from '../trace/Labels.ts'
import type * as TracePack from '../trace/TracePack.ts'
import * as TracerCoverage from '../trace/TracerCoverage.ts'
import type { BlockAnalysis } from './DossierBlock.ts'
import * as Block from './DossierBlock.ts'
import * as Range from './DossierRange.ts'
import type { Dossier, FeeRecipientHandling, MeasuredExecution } from './DossierTypes.ts'
import { EDGE_COUNTING, floatKeys } from './DossierTypes.ts'
import * as Hotspots from './Hotspots.ts'
import * as Ladder from './Ladder.ts'
import * as WhatIf from './WhatIf.ts'

export type * from './DossierTypes.ts'

/** Input of a dossier build: the pack's manifest and every block, already analyzed. */
export type Input = {
  readonly manifest: TracePack.Manifest
  /** Each block analyzed (`DossierBlock.analyze`) with `workers`. */
  readonly blocks: readonly BlockAnalysis[]
  /** The normalized worker counts the blocks were analyzed with (`Simulation.normalizeWorkers`). */
  readonly workers: readonly number[]
  readonly feeRecipient: FeeRecipientHandling['accesses']
  /** Rows of the range's hot tables (default `RANGE_TOP`). */
  readonly top?: number | undefined
  /** Measured runs (`Measured.build`), kept out of the hash; default none. */
  readonly measured?: MeasuredExecution | null | undefined
}

/** Rows of the range's hot tables unless told otherwise. */
export const RANGE_TOP = 10

/** Range warning added when the converter dropped fee-recipient credits. */
export const FEE_EXCLUDED_WARNING =
  'fee-recipient balance credits (FEE_CREDIT) are excluded from conflicts; rerun with --include-fee-recipient to count them'

/** Range warning when any block lacks gas. */
export const GAS_MISSING_WARNING =
  'one or more blocks/transactions are missing gas; gas-weighted range metrics are unavailable'

/**
 * Aggregates analyzed blocks into the contention dossier of a range (pure; blocks were analyzed
 * independently and run back to back). Labels are applied afterwards (`withLabels`).
 */
export function build(input: Input): Dossier {
  const { manifest, workers, blocks: analyses, top = RANGE_TOP } = input
  const gasAll = analyses.every((a) => a.gasComplete)
  const txCount = sum(analyses, (a) => a.entry.tx_count)
  const anySource = analyses.some((a) => a.block.sourceTxCount !== null)
  const sourceTxCount = anySource
    ? sum(analyses, (a) => a.block.sourceTxCount ?? a.block.txCount)
    : null
  const hot = Hotspots.create()
  for (const a of analyses) Hotspots.merge(hot, a.hot)
  const pairs = sum(analyses, (a) => a.entry.conflict_pair_count)
  const possible = sum(analyses, (a) => pairsOf(a.entry.tx_count))
  const overlapping = sum(analyses, (a) => a.entry.overlapping_tx_count)
  const txPath = sum(analyses, (a) => a.entry.critical_path_length)
  const gasPath = gasAll ? sum(analyses, (a) => a.durationPath) : null
  const totalGas = gasAll ? sum(analyses, (a) => a.entry.gas_used ?? 0) : null
  const gasDen = sum(analyses, (a) => a.gasDen)
  const feeDropped = sum(analyses, (a) => a.feeCreditDropped)
  const warnings = rangeWarnings(input.manifest, analyses, gasAll, feeDropped)
  const simulation = Range.workerSimulation(analyses, workers)
  const keyCounts = Hotspots.keyCounts(hot)
  const dossier: Dossier = {
    report_version: 'trace-pack-dossier-v1',
    chain: manifest.chain,
    provenance: manifest.provenance,
    source: manifest.source,
    tracer_kind: manifest.tracerKind,
    start_block: manifest.startBlock,
    end_block: manifest.endBlock,
    block_count: analyses.length,
    tx_count: txCount,
    source_tx_count: sourceTxCount,
    tx_coverage_percentage: sourceTxCount === null ? null : Block.percent(txCount, sourceTxCount),
    total_gas_used: totalGas,
    total_accesses: sum(analyses, (a) => a.entry.total_accesses),
    unique_contracts: hot.contracts.size,
    unique_storage_slots: hot.slots.size,
    conflict_pair_count: pairs,
    conflict_percentage: Block.percent(pairs, possible),
    overlapping_tx_count: overlapping,
    overlapping_tx_percentage: Block.percent(overlapping, txCount),
    wave_count: sum(analyses, (a) => a.entry.wave_count),
    max_wave_width: Math.max(0, ...analyses.map((a) => a.entry.max_wave_width)),
    gas_weighted_conflict_percentage:
      gasAll && gasDen > 0 ? (sum(analyses, (a) => a.gasNum) / gasDen) * 100 : null,
    critical_path_length_by_tx: txPath,
    gas_weighted_critical_path: gasPath,
    theoretical_parallelism_ceiling_by_tx: txPath === 0 ? 0 : txCount / txPath,
    theoretical_parallelism_ceiling_by_gas:
      gasPath !== null && gasPath > 0 && totalGas !== null ? totalGas / gasPath : null,
    top_hot_contracts: Hotspots.topContracts(hot, top, gasAll),
    top_hot_storage_slots: Hotspots.topSlots(hot, top, gasAll),
    contention_concentration: Range.concentration(keyCounts),
    parallelism_loss_decomposition: Range.lossDecomposition(
      keyCounts,
      warnings,
      simulation,
      sum(analyses, (a) => a.incompleteTxCount),
    ),
    worst_blocks_by_conflict_percentage: Range.worstByConflict(analyses),
    worst_blocks_by_gas_weighted_critical_path: Range.worstByGasPath(analyses),
    worst_serializing_txs: Range.worstTxs(analyses),
    worker_simulation: simulation,
    scheduler_ablation: Range.schedulerAblation(analyses, workers),
    blocks: analyses.map((a) => a.entry),
    warning_summary: Range.summarizeWarnings(warnings, txCount),
    warnings,
    conflict_edge_types: {
      read_after_write: sum(analyses, (a) => a.graph.edgeTypes.readAfterWrite),
      write_after_write: sum(analyses, (a) => a.graph.edgeTypes.writeAfterWrite),
      write_after_read: sum(analyses, (a) => a.graph.edgeTypes.writeAfterRead),
      counting: EDGE_COUNTING,
      all_three_types: sum(analyses, (a) => a.graph.edgeTypes.allThree),
    },
    fee_recipient: { accesses: input.feeRecipient, excluded_access_count: feeDropped },
    top_hot_keys: Hotspots.topKeys(hot, top, gasAll),
    tracer_coverage: coverageOf(manifest.tracerKind),
    execution_ladder: ladderOf(analyses, workers),
    what_if_hot_keys: whatIfOf(analyses, hot),
    measured_execution: input.measured ?? null,
    deterministic_hash: '',
  }
  return withHash(dossier)
}

/**
 * Sets every hot-contract `label` and hot-slot and hot-key `address_label` (range and blocks) from `labels`
 * (`unknown` where none) and recomputes the hash. Metrics never change.
 */
export function withLabels(dossier: Dossier, labels: Labels.Labels): Dossier {
  const map = new Map(labels)
  const name = (address: string) => map.get(address.toLowerCase()) ?? 'unknown'
  const contracts = (rows: Dossier['top_hot_contracts']) =>
    rows.map((r) => ({ ...r, label: name(r.address) }))
  const slots = (rows: Dossier['top_hot_storage_slots']) =>
    rows.map((r) => ({ ...r, address_label: name(r.address) }))
  const keys = (rows: Dossier['top_hot_keys']) =>
    rows.map((r) => ({ ...r, address_label: name(r.address) }))
  const whatIf = (rows: Dossier['what_if_hot_keys']) =>
    rows.map((r) => ({ ...r, address_label: name(r.address) }))
  return withHash({
    ...dossier,
    top_hot_contracts: contracts(dossier.top_hot_contracts),
    top_hot_storage_slots: slots(dossier.top_hot_storage_slots),
    blocks: dossier.blocks.map((b) => ({
      ...b,
      top_hot_contracts: contracts(b.top_hot_contracts),
      top_hot_slots: slots(b.top_hot_slots),
      top_hot_keys: keys(b.top_hot_keys),
      what_if_hot_keys: whatIf(b.what_if_hot_keys),
    })),
    top_hot_keys: keys(dossier.top_hot_keys),
    what_if_hot_keys: whatIf(dossier.what_if_hot_keys),
  })
}

/**
 * Returns a copy with `deterministic_hash` = FNV-1a-64 of the compact JSON with the hash set to ""
 * and `measured_execution` (timings) set to null.
 */
export function withHash(dossier: Dossier): Dossier {
  const blank = { ...dossier, measured_execution: null, deterministic_hash: '' }
  const text = Json.stringify(blank as unknown as Json.Value, { pretty: false, floatKeys })
  return { ...dossier, deterministic_hash: Hash.ofString(text) }
}

/** Pretty JSON text of a dossier (serde_json layout, no trailing newline). */
export function toJson(dossier: Dossier): string {
  return Json.stringify(dossier as unknown as Json.Value, { floatKeys })
}

function rangeWarnings(
  manifest: TracePack.Manifest,
  analyses: readonly BlockAnalysis[],
  gasAll: boolean,
  feeDropped: number,
): string[] {
  const out = new Set<string>(manifest.warnings)
  for (const { entry } of analyses) {
    for (const w of entry.warnings) out.add(`block ${entry.block_number}: ${w}`)
  }
  if (!gasAll) out.add(GAS_MISSING_WARNING)
  if (feeDropped > 0) out.add(FEE_EXCLUDED_WARNING)
  return [...out].sort(Order.strings)
}

/** The pack's ladder: every block's rungs summed (blocks run back to back). */
function ladderOf(analyses: readonly BlockAnalysis[], workers: readonly number[]) {
  let sums = Ladder.emptySums(workers.length)
  for (const a of analyses) sums = Ladder.add(sums, a.ladder, a.entry.gas_used)
  return Ladder.pack(sums, workers)
}

/** The pack's "what if" rows: its top hot keys (at most `WhatIf.PACK_ROWS`). */
function whatIfOf(analyses: readonly BlockAnalysis[], hot: Hotspots.Accumulator) {
  const acc = WhatIf.create()
  for (const a of analyses) WhatIf.add(acc, a.durationPath, a.entry.gas_used, a.savings)
  const keys = Hotspots.topKeyIds(hot, WhatIf.PACK_ROWS).map((k) => ({ ...k, label: 'unknown' }))
  return WhatIf.rows(acc, keys)
}

function coverageOf(tracerKind: string): Dossier['tracer_coverage'] {
  const c = TracerCoverage.of(tracerKind)
  return {
    tracer_kind: c.tracerKind,
    reads_complete: c.readsComplete,
    sees: c.sees,
    cannot_see: c.cannotSee,
  }
}

function sum<T>(items: readonly T[], pick: (item: T) => number): number {
  let total = 0
  for (const item of items) total += pick(item)
  return total
}

function pairsOf(n: number): number {
  return n < 2 ? 0 : (n * (n - 1)) / 2
}
