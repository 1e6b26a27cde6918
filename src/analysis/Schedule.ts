import * as Key from '../trace/Key.ts'
import type * as Labels from '../trace/Labels.ts'
import { conflictKeys } from './AccessSets.ts'
import type { BlockAnalysis } from './DossierBlock.ts'
import * as Explain from './Explain.ts'
import type * as Pipeline from './Pipeline.ts'
import * as Sim from './Simulation.ts'

/**
 * Display data the HTML dossier needs beyond the dossier itself: the simulated per-tx schedule
 * (worker lane, start, end) and the critical chain. Same list-scheduling
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

/** One tx of the critical chain, on the chain's timeline (its longest-path start and end). */
export type ChainLink = {
  readonly txIndex: number
  readonly txHash: string
  readonly wave: number
  readonly start: number
  readonly end: number
  /**
   * The key it waits on for the previous link (display text, `Key.toText`): of the keys the two
   * share, the one with the most conflict incidences in the block; null at the root.
   */
  readonly key: string | null
  /** Label of the key's address (null: none, or at the root). */
  readonly keyLabel: string | null
  /** How many keys the two links share (0 at the root). */
  readonly keyCount: number
}

/**
 * The critical chain of the block with the longest duration-weighted critical path: its
 * transactions from the root to the deepest tx, each from its earliest start to its end.
 */
export type Chain = {
  readonly blockNumber: number
  /** The chain's length: the block's duration-weighted critical path. */
  readonly length: number
  readonly unit: 'gas' | 'tx'
  readonly links: readonly ChainLink[]
}

/**
 * The critical chain of an analyzed pack (null when no block has a transaction): in the block with
 * the longest duration-weighted critical path (ties: the first), from the deepest tx (ties: the
 * lowest tx_index) back to a root along `Explain`'s chain.
 */
export function chain(blocks: readonly BlockAnalysis[], labels: Labels.Labels = []): Chain | null {
  const names = new Map(labels)
  let block: BlockAnalysis | undefined
  for (const a of blocks) {
    if (a.depth.length > 0 && (block === undefined || a.durationPath > block.durationPath))
      block = a
  }
  if (block === undefined) return null
  const a = block
  let deepest = 0
  a.depth.forEach((d, i) => {
    if (d > a.depth[deepest]!) deepest = i
  })
  const contribution = new Map(a.graph.keyContributions.map((k) => [k.key, k.count]))
  const steps = Explain.walk(a, deepest)
  const links = steps.reverse().map((step): ChainLink => {
    const summary = a.entry.tx_summaries[step.position]!
    const keys =
      step.waitsFor === null ? [] : conflictKeys(a.sets[step.waitsFor]!, a.sets[step.position]!)
    let best: string | null = null
    for (const k of keys) {
      if (best === null || (contribution.get(k) ?? 0) > (contribution.get(best) ?? 0)) best = k
    }
    return {
      txIndex: summary.tx_index,
      txHash: summary.tx_hash,
      wave: summary.wave,
      start: a.depth[step.position]! - a.durations[step.position]!,
      end: a.depth[step.position]!,
      key: best === null ? null : Key.toText(best),
      keyLabel: best === null ? null : (names.get(Key.addressOf(best)) ?? null),
      keyCount: keys.length,
    }
  })
  return {
    blockNumber: a.block.blockNumber,
    length: a.durationPath,
    unit: a.gasComplete ? 'gas' : 'tx',
    links,
  }
}

/**
 * Both display inputs for an analyzed pack, read from its block analyses: the simulated schedule
 * (the simulation the analysis already ran at `workers`, default the largest simulated count; any
 * other count is simulated here) and the critical chain.
 * @example const { schedule, chain } = Schedule.fromResult(Pipeline.run(input, { workers }))
 */
export function fromResult(
  result: Pick<Pipeline.Result, 'workers' | 'blocks' | 'labels'>,
  options: fromResult.Options = {},
): { schedule: Schedule; chain: Chain | null } {
  const { workers = Math.max(1, ...result.workers), strategy = 'canonical' } = options
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
  return {
    schedule: { workers, strategy, makespan: offset, blocks: spans, items },
    chain: chain(result.blocks, result.labels),
  }
}

export declare namespace fromResult {
  type Options = {
    readonly workers?: number | undefined
    readonly strategy?: Strategy | undefined
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
