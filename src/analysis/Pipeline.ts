/**
 * From a loaded trace pack to its analysis, once: each block is converted to its normalized trace
 * and analyzed (access sets, conflict graph, waves, critical path, simulated schedules), the
 * dossier is aggregated from those block analyses and labelled, and the block analyses are
 * returned beside it. Every consumer (reports, charts, schedules, access hints, `explain`) reads
 * the result; nothing downstream rebuilds access sets or graphs.
 *
 * Callers: `demo`, `analyze-trace-pack`, `recommend-access-lists`, `explain`, `bench-trace-pack`,
 * `bench-evm-block`, and any command that makes a pack in memory (load it with `trace/Dir.ts` and
 * `trace/Labels.ts`, or build it, then call `run`; render with `report/Format.ts`).
 */
import type * as Labels from '../trace/Labels.ts'
import * as Normalized from '../trace/Normalized.ts'
import type * as TracePack from '../trace/TracePack.ts'
import * as Dossier from './Dossier.ts'
import type { BlockAnalysis, BlockInput } from './DossierBlock.ts'
import * as DossierBlock from './DossierBlock.ts'
import * as Simulation from './Simulation.ts'

/** A pack's analysis: the labelled dossier and every block's analysis, in pack order. */
export type Result = {
  readonly manifest: TracePack.Manifest
  /** Normalized worker counts (1 first); `blocks[i].simulations[s][j]` ran with `workers[j]`. */
  readonly workers: readonly number[]
  readonly dossier: Dossier.Dossier
  readonly blocks: readonly BlockAnalysis[]
  /** The labels applied to the dossier (charts and `explain` name addresses with them). */
  readonly labels: Labels.Labels
}

/**
 * Analyzes a loaded pack: converts every block (fee-recipient credits excluded by default),
 * analyzes it with the normalized worker counts, builds the dossier and applies `labels`.
 * @example const result = Pipeline.run({ pack: Dir.read(dir), labels: Labels.forPack(dir) }, { workers: [1, 2, 4, 8] })
 */
export function run(input: run.Input, options: run.Options = {}): Result {
  const { pack, labels } = input
  const { workers = [1], feeRecipient = 'exclude', top, onBlock, measured } = options
  const blocks = pack.blocks.map((block) => blockInput(block, pack.manifest, feeRecipient))
  return analyze(
    {
      manifest: pack.manifest,
      blocks,
      workers,
      feeRecipient: feeRecipient === 'include' ? 'included' : 'excluded',
      top,
      onBlock,
      measured,
    },
    labels,
  )
}

export declare namespace run {
  type Input = { readonly pack: TracePack.TracePack; readonly labels: Labels.Labels }
  type Options = {
    /** Simulated worker counts as given (zeros dropped, deduped, sorted, 1 added). Default [1]. */
    readonly workers?: readonly number[] | undefined
    /** `FEE_CREDIT` accesses: dropped from conflicts (default) or counted as balance writes. */
    readonly feeRecipient?: 'exclude' | 'include' | undefined
  } & Pick<analyze.Input, 'top' | 'onBlock' | 'measured'>
}

/**
 * One pack block converted for analysis: its normalized trace and the fee-recipient credits the
 * conversion dropped (a streaming range converts block by block with this).
 */
export function blockInput(
  block: TracePack.Block,
  manifest: TracePack.Manifest,
  feeRecipient: 'exclude' | 'include' = 'exclude',
): BlockInput {
  return {
    block,
    trace: Normalized.fromBlock(block, manifest, { feeRecipient }),
    feeCreditDropped: feeRecipient === 'include' ? 0 : Normalized.feeCreditCount(block),
  }
}

/**
 * The same from blocks already converted to normalized traces (fixtures and tests that build
 * traces directly); `labels` default to none.
 */
export function analyze(input: analyze.Input, labels: Labels.Labels = []): Result {
  const workers = Simulation.normalizeWorkers(input.workers)
  const { manifest, feeRecipient, top, onBlock, measured } = input
  const blockTop = top === undefined ? DossierBlock.BLOCK_TOP : top
  const blocks = input.blocks.map((b, i) => {
    const analysis = DossierBlock.analyze(b, workers, blockTop)
    onBlock?.(i + 1, input.blocks.length)
    return analysis
  })
  const dossier = Dossier.build({ manifest, blocks, workers, feeRecipient, top, measured })
  return {
    manifest,
    workers,
    dossier: labels.length === 0 ? dossier : Dossier.withLabels(dossier, labels),
    blocks,
    labels,
  }
}

export declare namespace analyze {
  type Input = {
    readonly manifest: TracePack.Manifest
    readonly blocks: readonly BlockInput[]
    /** Worker counts as given (normalized here). */
    readonly workers: readonly number[]
    readonly feeRecipient: Dossier.FeeRecipientHandling['accesses']
    /** Rows of every hot table, range and per block (default 10 for the range, 5 per block). */
    readonly top?: number | undefined
    /** Called after each block is analyzed (progress): blocks done, blocks in all. */
    readonly onBlock?: ((done: number, total: number) => void) | undefined
    /** Measured runs (`Measured.build`): the ladder's rung 5, kept out of the hash. */
    readonly measured?: Dossier.MeasuredExecution | null | undefined
  }
}

/** The analysis of block `blockNumber`, or undefined. */
export function block(result: Result, blockNumber: number): BlockAnalysis | undefined {
  return result.blocks.find((b) => b.block.blockNumber === blockNumber)
}
