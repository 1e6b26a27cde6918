import * as State from '../model/State.ts'
import type * as Tx from '../model/Tx.ts'
import * as Stats from '../primitives/Stats.ts'
import * as BlockStm from './blockstm/BlockStm.ts'
import * as Optimistic from './Optimistic.ts'
import * as Planned from './Planned.ts'
import type { Pool } from './Pool.ts'
import * as PoolNs from './Pool.ts'
import type { Clock, Mode, Run } from './Run.ts'
import * as Sequential from './Sequential.ts'

/** Which modes a benchmark runs. */
export type Selection = Mode | 'all'

/** What a benchmark runs over (a generated or trace-derived workload, as plain data). */
export type Input = {
  readonly workload: string
  readonly txCount: number
  readonly requestedConflict: number
  readonly observedConflict: number
  readonly vmSteps: number
  readonly seed: bigint
  readonly initialState: State.State
  readonly txs: readonly Tx.Tx[]
}

/** One mode row of a BenchmarkReport (docs/original-lab.md §5.5). */
export type Row = {
  readonly mode: Mode
  readonly elapsedNs: bigint
  readonly txPerSec: number
  readonly speedupVsSequential: number | null
  readonly stateHash: string
  readonly declaredConflictPairs: number
  readonly schedulerDeferrals: number
  readonly validationFailures: number
  readonly reexecutedTxs: number
  readonly reexecutionPercent: number
  readonly waveCount: number
  readonly maxWaveWidth: number
  readonly deterministicPassed: boolean
}

/**
 * BenchmarkReport (docs/original-lab.md §5.5); timings live only in `elapsedNs`, `txPerSec`,
 * `speedupVsSequential`.
 */
export type Report = {
  readonly version: string
  readonly workload: string
  readonly txCount: number
  readonly requestedConflict: number
  readonly observedConflict: number
  readonly vmSteps: number
  readonly seed: bigint
  readonly threads: number
  readonly runtimeVersion: string | null
  readonly modes: readonly Row[]
}

/**
 * Runs sequential first (baseline and equality reference), then the selected parallel modes
 * (`all`: access-list, optimistic and Block-STM).
 * @example const report = await Bench.run(input, { mode: 'all', threads: 2, pool, version: '0.1.0' })
 */
export async function run(input: Input, options: run.Options): Promise<Report> {
  const { mode, version, runtimeVersion = null, pool, clock, onMode } = options
  const threads = Math.max(options.threads, 1)
  const common = { ...(pool ? { pool } : {}), ...(clock ? { clock } : {}) }
  onMode?.('sequential')
  const sequential = Sequential.run(input.initialState, input.txs, common)
  const baseline = max1(sequential.metrics.elapsedNs)
  const runs: Run[] = []
  const selected = (m: Mode) => mode === m || mode === 'all'
  if (selected('sequential')) runs.push(sequential)
  if (selected('access-list')) {
    onMode?.('access-list')
    runs.push(await Planned.run(input.initialState, input.txs, { ...common, threads }))
  }
  if (selected('optimistic')) {
    onMode?.('optimistic')
    runs.push(await Optimistic.run(input.initialState, input.txs, { ...common, threads }))
  }
  if (selected('block-stm')) {
    onMode?.('block-stm')
    runs.push(
      await BlockStm.run(input.initialState, input.txs, { threads, ...(clock ? { clock } : {}) }),
    )
  }
  const n = input.txs.length
  const modes = runs.map((r): Row => {
    const elapsedNs = max1(r.metrics.elapsedNs)
    const isBaseline = r === sequential
    return {
      mode: r.mode,
      elapsedNs,
      txPerSec: n === 0 ? 0 : n / (Number(elapsedNs) / 1e9),
      speedupVsSequential: isBaseline ? null : Number(baseline) / Number(elapsedNs),
      stateHash: r.stateHash,
      declaredConflictPairs: r.metrics.declaredConflictPairs,
      schedulerDeferrals: r.metrics.schedulerDeferrals,
      validationFailures: r.metrics.validationFailures,
      reexecutedTxs: r.metrics.reexecutedTxs,
      reexecutionPercent: n === 0 ? 0 : (r.metrics.reexecutedTxs / n) * 100,
      waveCount: r.metrics.waveCount,
      maxWaveWidth: r.metrics.maxWaveWidth,
      deterministicPassed: isBaseline || State.equals(r.finalState, sequential.finalState),
    }
  })
  return {
    version,
    workload: input.workload,
    txCount: input.txCount,
    requestedConflict: input.requestedConflict,
    observedConflict: input.observedConflict,
    vmSteps: input.vmSteps,
    seed: input.seed,
    threads,
    runtimeVersion,
    modes,
  }
}

export declare namespace run {
  type Options = {
    readonly mode: Selection
    readonly threads: number
    readonly version: string
    readonly runtimeVersion?: string | null
    readonly pool?: Pool
    readonly clock?: Clock
    /** Called as each mode starts (progress). */
    readonly onMode?: (mode: Mode) => void
  }
}

/** Member names whose values are f64 in the JSON report. */
export const floatKeys: ReadonlySet<string> = new Set([
  'requested_conflict',
  'observed_conflict',
  'tx_per_sec',
  'speedup_vs_sequential',
  'reexecution_percent',
])

/**
 * The snake_case wire shape, fields in docs/original-lab.md §5.5 order (`rust_version` carries the
 * runtime string).
 */
export function toWire(report: Report) {
  return {
    version: report.version,
    workload: report.workload,
    tx_count: report.txCount,
    requested_conflict: report.requestedConflict,
    observed_conflict: report.observedConflict,
    vm_steps: report.vmSteps,
    seed: report.seed,
    threads: report.threads,
    rust_version: report.runtimeVersion,
    modes: report.modes.map((row) => ({
      mode: row.mode,
      elapsed_ns: row.elapsedNs,
      tx_per_sec: row.txPerSec,
      speedup_vs_sequential: row.speedupVsSequential,
      state_hash: row.stateHash,
      declared_conflict_pairs: row.declaredConflictPairs,
      scheduler_deferrals: row.schedulerDeferrals,
      validation_failures: row.validationFailures,
      reexecuted_txs: row.reexecutedTxs,
      reexecution_percent: row.reexecutionPercent,
      wave_count: row.waveCount,
      max_wave_width: row.maxWaveWidth,
      deterministic_passed: row.deterministicPassed,
    })),
  }
}

/**
 * One report from repeated runs of the same input and thread count: per mode the median elapsed
 * time and the median of the speedups paired within each run (sequential ÷ mode, same run), so a
 * slow spell hits both sides of a ratio; counters and hashes are the first run's, and a mode
 * passes only when it passed in every run.
 * @example const report = Bench.median([await Bench.run(input, o), await Bench.run(input, o)])
 */
export function median(reports: readonly Report[]): Report {
  const first = reports[0]
  if (first === undefined) throw new RangeError('median of no reports')
  const n = first.txCount
  const modes = first.modes.map((row, m): Row => {
    const rows = reports.map((r) => r.modes[m] as Row)
    const elapsedNs = Stats.median(rows.map((r) => r.elapsedNs))
    const speedups = rows.map((r) => r.speedupVsSequential)
    return {
      ...row,
      elapsedNs,
      txPerSec: n === 0 ? 0 : n / (Number(elapsedNs) / 1e9),
      speedupVsSequential: speedups.some((x) => x === null)
        ? null
        : Stats.median(speedups as number[]),
      deterministicPassed: rows.every((r) => r.deterministicPassed),
    }
  })
  return { ...first, modes }
}

function max1(ns: bigint): bigint {
  return ns < 1n ? 1n : ns
}

/**
 * Runs `work` with a worker pool of `size` (none when `size` is 1), then closes it and Block-STM's
 * module-wide pool, which `mode block-stm` runs on: either left open would keep the process alive.
 * @example const report = await Bench.withWorkers(2, (pool) => Bench.run(input, { mode: 'all', threads: 2, pool }))
 */
export async function withWorkers<T>(
  size: number,
  work: (pool: Pool | undefined) => Promise<T>,
): Promise<T> {
  const pool = size > 1 ? PoolNs.create({ size }) : undefined
  try {
    return await work(pool)
  } finally {
    await pool?.close()
    await BlockStm.closeSharedPool()
  }
}
