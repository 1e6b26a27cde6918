/**
 * Sequential vs Block-STM on a generated block (`bench-evm-block` and `npm run bench:block-stm`):
 * interleaved rounds on worker threads, every round checked against sequential (post-state and
 * every receipt), medians of paired ratios. The analyzer's view of the block comes from the
 * caller (`capture` gives it the block's trace pack), since the analysis is not this layer's.
 */
import { BaseError } from '../primitives/Errors.ts'
import * as Json from '../primitives/Json.ts'
import * as Stats from '../primitives/Stats.ts'
import * as TracePack from '../trace/TracePack.ts'
import * as BlockStm from './blockstm/BlockStm.ts'
import * as BlockStmPool from './blockstm/BlockStmPool.ts'
import * as Execute from './Execute.ts'
import type * as Generate from './Generate.ts'
import * as Mix from './Mix.ts'
import * as Pack from './Pack.ts'

/** What the analyzer says about the block (from `analyze-trace-pack` on its captured pack). */
export type Analyzer = {
  readonly conflict_pair_count: number
  readonly critical_path_length: number
  readonly ceiling_by_tx: number
  readonly ceiling_by_gas: number | null
}

/** Measurements of one benchmark: per round the timings, per thread count its outcome. */
export type Measured = {
  readonly txCount: number
  readonly totalGasUsed: bigint
  readonly sequentialRoot: string
  readonly rounds: readonly { readonly sequentialNs: bigint; readonly stmNs: readonly bigint[] }[]
  /** Per thread count: its state root (first round) and whether every round matched sequential. */
  readonly roots: readonly string[]
  readonly passed: readonly boolean[]
  /** Per thread count: the counters of its last run. */
  readonly stats: readonly BlockStm.Stats[]
}

/** One Block-STM run of the report. */
export type RunRow = {
  threads: number
  state_root: string
  deterministic_passed: boolean
  elapsed_ns: bigint
  /** Median over the rounds of sequential ms / this run's ms (paired within each round). */
  speedup_vs_sequential: number
  /** The same against Block-STM at 1 thread (null when 1 is not among the thread counts). */
  speedup_vs_one_thread: number | null
  speedup_target: number
  /**
   * Median over the rounds of (threads × this run's time − sequential time) / transactions, in µs:
   * the thread time the engine spends beyond the sequential work, per transaction (at 1 thread its
   * own machinery; at more, also waiting and re-executions).
   */
  overhead_us_per_tx: number
  executions: number
  reexecutions: number
  reexecution_percent: number
  validations: number
  aborts: number
  dependency_waits: number
  fallback: string | null
}

/** Float fields of the report (serde float text). */
export const floatKeys: ReadonlySet<string> = new Set([
  'skew',
  'ceiling_by_tx',
  'ceiling_by_gas',
  'speedup_vs_sequential',
  'speedup_vs_one_thread',
  'speedup_target',
  'overhead_us_per_tx',
  'reexecution_percent',
])

/**
 * Executes the block once with access capture and returns its trace pack (normalized), for the
 * analyzer. The capture (hundreds of MB of access records) is meant to be analyzed and dropped
 * before `measure` runs.
 * @example const pack = await Bench.capture(generated, '0.1.0')
 */
export async function capture(
  generated: Generate.Generated,
  toolVersion: string,
): Promise<TracePack.TracePack> {
  const captured = await Execute.run(generated.genesis, generated.txs, { capture: 'accesses' })
  const pack = TracePack.normalize(Pack.from(generated, captured, toolVersion))
  if (pack.blocks.length === 0)
    throw new BaseError('the generated trace pack has no block', { code: 'INTERNAL' })
  return pack
}

/**
 * Runs the block sequentially and with Block-STM at each thread count, in `repeats` interleaved
 * rounds after an untimed warm-up, comparing every run with sequential.
 * @example const measured = await Bench.measure(generated, { threads: [1, 2], repeats: 3 })
 */
export async function measure(
  generated: Generate.Generated,
  options: measure.Options,
): Promise<Measured> {
  const { threads, repeats, warmupMs = 0 } = options
  const { genesis, txs } = generated
  const pool = BlockStmPool.create({ size: Math.max(...threads) })
  // The baseline runs on a worker of its own: the same kind of isolate as the Block-STM leader
  // (fresh heap, same JIT warm-up), without its garbage landing in the leader's heap.
  const baseline = BlockStmPool.create({ size: 1 })
  // Per round, the timings only: keeping whole results would keep a post-state per run alive.
  const rounds: { sequentialNs: bigint; stmNs: bigint[] }[] = []
  const roots: string[] = threads.map(() => '')
  const passed: boolean[] = threads.map(() => true)
  const stats: BlockStm.Stats[] = []
  try {
    await Promise.all([pool.ready(), baseline.ready()])
    // Untimed, like the sequential state manager: the pre-state is loaded into every worker once.
    await BlockStm.prepare(genesis, txs, { pool })
    await BlockStm.prepare(genesis, txs, { pool: baseline })
    // Untimed warm-up: `2 × size` rounds, and more until `warmupMs` has passed, of a sequential
    // run and a Block-STM run at full width (a remote worker reaches its steady speed only after
    // thousands of executions, docs/benchmarks.md).
    const reference = await BlockStm.sequential(genesis, txs, { pool: baseline })
    const sequentialRoot = reference.stateRoot ?? ''
    const expected = Json.stringify(reference.postState)
    const matches = (r: Execute.Result) =>
      receiptsEqual(r, reference) && Json.stringify(r.postState) === expected
    const warming = performance.now()
    for (let i = 0; i < 2 * pool.size || performance.now() - warming < warmupMs; i++) {
      await BlockStm.sequential(genesis, txs, { pool: baseline, stateRoot: 'skip' })
      await BlockStm.run(genesis, txs, { threads: pool.size, pool, stateRoot: 'skip' })
    }
    // Interleaved rounds (sequential, then each thread count): a slow spell of the machine hits
    // both sides of a round, and the medians drop the outliers.
    for (let round = 0; round < repeats; round++) {
      const sequential = await BlockStm.sequential(genesis, txs, {
        pool: baseline,
        stateRoot: 'skip',
      })
      if (!matches(sequential))
        throw new BaseError('the sequential baseline is not deterministic', { code: 'INTERNAL' })
      const stmNs: bigint[] = []
      for (const [i, count] of threads.entries()) {
        // A Merkle root of the full state takes ~30 s at 68k slots, so it is computed in the first
        // round; every round compares the whole post-state and every receipt with sequential's.
        const stateRoot = round === 0 ? 'merkle' : 'skip'
        const run = await BlockStm.run(genesis, txs, { threads: count, pool, stateRoot })
        if (round === 0) roots[i] = run.stateRoot ?? ''
        const same = matches(run) && (round > 0 || run.stateRoot === sequentialRoot)
        passed[i] = (passed[i] ?? false) && same
        stats[i] = run.stats
        stmNs.push(run.executionNs)
      }
      rounds.push({ sequentialNs: sequential.executionNs, stmNs })
    }
    if (rounds.length === 0) throw new BaseError('no benchmark round ran', { code: 'INTERNAL' })
    const totalGasUsed = reference.totalGasUsed
    return { txCount: txs.length, totalGasUsed, sequentialRoot, rounds, roots, passed, stats }
  } finally {
    await Promise.all([pool.close(), baseline.close()])
  }
}

export declare namespace measure {
  type Options = {
    readonly threads: readonly number[]
    readonly repeats: number
    /** Keep warming up (untimed) until this many ms have passed (default 0: `2 × size` rounds). */
    readonly warmupMs?: number
  }
}

/**
 * The benchmark report: medians over the rounds, speedups paired within each round, and each
 * thread count's target min(threads, analyzer ceiling).
 */
export function report(
  generated: Generate.Generated,
  measured: Measured,
  analyzer: Analyzer,
  options: report.Options,
) {
  const { threads, repeats, version, runtimeVersion } = options
  const { rounds } = measured
  const ceiling = analyzer.ceiling_by_gas ?? analyzer.ceiling_by_tx
  const one = threads.indexOf(1)
  // Median over the rounds of a/b, paired within each round.
  const speedup = (a: (r: (typeof rounds)[number]) => bigint, b: number) =>
    Stats.median(rounds.map((r) => Number(a(r)) / Number(r.stmNs[b] as bigint)))
  const runs: RunRow[] = threads.map((count, i) => {
    const last = measured.stats[i] as BlockStm.Stats
    return {
      threads: count,
      state_root: measured.roots[i] ?? '',
      deterministic_passed: measured.passed[i] ?? false,
      elapsed_ns: Stats.median(rounds.map((r) => r.stmNs[i] as bigint)),
      speedup_vs_sequential: speedup((r) => r.sequentialNs, i),
      speedup_vs_one_thread: one < 0 ? null : speedup((r) => r.stmNs[one] as bigint, i),
      speedup_target: Math.min(count, ceiling),
      overhead_us_per_tx: Stats.median(
        rounds.map(
          (r) =>
            (count * Number(r.stmNs[i] as bigint) - Number(r.sequentialNs)) /
            1e3 /
            Math.max(measured.txCount, 1),
        ),
      ),
      executions: last.executions,
      reexecutions: last.reexecutions,
      reexecution_percent:
        measured.txCount === 0 ? 0 : (last.reexecutions / measured.txCount) * 100,
      validations: last.validations,
      aborts: last.aborts,
      dependency_waits: last.dependencyWaits,
      fallback: last.fallback,
    }
  })
  const { seed, pools, skew, users, mix } = generated.options
  return {
    version,
    runtime_version: runtimeVersion,
    tx_count: measured.txCount,
    seed,
    pools,
    skew,
    users,
    mix: Mix.format(mix),
    repeats,
    total_gas_used: measured.totalGasUsed,
    analyzer,
    sequential: {
      state_root: measured.sequentialRoot,
      elapsed_ns: Stats.median(rounds.map((r) => r.sequentialNs)),
    },
    runs,
  }
}

export declare namespace report {
  type Options = measure.Options & {
    readonly version: string
    readonly runtimeVersion: string
  }
}

/** A benchmark report. */
export type Report = ReturnType<typeof report>

function receiptsEqual(run: Execute.Result, sequential: Execute.Result): boolean {
  const receipt = (r: Execute.TxResult | undefined) =>
    r && `${r.txIndex} ${r.gasUsed} ${r.status} ${r.error} ${r.output}`
  return (
    run.results.length === sequential.results.length &&
    run.results.every((r, i) => receipt(r) === receipt(sequential.results[i]))
  )
}
