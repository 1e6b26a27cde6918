import * as Order from '../primitives/Order.ts'
import type { BlockTrace } from '../trace/BlockTrace.ts'
import type * as TracePack from '../trace/TracePack.ts'
import type { AccessSets } from './AccessSets.ts'
import * as Sets from './AccessSets.ts'
import type { ConflictGraph } from './ConflictGraph.ts'
import * as Graph from './ConflictGraph.ts'
import * as CriticalPath from './CriticalPath.ts'
import type { DossierBlock, WorkerSimulationRow } from './DossierTypes.ts'
import { EDGE_COUNTING } from './DossierTypes.ts'
import * as Hotspots from './Hotspots.ts'
import * as Ladder from './Ladder.ts'
import type { Simulation, Strategy } from './Simulation.ts'
import * as Sim from './Simulation.ts'
import * as Waves from './Waves.ts'
import * as WhatIf from './WhatIf.ts'

/** One block of a pack with its normalized trace (built by the trace layer's converter). */
export type BlockInput = {
  readonly block: TracePack.Block
  readonly trace: BlockTrace
  /** FEE_CREDIT accesses the converter dropped from this block (0 when included). */
  readonly feeCreditDropped: number
}

/**
 * A block's analysis: its dossier entry, and everything the entry was computed from, kept so that
 * schedules, charts, hints and `explain` read it instead of recomputing it.
 */
export type BlockAnalysis = {
  readonly block: TracePack.Block
  readonly trace: BlockTrace
  readonly feeCreditDropped: number
  readonly entry: DossierBlock
  /** Per position (tx_index order): the tx's read and write keys. */
  readonly sets: readonly AccessSets[]
  readonly graph: ConflictGraph
  readonly gas: readonly (number | null)[]
  readonly durations: readonly number[]
  readonly gasComplete: boolean
  readonly gasNum: number
  readonly gasDen: number
  /** Duration-weighted critical path (gas if complete, unit otherwise). */
  readonly durationPath: number
  /** Per position: the longest duration-weighted path ending at the tx. */
  readonly depth: readonly number[]
  /** Per strategy, per normalized worker count (same order). */
  readonly simulations: Readonly<Record<Strategy, readonly Simulation[]>>
  readonly hot: Hotspots.Accumulator
  readonly incompleteTxCount: number
  /** The execution ladder's critical paths and makespans (`Ladder.ts`). */
  readonly ladder: Ladder.Block
  /** Keys whose removal shortens the critical path, by how much (`WhatIf.ts`). */
  readonly savings: WhatIf.Savings
}

/** Rows of a block's hot tables unless `analyze` is told otherwise. */
export const BLOCK_TOP = 5

/**
 * Analyzes one block independently (no cross-block conflicts); its hot tables keep `top` rows.
 */
export function analyze(
  input: BlockInput,
  workers: readonly number[],
  top: number = BLOCK_TOP,
): BlockAnalysis {
  const { block, trace, feeCreditDropped } = input
  const sets = Sets.fromTrace(trace)
  const graph = Graph.build(sets)
  const gasByIndex = new Map(block.transactions.map((tx) => [tx.txIndex, tx.gasUsed]))
  const gas = trace.transactions.map((tx) => gasByIndex.get(tx.txIndex) ?? null)
  const gasComplete = block.totalGasUsed !== null && gas.every((g) => g !== null)
  const durations = gas.map((g) => (gasComplete ? Math.max(g ?? 0, 1) : 1))
  const critical = CriticalPath.build(graph, durations)
  const simulations = {
    canonical: workers.map((w) => Sim.run(graph, durations, w, 'canonical')),
    gas_lpt: workers.map((w) => Sim.run(graph, durations, w, 'gas_lpt')),
    critical_path: workers.map((w) => Sim.run(graph, durations, w, 'critical_path')),
  }
  const hot = Hotspots.create()
  Hotspots.add(hot, sets, gas, graph.keyContributions)
  const analysis = {
    block,
    trace,
    ladder: Ladder.analyze(block, trace, durations, workers),
    savings: WhatIf.analyze({
      sets,
      graph,
      depth: critical.depth,
      durations,
      durationPath: critical.length,
    }),
    feeCreditDropped,
    sets,
    graph,
    gas,
    durations,
    gasComplete,
    ...gasWeights(graph, gas, gasComplete),
    durationPath: critical.length,
    depth: critical.depth,
    simulations,
    hot,
    incompleteTxCount: trace.transactions.filter((tx) => !tx.readInfoComplete).length,
  }
  return { ...analysis, entry: entryOf(analysis, Waves.build(graph), top, workers) }
}

/**
 * The gas-weighted conflict parts: Σ over txs of degree × gas (each conflicting pair weighs
 * g_i + g_j) over (n − 1) × Σ gas (every pair); both 0 without complete gas.
 */
function gasWeights(
  graph: ConflictGraph,
  gas: readonly (number | null)[],
  gasComplete: boolean,
): { gasNum: number; gasDen: number } {
  if (!gasComplete) return { gasNum: 0, gasDen: 0 }
  let gasNum = 0
  let gasSum = 0
  gas.forEach((g, i) => {
    gasNum += graph.degree[i]! * (g ?? 0)
    gasSum += g ?? 0
  })
  return { gasNum, gasDen: Math.max(graph.txCount - 1, 0) * gasSum }
}

/** The block's dossier entry, from its analysis. */
function entryOf(
  a: Omit<BlockAnalysis, 'entry'>,
  waves: Waves.Waves,
  top: number,
  workers: readonly number[],
): DossierBlock {
  const { block, trace, graph, gasComplete, gasNum, gasDen, durationPath: path, hot } = a
  const gas = gasComplete ? block.totalGasUsed : null
  const n = trace.transactions.length
  const txPath = waves.waves.length
  const overlapping = graph.overlapping.filter(Boolean).length
  const source = block.sourceTxCount
  return {
    block_number: block.blockNumber,
    tx_count: n,
    source_tx_count: source,
    tx_coverage_percentage: source === null ? null : percent(n, source),
    gas_used: gas,
    total_accesses: trace.transactions.reduce((s, tx) => s + tx.accesses.length, 0),
    conflict_pair_count: graph.pairCount,
    conflict_percentage: percent(graph.pairCount, Graph.possiblePairs(n)),
    overlapping_tx_count: overlapping,
    overlapping_tx_percentage: percent(overlapping, n),
    gas_weighted_conflict_percentage: gasComplete && gasDen > 0 ? (gasNum / gasDen) * 100 : null,
    wave_count: txPath,
    max_wave_width: waves.maxWidth,
    critical_path_length: txPath,
    gas_critical_path: gasComplete ? path : null,
    ceiling_by_tx: txPath === 0 ? 0 : n / txPath,
    ceiling_by_gas: gasComplete && path > 0 ? (block.totalGasUsed ?? 0) / path : null,
    top_hot_slots: Hotspots.topSlots(hot, top, gasComplete),
    top_hot_contracts: Hotspots.topContracts(hot, top, gasComplete),
    worker_simulation: simulationRows(a.simulations.canonical, path),
    tx_summaries: trace.transactions.map((tx, i) => ({
      tx_index: tx.txIndex,
      tx_hash: tx.txHash,
      wave: waves.waveOf[i]!,
      conflict_degree: graph.degree[i]!,
      duration_units: a.durations[i]!,
    })),
    warnings: blockWarnings(trace),
    conflict_edge_types: {
      read_after_write: graph.edgeTypes.readAfterWrite,
      write_after_write: graph.edgeTypes.writeAfterWrite,
      write_after_read: graph.edgeTypes.writeAfterRead,
      counting: EDGE_COUNTING,
      all_three_types: graph.edgeTypes.allThree,
    },
    top_hot_keys: Hotspots.topKeys(hot, top, gasComplete),
    execution_ladder: Ladder.entry(a.ladder, gas, workers),
    what_if_hot_keys: whatIf(a, gas, top),
  }
}

/** The block's "what if" rows: its top hot keys, each with the ceiling without its conflicts. */
function whatIf(a: Omit<BlockAnalysis, 'entry'>, gas: number | null, top: number) {
  const acc = WhatIf.create()
  WhatIf.add(acc, a.durationPath, gas, a.savings)
  const keys = Hotspots.topKeyIds(a.hot, top).map((k) => ({ ...k, label: 'unknown' }))
  return WhatIf.rows(acc, keys)
}

/** Canonical simulation rows: speedup vs the W=1 row, interpretation against `bound`. */
export function simulationRows(
  runs: readonly { workers: number; makespan: number; idlePercentage: number }[],
  bound: number,
): WorkerSimulationRow[] {
  const one = runs.find((r) => r.workers === 1)?.makespan ?? 0
  return runs.map((r) => ({
    workers: r.workers,
    makespan: r.makespan,
    speedup_vs_one_worker: r.makespan === 0 ? 0 : one / r.makespan,
    idle_percentage: r.idlePercentage,
    critical_path_bound: bound,
    interpretation: interpretSimulation(r.makespan, bound, r.idlePercentage),
  }))
}

/** Interpretation text of a worker-simulation row. */
export function interpretSimulation(makespan: number, bound: number, idle: number): string {
  if (makespan === bound) return 'dependency-bound: makespan is at the critical-path lower bound'
  if (idle < 5.0) return 'worker-bound: workers stay mostly occupied under observed dependencies'
  return 'mixed dependency/worker-bound: dependencies and idle capacity both matter'
}

/** `part / whole × 100`, 0 when whole is 0. */
export function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : (part / whole) * 100
}

function blockWarnings(trace: BlockTrace): string[] {
  const out = new Set<string>()
  const render = (w: { txIndex: number | null; message: string }) =>
    w.txIndex === null ? w.message : `tx_index ${w.txIndex}: ${w.message}`
  for (const w of trace.warnings) out.add(render(w))
  for (const tx of trace.transactions) for (const w of tx.warnings) out.add(render(w))
  return [...out].sort(Order.strings)
}
