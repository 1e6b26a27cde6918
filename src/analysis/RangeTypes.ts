import type * as Key from '../trace/Key.ts'
import type {
  ConflictEdgeTypes,
  ContentionConcentration,
  FeeRecipientHandling,
  LossDecomposition,
  MeasuredExecution,
  PackLadder,
  SchedulerAblationRow,
  WarningSummaryEntry,
  WhatIfRow,
  WorkerSimulationRow,
  WorstBlock,
  WorstTx,
} from './DossierTypes.ts'
import type * as Ladder from './Ladder.ts'
import type { Strategy } from './Simulation.ts'
import type * as WhatIf from './WhatIf.ts'

/**
 * The range dossier (`trace-pack-range-v1`): what a range of any length comes to, built from
 * per-block summaries as they stream in, so its size does not grow with the number of blocks.
 * Fields from `tx_count` to `fee_recipient` have the names, meaning and values of the
 * `trace-pack-dossier-v1` fields of the same name (the in-memory dossier of the same blocks), but
 * for `warning_summary`, which also groups block-level lines by message (`<n> of <blocks> blocks:
 * <message>`, numbers in the message blanked to `N`) where the dossier lists one line per block.
 */

/** One simulated schedule reduced to the sums range rows need. */
export type SimulationSums = {
  readonly makespan: number
  readonly totalDuration: number
  readonly readyWait: number
  readonly preservesDependencies: boolean
}

/**
 * One analyzed block reduced to what the range aggregates need: plain JSON, so it crosses the
 * worker-thread boundary and is kept on disk for `--resume`.
 */
export type BlockSummary = {
  readonly blockNumber: number
  /** The pack's `tx_count` and `source_tx_count` (null when omitted). */
  readonly packTxCount: number
  readonly sourceTxCount: number | null
  readonly txCount: number
  readonly gasComplete: boolean
  readonly gasUsed: number | null
  readonly totalAccesses: number
  readonly pairCount: number
  readonly overlappingTxCount: number
  readonly waveCount: number
  readonly maxWaveWidth: number
  readonly conflictPercentage: number
  readonly ceilingByTx: number
  readonly ceilingByGas: number | null
  readonly gasCriticalPath: number | null
  /** Duration-weighted critical path (gas when complete, unit otherwise). */
  readonly durationPath: number
  readonly gasNum: number
  readonly gasDen: number
  readonly feeCreditDropped: number
  readonly incompleteTxCount: number
  readonly edgeTypes: {
    readonly raw: number
    readonly waw: number
    readonly war: number
    readonly allThree: number
  }
  /** Per strategy, per normalized worker count. */
  readonly simulations: Readonly<Record<Strategy, readonly SimulationSums[]>>
  /** Keys in at least one conflicting pair, in key order, with their pair counts. */
  readonly conflictKeys: readonly (readonly [key: Key.Id, count: number])[]
  /** The block's worst serializing txs (at most 10, the dossier's order). */
  readonly worstTxs: readonly WorstTx[]
  /** The block entry's warning lines. */
  readonly warnings: readonly string[]
  /** The execution ladder's critical paths and makespans. */
  readonly ladder: Ladder.Block
  /** Keys whose removal shortens the block's critical path, by how much. */
  readonly savings: WhatIf.Savings
}

/** A block left out of the range (`--skip-invalid-blocks`): its number, file and problems. */
export type SkippedBlock = {
  readonly block_number: number
  readonly file: string
  /** Problem count; `issues` lists at most the first five. */
  readonly issue_count: number
  readonly issues: readonly string[]
}

/** Percentiles (nearest rank) and an equal-width histogram of one per-block metric. */
export type Distribution = {
  metric: string
  unit: string
  /** Blocks with a value (gas metrics skip blocks without gas). */
  count: number
  min: number | null
  p10: number | null
  p25: number | null
  p50: number | null
  p75: number | null
  p90: number | null
  p99: number | null
  max: number | null
  mean: number | null
  /** `edges` has one more entry than `counts`; bin i is [edges[i], edges[i+1]) (last bin closed). */
  histogram: { edges: number[]; counts: number[] }
}

/** One point of the time series: consecutive blocks (pack order) averaged. */
export type SeriesPoint = {
  first_block: number
  last_block: number
  blocks: number
  ceiling_by_gas_mean: number | null
  ceiling_by_gas_min: number | null
  ceiling_by_tx_mean: number
  conflict_percentage_mean: number
  gas_used_mean: number | null
  gas_critical_path_mean: number | null
  tx_count_mean: number
}

/** The time series over block number, at most `MAX_SERIES_POINTS` points. */
export type TimeSeries = {
  /** Blocks per point (1 up to `MAX_SERIES_POINTS` blocks). */
  bucket_blocks: number
  points: SeriesPoint[]
}

/** Hot state across the range: one contract or key that took part in conflicts. */
export type HotEntry = {
  /** Contract address, or the key's display text (`storage:<address>:<slot>`, `balance:<address>`, …). */
  key: string
  address: string
  label: string
  /** Conflict (pair, key) incidences summed over the range. */
  conflict_contribution: number
  /** Blocks in which it took part in a conflict. */
  conflict_blocks: number
  /** Blocks in which it had the largest conflict contribution (ties: key order). */
  top_serializer_blocks: number
  first_block: number
  last_block: number
}

/** The range dossier. */
export type RangeDossier = {
  report_version: 'trace-pack-range-v1'
  chain: string
  provenance: string
  source: string
  tracer_kind: string
  start_block: number
  end_block: number
  /** Blocks the manifest names (the range, or `block_numbers` of a sparse pack). */
  pack_block_count: number
  block_count: number
  /** Blocks left out: invalid block files (`--skip-invalid-blocks`) and blocks with no file. */
  skipped_block_count: number
  /** Of those, blocks the manifest names that have no file. */
  missing_block_count: number
  tx_count: number
  source_tx_count: number | null
  tx_coverage_percentage: number | null
  total_gas_used: number | null
  total_accesses: number
  conflict_pair_count: number
  conflict_percentage: number
  overlapping_tx_count: number
  overlapping_tx_percentage: number
  wave_count: number
  max_wave_width: number
  gas_weighted_conflict_percentage: number | null
  critical_path_length_by_tx: number
  gas_weighted_critical_path: number | null
  theoretical_parallelism_ceiling_by_tx: number
  theoretical_parallelism_ceiling_by_gas: number | null
  contention_concentration: ContentionConcentration
  parallelism_loss_decomposition: LossDecomposition
  worst_blocks_by_conflict_percentage: WorstBlock[]
  worst_blocks_by_gas_weighted_critical_path: WorstBlock[]
  worst_serializing_txs: WorstTx[]
  worker_simulation: WorkerSimulationRow[]
  scheduler_ablation: SchedulerAblationRow[]
  warning_summary: WarningSummaryEntry[]
  conflict_edge_types: ConflictEdgeTypes
  fee_recipient: FeeRecipientHandling
  distributions: Distribution[]
  time_series: TimeSeries
  /** Contracts by conflict contribution (at most `HOT_LIMIT`). */
  hot_contracts: HotEntry[]
  /** Keys by conflict contribution (at most `HOT_LIMIT`). */
  hot_keys: HotEntry[]
  /** Contracts by the number of blocks they serialized most (at most `HOT_LIMIT`). */
  top_serializing_contracts: HotEntry[]
  /** Keys by the number of blocks they serialized most (at most `HOT_LIMIT`). */
  top_serializing_keys: HotEntry[]
  /** Distinct contracts and keys that took part in a conflict somewhere in the range. */
  conflicting_contract_count: number
  conflicting_key_count: number
  /** Skipped blocks by number: every invalid file, and the first missing ones (20 at most). */
  skipped_blocks: SkippedBlock[]
  /** Range-level warnings (manifest, missing gas, fee credits); per-block lines are summarized above. */
  warnings: string[]
  /** The execution ladder over the range (the dossier's `execution_ladder`). */
  execution_ladder: PackLadder
  /** The ceiling if each of the first `WhatIf.PACK_ROWS` `hot_keys` stopped conflicting. */
  what_if_hot_keys: WhatIfRow[]
  /** Measured runs (`--measured`), or null; timings, not in the hash. */
  measured_execution: MeasuredExecution | null
  deterministic_hash: string
}

/** Rows kept per hot-state list. */
export const HOT_LIMIT = 25

/** Most points of the time series; longer ranges average consecutive blocks. */
export const MAX_SERIES_POINTS = 500

/** Bins of every histogram. */
export const HISTOGRAM_BINS = 20
