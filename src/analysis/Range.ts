/**
 * The range dossier, built incrementally: `add` takes one block summary at a time (in pack order)
 * and keeps only sums, maxima, the few worst blocks and transactions, the conflicting state
 * (`RangeHot`) and a handful of numbers per block (`RangeStats`); `build` turns that into the
 * `trace-pack-range-v1` report. Every field it shares with `trace-pack-dossier-v1` is computed
 * exactly as `Dossier.build` computes it from the same blocks held in memory.
 */
import * as Hash from '../primitives/Hash.ts'
import * as Json from '../primitives/Json.ts'
import * as Key from '../trace/Key.ts'
import type * as Labels from '../trace/Labels.ts'
import type * as TracePack from '../trace/TracePack.ts'
import * as Block from './DossierBlock.ts'
import * as DossierRange from './DossierRange.ts'
import type { FeeRecipientHandling, MeasuredExecution } from './DossierTypes.ts'
import { floatKeys as dossierFloatKeys, EDGE_COUNTING } from './DossierTypes.ts'
import * as Ladder from './Ladder.ts'
import type * as Measured from './Measured.ts'
import * as RangeHot from './RangeHot.ts'
import * as RangeStats from './RangeStats.ts'
import type { BlockSummary, RangeDossier, SimulationSums, SkippedBlock } from './RangeTypes.ts'
import { HOT_LIMIT } from './RangeTypes.ts'
import * as RangeWarnings from './RangeWarnings.ts'
import * as RangeWorst from './RangeWorst.ts'
import * as Sim from './Simulation.ts'
import * as WhatIf from './WhatIf.ts'

export type * from './RangeTypes.ts'

/** What a range is built over. */
export type Input = {
  readonly manifest: TracePack.Manifest
  /** Normalized simulated worker counts (`Simulation.normalizeWorkers`) the blocks used. */
  readonly workers: readonly number[]
  readonly feeRecipient: FeeRecipientHandling['accesses']
  /** Blocks the manifest names (present or not). */
  readonly packBlockCount: number
  /** Blocks the manifest names that have no file (left out). */
  readonly missingBlockCount: number
}

const totalKeys = [
  'txCount',
  'sourceTxCount',
  'pairs',
  'possible',
  'overlapping',
  'txPath',
  'durationPath',
  'gasUsed',
  'accesses',
  'waves',
  'maxWidth',
  'gasNum',
  'gasDen',
  'feeDropped',
  'incomplete',
  'raw',
  'waw',
  'war',
  'allThree',
] as const

type Totals = Record<(typeof totalKeys)[number], number>

/** Mutable accumulator (local to one range build). */
export type Accumulator = {
  readonly input: Input
  readonly totals: Totals
  readonly flags: { blocks: number; gasAll: boolean; anySource: boolean }
  readonly schedules: Record<Sim.Strategy, SimulationSums[]>
  readonly hot: RangeHot.Accumulator
  readonly columns: RangeStats.Columns
  readonly worst: RangeWorst.Worst
  readonly warnings: RangeWarnings.Accumulator
  readonly skipped: SkippedBlock[]
  /** Invalid block files left out (`skipped` also lists missing blocks). */
  invalidCount: number
  /** The execution ladder summed over the blocks so far. */
  ladder: Ladder.Sums
  readonly whatIf: WhatIf.Accumulator
}

/** An empty range. */
export function create(input: Input): Accumulator {
  const zero = () => input.workers.map(() => emptySums())
  return {
    input,
    totals: Object.fromEntries(totalKeys.map((k) => [k, 0])) as Totals,
    flags: { blocks: 0, gasAll: true, anySource: false },
    schedules: { canonical: zero(), gas_lpt: zero(), critical_path: zero() },
    hot: RangeHot.create(),
    columns: RangeStats.columns(),
    worst: RangeWorst.create(),
    warnings: RangeWarnings.create(input.manifest.warnings),
    skipped: [],
    invalidCount: 0,
    ladder: Ladder.emptySums(input.workers.length),
    whatIf: WhatIf.create(),
  }
}

/** Adds one block's summary; blocks must come in pack order. */
export function add(acc: Accumulator, s: BlockSummary): void {
  const t = acc.totals
  acc.flags.blocks++
  acc.flags.gasAll &&= s.gasComplete
  acc.flags.anySource ||= s.sourceTxCount !== null
  t.txCount += s.txCount
  t.sourceTxCount += s.sourceTxCount ?? s.packTxCount
  t.pairs += s.pairCount
  t.possible += pairsOf(s.txCount)
  t.overlapping += s.overlappingTxCount
  t.txPath += s.waveCount
  t.durationPath += s.durationPath
  t.gasUsed += s.gasUsed ?? 0
  t.accesses += s.totalAccesses
  t.waves += s.waveCount
  t.maxWidth = Math.max(t.maxWidth, s.maxWaveWidth)
  t.gasNum += s.gasNum
  t.gasDen += s.gasDen
  t.feeDropped += s.feeCreditDropped
  t.incomplete += s.incompleteTxCount
  t.raw += s.edgeTypes.raw
  t.waw += s.edgeTypes.waw
  t.war += s.edgeTypes.war
  t.allThree += s.edgeTypes.allThree
  for (const strategy of Sim.strategies) addSums(acc.schedules[strategy], s.simulations[strategy])
  RangeHot.add(acc.hot, s.blockNumber, s.conflictKeys)
  addColumns(acc.columns, s)
  RangeWorst.add(acc.worst, s)
  RangeWarnings.add(acc.warnings, s.blockNumber, s.warnings)
  acc.ladder = Ladder.add(acc.ladder, s.ladder, s.gasUsed)
  WhatIf.add(acc.whatIf, s.durationPath, s.gasUsed, s.savings)
}

/** The blocks added so far (number and gas; no hash), for `Measured.build`. */
export function packBlocks(acc: Accumulator): Measured.PackBlock[] {
  const { blockNumber, gasUsed } = acc.columns
  return blockNumber.map((number, i) => ({ number, hash: null, gasUsed: gasUsed[i] ?? null }))
}

/** Records an invalid block file left out of the range. */
export function skip(acc: Accumulator, block: SkippedBlock): void {
  acc.skipped.push(block)
  acc.invalidCount++
}

/** Lists a block with no file (the count is `Input.missingBlockCount`; list at most 20). */
export function missing(acc: Accumulator, block: SkippedBlock): void {
  acc.skipped.push(block)
}

/**
 * The range dossier of everything added so far, labelled and hashed; `measured` (timings) is
 * carried as given and left out of the hash.
 */
export function build(
  acc: Accumulator,
  labels: Labels.Labels = [],
  measured: MeasuredExecution | null = null,
): RangeDossier {
  const { input, totals: t, flags } = acc
  const { manifest, workers } = input
  const gasAll = flags.gasAll
  const sourceTxCount = flags.anySource ? t.sourceTxCount : null
  const totalGas = gasAll ? t.gasUsed : null
  const gasPath = gasAll ? t.durationPath : null
  const { warnings, summary, incompleteLines } = RangeWarnings.build(acc.warnings, {
    gasAll,
    feeDropped: t.feeDropped,
    blocks: flags.blocks,
    txCount: t.txCount,
  })
  const sums = { bound: t.durationPath, byStrategy: acc.schedules }
  const simulation = DossierRange.workerSimulationOf(sums, workers)
  const keyCounts = RangeHot.keyCounts(acc.hot)
  const dossier: RangeDossier = {
    report_version: 'trace-pack-range-v1',
    chain: manifest.chain,
    provenance: manifest.provenance,
    source: manifest.source,
    tracer_kind: manifest.tracerKind,
    start_block: manifest.startBlock,
    end_block: manifest.endBlock,
    pack_block_count: input.packBlockCount,
    block_count: flags.blocks,
    skipped_block_count: acc.invalidCount + input.missingBlockCount,
    missing_block_count: input.missingBlockCount,
    tx_count: t.txCount,
    source_tx_count: sourceTxCount,
    tx_coverage_percentage: sourceTxCount === null ? null : Block.percent(t.txCount, sourceTxCount),
    total_gas_used: totalGas,
    total_accesses: t.accesses,
    conflict_pair_count: t.pairs,
    conflict_percentage: Block.percent(t.pairs, t.possible),
    overlapping_tx_count: t.overlapping,
    overlapping_tx_percentage: Block.percent(t.overlapping, t.txCount),
    wave_count: t.waves,
    max_wave_width: t.maxWidth,
    gas_weighted_conflict_percentage: gasAll && t.gasDen > 0 ? (t.gasNum / t.gasDen) * 100 : null,
    critical_path_length_by_tx: t.txPath,
    gas_weighted_critical_path: gasPath,
    theoretical_parallelism_ceiling_by_tx: t.txPath === 0 ? 0 : t.txCount / t.txPath,
    theoretical_parallelism_ceiling_by_gas:
      gasPath !== null && gasPath > 0 && totalGas !== null ? totalGas / gasPath : null,
    contention_concentration: DossierRange.concentration(keyCounts),
    parallelism_loss_decomposition: {
      ...DossierRange.lossDecomposition(keyCounts, [], simulation, t.incomplete),
      unknown_incomplete_trace_warning_count: incompleteLines,
    },
    worst_blocks_by_conflict_percentage: acc.worst.byConflict,
    worst_blocks_by_gas_weighted_critical_path: acc.worst.byGasPath,
    worst_serializing_txs: acc.worst.txs,
    worker_simulation: simulation,
    scheduler_ablation: DossierRange.schedulerAblationOf(sums, workers),
    warning_summary: summary,
    conflict_edge_types: {
      read_after_write: t.raw,
      write_after_write: t.waw,
      write_after_read: t.war,
      all_three_types: t.allThree,
      counting: EDGE_COUNTING,
    },
    fee_recipient: { accesses: input.feeRecipient, excluded_access_count: t.feeDropped },
    distributions: RangeStats.distributions(acc.columns),
    time_series: RangeStats.timeSeries(acc.columns),
    hot_contracts: RangeHot.contracts(acc.hot, 'contribution', HOT_LIMIT, labels),
    hot_keys: RangeHot.keys(acc.hot, 'contribution', HOT_LIMIT, labels),
    top_serializing_contracts: RangeHot.contracts(acc.hot, 'top-serializer', HOT_LIMIT, labels),
    top_serializing_keys: RangeHot.keys(acc.hot, 'top-serializer', HOT_LIMIT, labels),
    conflicting_contract_count: acc.hot.contracts.size,
    conflicting_key_count: acc.hot.keys.size,
    skipped_blocks: [...acc.skipped].sort((a, b) => a.block_number - b.block_number),
    warnings,
    execution_ladder: Ladder.pack(acc.ladder, workers),
    what_if_hot_keys: whatIf(acc, labels),
    measured_execution: measured,
    deterministic_hash: '',
  }
  return withHash(dossier)
}

/** JSON member names whose values are f64 (printed `100.0`). */
export const floatKeys: ReadonlySet<string> = new Set([
  ...dossierFloatKeys,
  'min',
  'p10',
  'p25',
  'p50',
  'p75',
  'p90',
  'p99',
  'max',
  'mean',
  'edges',
  'ceiling_by_gas_mean',
  'ceiling_by_gas_min',
  'ceiling_by_tx_mean',
  'conflict_percentage_mean',
  'gas_used_mean',
  'gas_critical_path_mean',
  'tx_count_mean',
])

/** Pretty JSON text of a range dossier (serde_json layout, no trailing newline). */
export function toJson(dossier: RangeDossier): string {
  return Json.stringify(dossier as unknown as Json.Value, { floatKeys })
}

/**
 * A copy with `deterministic_hash` = FNV-1a-64 of the compact JSON with the hash set to "" and
 * `measured_execution` (timings) set to null.
 */
function withHash(dossier: RangeDossier): RangeDossier {
  const blank = {
    ...dossier,
    measured_execution: null,
    deterministic_hash: '',
  } as unknown as Json.Value
  return {
    ...dossier,
    deterministic_hash: Hash.ofString(Json.stringify(blank, { pretty: false, floatKeys })),
  }
}

/** "What if" rows of the range's first `WhatIf.PACK_ROWS` hot keys (by contribution), labelled. */
function whatIf(acc: Accumulator, labels: Labels.Labels) {
  const names = new Map(labels)
  const keys = RangeHot.keyIds(acc.hot, 'contribution', WhatIf.PACK_ROWS).map((k) => ({
    ...k,
    label: names.get(Key.addressOf(k.id).toLowerCase()) ?? 'unknown',
  }))
  return WhatIf.rows(acc.whatIf, keys)
}

function addColumns(c: RangeStats.Columns, s: BlockSummary): void {
  c.blockNumber.push(s.blockNumber)
  c.txCount.push(s.txCount)
  c.gasUsed.push(s.gasUsed)
  c.conflictPercentage.push(s.conflictPercentage)
  c.ceilingByTx.push(s.ceilingByTx)
  c.ceilingByGas.push(s.ceilingByGas)
  c.gasCriticalPath.push(s.gasCriticalPath)
  c.criticalPathLength.push(s.waveCount)
}

function addSums(into: SimulationSums[], from: readonly SimulationSums[]): void {
  from.forEach((s, i) => {
    const t = into[i]!
    into[i] = {
      makespan: t.makespan + s.makespan,
      totalDuration: t.totalDuration + s.totalDuration,
      readyWait: t.readyWait + s.readyWait,
      preservesDependencies: t.preservesDependencies && s.preservesDependencies,
    }
  })
}

function emptySums(): SimulationSums {
  return { makespan: 0, totalDuration: 0, readyWait: 0, preservesDependencies: true }
}

function pairsOf(n: number): number {
  return n < 2 ? 0 : (n * (n - 1)) / 2
}
