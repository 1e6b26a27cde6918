/**
 * One block's analysis reduced to its range summary: the sums, maxima and per-key counts the range
 * aggregates need, and nothing per transaction beyond the block's worst serializers. A summary is
 * a few kilobytes whatever the block's size, so a worker hands it back cheaply and a range keeps
 * it on disk for `--resume`.
 */
import type { BlockAnalysis } from './DossierBlock.ts'
import * as DossierRange from './DossierRange.ts'
import type { BlockSummary, SimulationSums } from './RangeTypes.ts'
import type { Simulation, Strategy } from './Simulation.ts'

/**
 * The shape of `BlockSummary`: a range's work directory records it, so `--resume` refuses a work
 * directory written with another one.
 */
export const FORMAT = 2

/**
 * The range summary of one analyzed block (`DossierBlock.analyze`).
 * @example const summary = RangeBlock.summarize(DossierBlock.analyze(input, workers))
 */
export function summarize(a: BlockAnalysis): BlockSummary {
  const { entry, block, graph } = a
  return {
    blockNumber: entry.block_number,
    packTxCount: block.txCount,
    sourceTxCount: block.sourceTxCount,
    txCount: entry.tx_count,
    gasComplete: a.gasComplete,
    gasUsed: entry.gas_used,
    totalAccesses: entry.total_accesses,
    pairCount: entry.conflict_pair_count,
    overlappingTxCount: entry.overlapping_tx_count,
    waveCount: entry.wave_count,
    maxWaveWidth: entry.max_wave_width,
    conflictPercentage: entry.conflict_percentage,
    ceilingByTx: entry.ceiling_by_tx,
    ceilingByGas: entry.ceiling_by_gas,
    gasCriticalPath: entry.gas_critical_path,
    durationPath: a.durationPath,
    gasNum: a.gasNum,
    gasDen: a.gasDen,
    feeCreditDropped: a.feeCreditDropped,
    incompleteTxCount: a.incompleteTxCount,
    edgeTypes: {
      raw: graph.edgeTypes.readAfterWrite,
      waw: graph.edgeTypes.writeAfterWrite,
      war: graph.edgeTypes.writeAfterRead,
      allThree: graph.edgeTypes.allThree,
    },
    simulations: {
      canonical: sums(a.simulations.canonical),
      gas_lpt: sums(a.simulations.gas_lpt),
      critical_path: sums(a.simulations.critical_path),
    } satisfies Record<Strategy, SimulationSums[]>,
    conflictKeys: graph.keyContributions.map((k) => [k.key, k.count] as const),
    worstTxs: DossierRange.worstTxs([a]),
    warnings: entry.warnings,
    ladder: a.ladder,
    savings: a.savings,
  }
}

function sums(runs: readonly Simulation[]): SimulationSums[] {
  return runs.map((r) => ({
    makespan: r.makespan,
    totalDuration: r.totalDuration,
    readyWait: r.readyWait,
    preservesDependencies: r.preservesDependencies,
  }))
}
