import type * as Key from '../trace/Key.ts'
import type { HotContract, HotKey, HotSlot } from './Hotspots.ts'
import type { Strategy } from './Simulation.ts'

/**
 * The trace-pack dossier (`trace-pack-dossier-v1`, docs/original-lab.md §7.1). Field names and
 * order are the report's JSON; fields after `warnings` (edge types, fee-recipient handling) are
 * additions.
 */

/** Pair counts per dependency type (a pair with several types counts in each). */
export type ConflictEdgeTypes = {
  read_after_write: number
  write_after_write: number
  write_after_read: number
  counting: string
  /**
   * Addition: pairs that are of all three types at once (both txs read and write a shared key, as
   * in a balance or counter update); when it equals the pair count, the three counts above are equal.
   */
  all_three_types: number
}

/** One worker-count row of the canonical simulation. */
export type WorkerSimulationRow = {
  workers: number
  makespan: number
  speedup_vs_one_worker: number
  idle_percentage: number
  critical_path_bound: number
  interpretation: string
}

/** One (strategy, workers) row of the scheduler ablation. */
export type SchedulerAblationRow = {
  strategy: Strategy
  workers: number
  makespan: number
  speedup_vs_canonical_one_worker: number
  idle_percentage: number
  ready_queue_wait_units: number
  critical_path_bound: number
  improvement_vs_canonical_percent: number
  preserves_dependencies: boolean
  interpretation: string
}

/** Per-tx summary inside a block entry. */
export type DossierTxSummary = {
  tx_index: number
  tx_hash: string
  wave: number
  conflict_degree: number
  duration_units: number
}

/** Per-block entry. */
export type DossierBlock = {
  block_number: number
  tx_count: number
  source_tx_count: number | null
  tx_coverage_percentage: number | null
  gas_used: number | null
  total_accesses: number
  conflict_pair_count: number
  conflict_percentage: number
  overlapping_tx_count: number
  overlapping_tx_percentage: number
  gas_weighted_conflict_percentage: number | null
  wave_count: number
  max_wave_width: number
  critical_path_length: number
  gas_critical_path: number | null
  ceiling_by_tx: number
  ceiling_by_gas: number | null
  top_hot_slots: HotSlot[]
  top_hot_contracts: HotContract[]
  worker_simulation: WorkerSimulationRow[]
  tx_summaries: DossierTxSummary[]
  warnings: string[]
  conflict_edge_types: ConflictEdgeTypes
  /** Addition: the hottest keys, storage slots and account-level keys together (`key_type`). */
  top_hot_keys: HotKey[]
  /** Addition (issue 15): what each execution model could reach on this block's accesses. */
  execution_ladder: ExecutionLadder
  /** Addition (issue 15): the ceiling if each of the block's hot keys stopped conflicting. */
  what_if_hot_keys: WhatIfRow[]
}

/** One rung of the execution ladder: its critical path and gas ceiling (null without gas). */
export type LadderRung = {
  /** Gas of the longest dependency chain under the rung's rules (BAL-parallel: the longest tx). */
  gas_critical_path: number | null
  /** Total gas / `gas_critical_path`. */
  ceiling_by_gas: number | null
}

/** BAL-parallel with a bounded number of workers: the simulated makespan and its ceiling. */
export type LadderWorkers = {
  workers: number
  /** Makespan of the workers taking transactions in index order (no dependencies). */
  makespan: number | null
  /** Total gas / makespan. */
  ceiling_by_gas: number | null
}

/**
 * The execution ladder (issue 15): gas ceilings of the observed accesses under each execution
 * model, from the strictest to the most permissive (the rungs' assumptions: `LadderNote`).
 */
export type ExecutionLadder = {
  every_conflict: LadderRung
  lazy_fee_recipient: LadderRung
  lazy_balance_credits: LadderRung & {
    /** (transaction, balance) changes treated as commutative credits. */
    credit_count: number
  }
  bal_parallel: LadderRung & { workers: LadderWorkers[] }
}

/** What one rung assumes (one sentence), in ladder order. */
export type LadderNote = { rung: number; name: string; assumes: string }

/** The pack's ladder: the rungs over every block (blocks back to back) and what each assumes. */
export type PackLadder = ExecutionLadder & { rungs: LadderNote[] }

/** The ceiling if one hot key's conflicts vanished (its edges removed, the critical path recomputed). */
export type WhatIfRow = {
  key: string
  key_type: Key.Type
  address: string
  address_label: string
  conflict_contribution: number
  /** Blocks whose critical path gets shorter without the key's conflicts. */
  blocks_shortened: number
  /** The gas critical path without the key's conflicts (null without gas). */
  gas_critical_path: number | null
  ceiling_by_gas: number | null
  /** (ceiling without the key / ceiling with it − 1) × 100. */
  ceiling_gain_percent: number | null
}

/** One measured parallel run of a block (from a `replay` JSON report). */
export type MeasuredRun = {
  engine: 'block-stm' | 'bal-parallel'
  threads: number
  /** The report's own sequential replay of the block. */
  sequential_ns: number
  execution_ns: number
  speedup_vs_sequential: number
  /** `equal`, or what went otherwise (`fallback`, `planned-sequential`, `invalid-bal`, …). */
  status: string
}

/** One engine at one thread count over every measured block of the pack. */
export type MeasuredTotal = {
  engine: MeasuredRun['engine']
  threads: number
  blocks: number
  /** Blocks whose run was `equal` (ran in parallel and matched the sequential replay). */
  equal_blocks: number
  sequential_ns: number
  execution_ns: number
  /** Σ sequential / Σ parallel time. */
  speedup_vs_sequential: number
}

/**
 * Rung 5 of the ladder: Block-STM and BAL-parallel as measured by `replay` (timings). Never part
 * of `deterministic_hash`.
 */
export type MeasuredExecution = {
  note: string
  /** The reports read, as given on the command line. */
  reports: { file: string; data: string; chain: string }[]
  totals: MeasuredTotal[]
  blocks: { block_number: number; runs: MeasuredRun[] }[]
  /** Blocks the reports measured that the pack does not hold (ignored). */
  blocks_not_in_pack: number
}

/** Top-N share of conflict (pair, key) incidences. */
export type ContentionConcentration = {
  top_1_conflict_percent: number
  top_5_conflict_percent: number
  top_10_conflict_percent: number
}

/** Where parallelism is lost. */
export type LossDecomposition = {
  hot_slot_conflict_contributions: number
  account_level_conflict_contributions: number
  /** Count of range warning LINES containing "incomplete" (kept for compatibility; see next field). */
  unknown_incomplete_trace_warning_count: number
  max_worker_idle_percentage: number
  interpretation: string
  /** Addition: transactions whose read set is marked incomplete (a tx count, not a line count). */
  incomplete_read_tx_count: number
}

/** Row of the worst-block lists. */
export type WorstBlock = {
  block_number: number
  tx_count: number
  conflict_pair_count: number
  conflict_percentage: number
  gas_weighted_critical_path: number | null
}

/** Row of the worst serializing transactions list. */
export type WorstTx = {
  block_number: number
  tx_index: number
  tx_hash: string
  wave: number
  conflict_degree: number
  duration_units: number
}

/** Grouped warning line. */
export type WarningSummaryEntry = { warning: string; count: number }

/** Addition: what the pack's tracer can and cannot see (`trace/TracerCoverage.ts`). */
export type TracerCoverage = {
  tracer_kind: string
  /** False: read sets are marked incomplete and conflicts are lower bounds. */
  reads_complete: boolean
  sees: string
  cannot_see: string
}

/** Fee-recipient (FEE_CREDIT) handling: excluded from conflicts by default. */
export type FeeRecipientHandling = {
  accesses: 'excluded' | 'included'
  excluded_access_count: number
}

/** The whole dossier. */
export type Dossier = {
  report_version: 'trace-pack-dossier-v1'
  chain: string
  provenance: string
  source: string
  tracer_kind: string
  start_block: number
  end_block: number
  block_count: number
  tx_count: number
  source_tx_count: number | null
  tx_coverage_percentage: number | null
  total_gas_used: number | null
  total_accesses: number
  unique_contracts: number
  unique_storage_slots: number
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
  top_hot_contracts: HotContract[]
  top_hot_storage_slots: HotSlot[]
  contention_concentration: ContentionConcentration
  parallelism_loss_decomposition: LossDecomposition
  worst_blocks_by_conflict_percentage: WorstBlock[]
  worst_blocks_by_gas_weighted_critical_path: WorstBlock[]
  worst_serializing_txs: WorstTx[]
  worker_simulation: WorkerSimulationRow[]
  scheduler_ablation: SchedulerAblationRow[]
  blocks: DossierBlock[]
  warning_summary: WarningSummaryEntry[]
  warnings: string[]
  conflict_edge_types: ConflictEdgeTypes
  fee_recipient: FeeRecipientHandling
  /** Addition: the hottest keys, storage slots and account-level keys together (`key_type`). */
  top_hot_keys: HotKey[]
  /** Addition: what the tracer can and cannot see. */
  tracer_coverage: TracerCoverage
  /** Addition (issue 15): the execution ladder over the whole pack. */
  execution_ladder: PackLadder
  /** Addition (issue 15): the ceiling if each of the pack's top hot keys stopped conflicting. */
  what_if_hot_keys: WhatIfRow[]
  /** Addition (issue 15): measured runs (`--measured`), or null; timings, not in the hash. */
  measured_execution: MeasuredExecution | null
  deterministic_hash: string
}

/** JSON member names whose values are f64 (printed `100.0`). */
export const floatKeys: ReadonlySet<string> = new Set([
  'conflict_percentage',
  'tx_coverage_percentage',
  'overlapping_tx_percentage',
  'gas_weighted_conflict_percentage',
  'theoretical_parallelism_ceiling_by_tx',
  'theoretical_parallelism_ceiling_by_gas',
  'theoretical_parallelism_ceiling',
  'ceiling_by_tx',
  'ceiling_by_gas',
  'speedup_vs_one_worker',
  'idle_percentage',
  'speedup_vs_canonical_one_worker',
  'improvement_vs_canonical_percent',
  'top_1_conflict_percent',
  'top_5_conflict_percent',
  'top_10_conflict_percent',
  'max_worker_idle_percentage',
  'ceiling_gain_percent',
  'speedup_vs_sequential',
])

/** Text of the `counting` field of edge-type counts. */
export const EDGE_COUNTING =
  'conflict pairs per dependency type; a pair with several types counts once in each'
