import * as Fmt from '../primitives/Fmt.ts'
import * as Key from '../trace/Key.ts'
import type { KeyContribution } from './ConflictGraph.ts'
import type { BlockAnalysis } from './DossierBlock.ts'
import * as Block from './DossierBlock.ts'
import type {
  ContentionConcentration,
  LossDecomposition,
  SchedulerAblationRow,
  WarningSummaryEntry,
  WorkerSimulationRow,
  WorstBlock,
  WorstTx,
} from './DossierTypes.ts'
import type { SimulationSums } from './RangeTypes.ts'
import * as Sim from './Simulation.ts'
import * as Warnings from './Warnings.ts'

/**
 * Range canonical simulation: Σ block makespans and durations per W. The bound is Σ block
 * duration-weighted critical paths in the same units the makespans use (fixes the original's
 * mixed-gas unit mismatch; identical to it when all or no blocks have gas).
 */
export function workerSimulation(
  analyses: readonly BlockAnalysis[],
  workers: readonly number[],
): WorkerSimulationRow[] {
  return workerSimulationOf(scheduleSums(analyses, workers.length), workers)
}

/** Strategy-major ablation rows, accumulated over blocks per (strategy, W). */
export function schedulerAblation(
  analyses: readonly BlockAnalysis[],
  workers: readonly number[],
): SchedulerAblationRow[] {
  return schedulerAblationOf(scheduleSums(analyses, workers.length), workers)
}

/**
 * Schedules summed over blocks: Σ duration-weighted critical paths (`bound`) and, per strategy and
 * worker count, Σ makespan, Σ duration, Σ ready wait and whether every block preserved its
 * dependencies. Range rows are functions of these sums only, so a streaming range keeps the sums.
 */
export type ScheduleSums = {
  readonly bound: number
  readonly byStrategy: Readonly<Record<Sim.Strategy, readonly SimulationSums[]>>
}

/** The schedule sums of analyzed blocks (`workerCount` normalized worker counts each). */
export function scheduleSums(
  analyses: readonly BlockAnalysis[],
  workerCount: number,
): ScheduleSums {
  const sums = (s: Sim.Strategy) =>
    Array.from({ length: workerCount }, (_, i) => ({
      makespan: total(analyses, (a) => a.simulations[s][i]!.makespan),
      totalDuration: total(analyses, (a) => a.simulations[s][i]!.totalDuration),
      readyWait: total(analyses, (a) => a.simulations[s][i]!.readyWait),
      preservesDependencies: analyses.every((a) => a.simulations[s][i]!.preservesDependencies),
    }))
  return {
    bound: total(analyses, (a) => a.durationPath),
    byStrategy: {
      canonical: sums('canonical'),
      gas_lpt: sums('gas_lpt'),
      critical_path: sums('critical_path'),
    },
  }
}

/** The canonical simulation rows of schedule sums. */
export function workerSimulationOf(
  sums: ScheduleSums,
  workers: readonly number[],
): WorkerSimulationRow[] {
  const runs = workers.map((w, i) => {
    const { makespan, totalDuration } = sums.byStrategy.canonical[i]!
    return { workers: w, makespan, idlePercentage: Sim.idle(makespan, w, totalDuration) }
  })
  return Block.simulationRows(runs, sums.bound)
}

/** The strategy-major ablation rows of schedule sums. */
export function schedulerAblationOf(
  sums: ScheduleSums,
  workers: readonly number[],
): SchedulerAblationRow[] {
  const { bound, byStrategy } = sums
  const baseline = byStrategy.canonical[0]!.makespan
  const rows: SchedulerAblationRow[] = []
  for (const strategy of Sim.strategies) {
    workers.forEach((w, i) => {
      const { makespan, totalDuration, readyWait, preservesDependencies } = byStrategy[strategy][i]!
      const canonical = byStrategy.canonical[i]!.makespan
      const improvement = canonical === 0 ? 0 : ((canonical - makespan) / canonical) * 100
      rows.push({
        strategy,
        workers: w,
        makespan,
        speedup_vs_canonical_one_worker: makespan === 0 ? 0 : baseline / makespan,
        idle_percentage: Sim.idle(makespan, w, totalDuration),
        ready_queue_wait_units: readyWait,
        critical_path_bound: bound,
        improvement_vs_canonical_percent: improvement,
        preserves_dependencies: preservesDependencies,
        interpretation: interpretAblation(strategy, makespan, bound, canonical, improvement),
      })
    })
  }
  return rows
}

/** Share of conflict incidences held by the top 1/5/10 keys. */
export function concentration(keyCounts: readonly KeyContribution[]): ContentionConcentration {
  const all = total(keyCounts, (k) => k.count)
  const top = (n: number) =>
    all === 0 ? 0 : (total(keyCounts.slice(0, n), (k) => k.count) / all) * 100
  return {
    top_1_conflict_percent: top(1),
    top_5_conflict_percent: top(5),
    top_10_conflict_percent: top(10),
  }
}

/** Where the parallelism goes: storage vs account-level conflict incidences, incompleteness, idle. */
export function lossDecomposition(
  keyCounts: readonly KeyContribution[],
  warnings: readonly string[],
  simulation: readonly WorkerSimulationRow[],
  incompleteTxCount: number,
): LossDecomposition {
  const storage = keyCounts.filter((k) => Key.typeOf(k.key) === 'storage')
  const account = keyCounts.filter((k) => Key.typeOf(k.key) !== 'storage')
  return {
    hot_slot_conflict_contributions: total(storage, (k) => k.count),
    account_level_conflict_contributions: total(account, (k) => k.count),
    unknown_incomplete_trace_warning_count: warnings.filter((w) => w.includes('incomplete')).length,
    max_worker_idle_percentage: simulation[simulation.length - 1]?.idle_percentage ?? 0,
    interpretation:
      'Loss decomposition is based on observed conflict keys and theoretical list scheduling; incomplete traces can hide additional dependencies.',
    incomplete_read_tx_count: incompleteTxCount,
  }
}

/** Top 5 blocks by conflict percentage (desc), then block number. */
export function worstByConflict(analyses: readonly BlockAnalysis[]): WorstBlock[] {
  return analyses
    .map(worstRow)
    .sort(
      (a, b) => b.conflict_percentage - a.conflict_percentage || a.block_number - b.block_number,
    )
    .slice(0, 5)
}

/** Top 5 blocks by gas-weighted critical path (desc, null as 0), then block number. */
export function worstByGasPath(analyses: readonly BlockAnalysis[]): WorstBlock[] {
  const path = (r: WorstBlock) => r.gas_weighted_critical_path ?? 0
  return analyses
    .map(worstRow)
    .sort((a, b) => path(b) - path(a) || a.block_number - b.block_number)
    .slice(0, 5)
}

/** Top 10 txs with conflicts: degree desc, duration desc, block asc, tx_index asc. */
export function worstTxs(analyses: readonly BlockAnalysis[]): WorstTx[] {
  const rows: WorstTx[] = []
  for (const { entry } of analyses) {
    for (const tx of entry.tx_summaries) {
      if (tx.conflict_degree > 0) rows.push({ block_number: entry.block_number, ...tx })
    }
  }
  return rows
    .sort(
      (a, b) =>
        b.conflict_degree - a.conflict_degree ||
        b.duration_units - a.duration_units ||
        a.block_number - b.block_number ||
        a.tx_index - b.tx_index,
    )
    .slice(0, 10)
}

/** Warning summary for the dossier. */
export function summarizeWarnings(
  warnings: readonly string[],
  txCount: number,
): WarningSummaryEntry[] {
  return Warnings.summarize(warnings, txCount)
}

function worstRow({ entry }: BlockAnalysis): WorstBlock {
  return {
    block_number: entry.block_number,
    tx_count: entry.tx_count,
    conflict_pair_count: entry.conflict_pair_count,
    conflict_percentage: entry.conflict_percentage,
    gas_weighted_critical_path: entry.gas_critical_path,
  }
}

function interpretAblation(
  strategy: Sim.Strategy,
  makespan: number,
  bound: number,
  canonical: number,
  improvement: number,
): string {
  if (makespan === bound) return 'at critical-path lower bound under observed dependencies'
  if (strategy === 'canonical') return 'baseline canonical tx-order ready queue'
  if (makespan < canonical)
    return `${strategy} improves the observed schedule by ${fixed2(improvement)}% vs canonical at the same worker count`
  return `${strategy} does not improve canonical order for this observed dependency graph`
}

function fixed2(x: number): string {
  return Fmt.fixed(x, 2)
}

function total<T>(items: readonly T[], pick: (item: T) => number): number {
  let out = 0
  for (const item of items) out += pick(item)
  return out
}
