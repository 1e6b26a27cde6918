import type { AccessSets } from './AccessSets.ts'
import { conflictKeys } from './AccessSets.ts'
import { edgeTypesOf } from './ConflictGraph.ts'
import type { BlockAnalysis } from './DossierBlock.ts'
import type * as Pipeline from './Pipeline.ts'
import * as Sim from './Simulation.ts'

/**
 * Display data the HTML dossier needs beyond the dossier itself: the simulated per-tx schedule
 * (worker lane, start, end) and the conflict graph of the most connected txs. Same list-scheduling
 * rules as the worker simulation (docs/original-lab.md §6.2), plus a lane per running tx.
 */

/** Ready-queue priority, as in the scheduler ablation. */
export type Strategy = Sim.Strategy

/** One transaction of a block, in tx_index order (position = array index). */
export type TxInput = {
  readonly txIndex: number
  readonly txHash: string
  readonly gasUsed: number | null
  readonly wave: number
  /** Simulation duration: max(gas, 1) when the block has complete gas, else 1. */
  readonly durationUnits: number
}

/** One block to schedule: its txs and, per position, the earlier positions it waits for. */
export type BlockInput = {
  readonly blockNumber: number
  readonly txs: readonly TxInput[]
  readonly deps: readonly (readonly number[])[]
}

/** One scheduled tx; `start`/`end` are on the range timeline (blocks run back to back). */
export type Item = {
  readonly blockNumber: number
  readonly txIndex: number
  readonly txHash: string
  readonly gasUsed: number | null
  readonly wave: number
  readonly lane: number
  readonly start: number
  readonly end: number
}

/** A block's span on the range timeline. */
export type BlockSpan = {
  readonly blockNumber: number
  readonly start: number
  readonly end: number
}

/** A simulated schedule over a range. */
export type Schedule = {
  readonly workers: number
  readonly strategy: Strategy
  readonly makespan: number
  readonly blocks: readonly BlockSpan[]
  readonly items: readonly Item[]
}

/**
 * Simulates every block with `workers` lanes (list scheduling; a started tx takes the lowest free
 * lane) and lays the blocks back to back. Makespans equal the worker simulation's.
 * @example build([{ blockNumber: 1, txs, deps }], { workers: 4 })
 */
export function build(blocks: readonly BlockInput[], options: build.Options): Schedule {
  const { workers, strategy = 'canonical' } = options
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError('workers must be >= 1')
  const items: Item[] = []
  const spans: BlockSpan[] = []
  let offset = 0
  for (const block of blocks) {
    const makespan = simulateBlock(block, workers, strategy, offset, items)
    spans.push({ blockNumber: block.blockNumber, start: offset, end: offset + makespan })
    offset += makespan
  }
  return { workers, strategy, makespan: offset, blocks: spans, items }
}

export declare namespace build {
  type Options = { readonly workers: number; readonly strategy?: Strategy | undefined }
}

/**
 * Runs the worker simulation (`Simulation.run`) on one block and gives each started tx the lowest
 * free lane, in the order the simulation started them; returns the block's makespan.
 */
function simulateBlock(
  block: BlockInput,
  workers: number,
  strategy: Strategy,
  offset: number,
  out: Item[],
): number {
  const duration = block.txs.map((tx) => tx.durationUnits)
  const sim = Sim.run({ txCount: block.txs.length, deps: block.deps }, duration, workers, strategy)
  lay(block, sim, workers, offset, out)
  return sim.makespan
}

/** Gives each tx of a simulated block the lowest free lane, in the order the simulation started them. */
function lay(
  block: BlockInput,
  sim: Sim.Simulation,
  workers: number,
  offset: number,
  out: Item[],
): void {
  const laneFree = new Array<number>(workers).fill(0)
  for (const pos of sim.order) {
    const start = sim.starts[pos]!
    const end = start + block.txs[pos]!.durationUnits
    const lane = laneFree.findIndex((free) => free <= start)
    laneFree[lane] = end
    out.push(item(block, pos, lane, offset + start, offset + end))
  }
}

function item(block: BlockInput, pos: number, lane: number, start: number, end: number): Item {
  const tx = block.txs[pos]!
  const { txIndex, txHash, gasUsed, wave } = tx
  return { blockNumber: block.blockNumber, txIndex, txHash, gasUsed, wave, lane, start, end }
}

/** A tx of a block for the conflict-graph view. */
export type GraphTxInput = {
  readonly txIndex: number
  readonly txHash: string
  readonly wave: number
  readonly conflictDegree: number
}

/** One block for the conflict-graph view: txs in tx_index order with their access sets. */
export type GraphBlockInput = {
  readonly blockNumber: number
  readonly txs: readonly GraphTxInput[]
  readonly sets: readonly AccessSets[]
}

/** A node of the conflict-graph view; `id` is `<block>:<tx_index>`. */
export type Node = {
  readonly id: string
  readonly blockNumber: number
  readonly txIndex: number
  readonly txHash: string
  readonly wave: number
  readonly conflictDegree: number
}

/** A conflict between two shown txs of one block, with its dependency types and key count. */
export type Edge = {
  readonly source: string
  readonly target: string
  readonly types: readonly ('raw' | 'waw' | 'war')[]
  readonly keyCount: number
}

/** The conflict graph restricted to the most connected txs. */
export type Graph = {
  readonly limit: number
  readonly nodes: readonly Node[]
  readonly edges: readonly Edge[]
}

/**
 * Picks the `limit` txs with the highest conflict degree (ties: block, then tx_index ascending)
 * and returns every conflict among them, edges ordered by (source, target) position.
 */
export function graph(blocks: readonly GraphBlockInput[], options: graph.Options = {}): Graph {
  const { limit = 40 } = options
  const candidates: { block: GraphBlockInput; pos: number }[] = []
  for (const block of blocks) {
    block.txs.forEach((tx, pos) => {
      if (tx.conflictDegree > 0) candidates.push({ block, pos })
    })
  }
  candidates.sort((a, b) => {
    const ta = a.block.txs[a.pos]!
    const tb = b.block.txs[b.pos]!
    return (
      tb.conflictDegree - ta.conflictDegree ||
      a.block.blockNumber - b.block.blockNumber ||
      ta.txIndex - tb.txIndex
    )
  })
  const chosen = candidates.slice(0, limit)
  chosen.sort((a, b) => a.block.blockNumber - b.block.blockNumber || a.pos - b.pos)
  const nodes = chosen.map(({ block, pos }) => toNode(block, pos))
  const edges: Edge[] = []
  for (let i = 0; i < chosen.length; i++) {
    for (let j = i + 1; j < chosen.length; j++) {
      const a = chosen[i]!
      const b = chosen[j]!
      if (a.block !== b.block) continue
      const keys = conflictKeys(a.block.sets[a.pos]!, b.block.sets[b.pos]!)
      if (keys.length === 0) continue
      const types = edgeTypesOf(a.block.sets[a.pos]!, b.block.sets[b.pos]!)
      edges.push({ source: nodes[i]!.id, target: nodes[j]!.id, types, keyCount: keys.length })
    }
  }
  return { limit, nodes, edges }
}

export declare namespace graph {
  type Options = { readonly limit?: number | undefined }
}

function toNode(block: GraphBlockInput, pos: number): Node {
  const tx = block.txs[pos]!
  return {
    id: `${block.blockNumber}:${tx.txIndex}`,
    blockNumber: block.blockNumber,
    txIndex: tx.txIndex,
    txHash: tx.txHash,
    wave: tx.wave,
    conflictDegree: tx.conflictDegree,
  }
}

/**
 * Both display inputs for an analyzed pack, read from its block analyses: the simulated schedule
 * (the simulation the analysis already ran at `workers`, default the largest simulated count; any
 * other count is simulated here) and the conflict graph of the most connected txs.
 * @example const { schedule, graph } = Schedule.fromResult(Pipeline.run(input, { workers }))
 */
export function fromResult(
  result: Pick<Pipeline.Result, 'workers' | 'blocks'>,
  options: fromResult.Options = {},
): { schedule: Schedule; graph: Graph } {
  const { workers = Math.max(1, ...result.workers), strategy = 'canonical', limit = 40 } = options
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError('workers must be >= 1')
  const at = result.workers.indexOf(workers)
  const items: Item[] = []
  const spans: BlockSpan[] = []
  let offset = 0
  for (const a of result.blocks) {
    const input = scheduleInput(a)
    const sim =
      at >= 0 ? a.simulations[strategy][at]! : Sim.run(a.graph, a.durations, workers, strategy)
    lay(input, sim, workers, offset, items)
    spans.push({ blockNumber: input.blockNumber, start: offset, end: offset + sim.makespan })
    offset += sim.makespan
  }
  const graphInputs = result.blocks.map((a) => ({
    blockNumber: a.block.blockNumber,
    txs: a.entry.tx_summaries.map((t) => ({
      txIndex: t.tx_index,
      txHash: t.tx_hash,
      wave: t.wave,
      conflictDegree: t.conflict_degree,
    })),
    sets: a.sets,
  }))
  return {
    schedule: { workers, strategy, makespan: offset, blocks: spans, items },
    graph: graph(graphInputs, { limit }),
  }
}

export declare namespace fromResult {
  type Options = {
    readonly workers?: number | undefined
    readonly strategy?: Strategy | undefined
    readonly limit?: number | undefined
  }
}

/** A block analysis as schedule input: waves and durations from its dossier entry, gas from the pack. */
function scheduleInput(a: BlockAnalysis): BlockInput {
  const gasByIndex = new Map(a.block.transactions.map((tx) => [tx.txIndex, tx.gasUsed]))
  const txs = a.entry.tx_summaries.map((t) => ({
    txIndex: t.tx_index,
    txHash: t.tx_hash,
    gasUsed: gasByIndex.get(t.tx_index) ?? null,
    wave: t.wave,
    durationUnits: t.duration_units,
  }))
  return { blockNumber: a.block.blockNumber, txs, deps: a.graph.deps }
}
