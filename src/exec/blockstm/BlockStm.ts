import * as State from '../../model/State.ts'
import type { Tx } from '../../model/Tx.ts'
import { BaseError } from '../../primitives/Errors.ts'
import type { Clock, Run } from '../Run.ts'
import { defaultClock, finish } from '../Run.ts'
import * as BlockStmDriver from './BlockStmDriver.ts'
import * as Layout from './BlockStmLayout.ts'
import type { Pool } from './BlockStmPool.ts'
import * as BlockStmPool from './BlockStmPool.ts'
import type { Counters } from './BlockStmThread.ts'

/** Block-STM counters of one run (summed over threads; they depend on timing, never hashed). */
export type Stats = Counters & {
  /** Executions beyond the first per tx, as a percentage of the tx count. */
  readonly reexecutionPercent: number
  /** `workers` = real worker threads over SharedArrayBuffer; `in-process` = interleaved virtual threads. */
  readonly runtime: 'workers' | 'in-process'
  readonly threads: number
  /** Recorded executions of each thread (shows the work really spread over the workers). */
  readonly perThreadExecutions: readonly number[]
}

/** A Block-STM run: the common Run plus its Block-STM counters. */
export type Result = Run & { readonly blockStm: Stats }

/**
 * Block-STM (Gelashvili et al. 2023): optimistic execution over a multi-version memory with a
 * collaborative scheduler; commits in canonical order, so the final state equals sequential.
 * `workers` runs `threads` worker threads over one SharedArrayBuffer; `in-process` runs `threads`
 * virtual threads on this thread, interleaved step by step in an order drawn from `interleaveSeed`.
 * @example const run = await BlockStm.run(w.initialState, w.txs, { threads: 4, pool })
 */
export async function run(
  initial: State.State,
  txs: readonly Tx[],
  options: run.Options = {},
): Promise<Result> {
  const { clock = defaultClock, interleaveSeed = 1, deadlineMs = 10_000 } = options
  const threads = Math.max(options.threads ?? 1, 1)
  const runtime = options.runtime ?? (options.pool || threads > 1 ? 'workers' : 'in-process')
  const pool = runtime === 'workers' ? (options.pool ?? sharedPool(threads)) : undefined
  await pool?.ready()
  const start = clock()
  const plan = Layout.plan(txs)
  const memory = Layout.allocate(plan, initial, pool !== undefined)
  let all: Counters[]
  if (pool === undefined) {
    all = BlockStmDriver.runVirtual(plan, memory, txs, threads, interleaveSeed)
  } else {
    const replies = await pool.run(threads, { type: 'run', plan, memory, txs, deadlineMs })
    const failed =
      replies.find((r) => r.type === 'error' && !r.halted) ??
      replies.find((r) => r.type === 'error')
    if (failed?.type === 'error') throw new BaseError(failed.message, { code: 'WORKER_FAILED' })
    all = replies.map((r) =>
      r.type === 'done'
        ? r.counters
        : { executions: 0, dependencyWaits: 0, validations: 0, aborts: 0 },
    )
  }
  const state = materialize(initial, plan, memory)
  const elapsedNs = clock() - start
  const sum = (f: (c: Counters) => number): number => all.reduce((acc, c) => acc + f(c), 0)
  const executions = sum((c) => c.executions)
  const dependencyWaits = sum((c) => c.dependencyWaits)
  const aborts = sum((c) => c.aborts)
  const reexecutedTxs = Math.max(executions - txs.length, 0)
  return {
    ...finish('block-stm', state, txs, elapsedNs, {
      schedulerDeferrals: dependencyWaits,
      validationFailures: aborts,
      reexecutedTxs,
    }),
    blockStm: {
      executions,
      dependencyWaits,
      validations: sum((c) => c.validations),
      aborts,
      reexecutionPercent: txs.length === 0 ? 0 : (reexecutedTxs / txs.length) * 100,
      runtime: pool === undefined ? 'in-process' : 'workers',
      threads,
      perThreadExecutions: all.map((c) => c.executions),
    },
  }
}

export declare namespace run {
  type Options = {
    readonly threads?: number
    /** Default: `workers` when `pool` is given or threads > 1, else `in-process`. */
    readonly runtime?: 'workers' | 'in-process'
    /** Workers to run on; default: a lazily started module-wide pool (idle workers are unref'd). */
    readonly pool?: Pool
    readonly clock?: Clock
    /** In-process only: seed of the virtual-thread interleaving. */
    readonly interleaveSeed?: number
    /** Workers only: the deadlock watchdog's no-progress deadline. */
    readonly deadlineMs?: number
  }
}

/** Commits the multi-version memory: each key takes its highest writer's final value, in key order. */
function materialize(initial: State.State, plan: Layout.Plan, memory: Layout.Shared): State.State {
  const state = State.clone(initial)
  for (let k = 0; k < plan.keys.length; k++) {
    for (let c = (plan.keyStart[k + 1] as number) - 1; c >= (plan.keyStart[k] as number); c--) {
      const flag = memory.cellFlag[c] as number
      if (flag === 0) continue
      if ((flag & 1) === 1)
        throw new BaseError(`block-stm finished with an ESTIMATE at ${plan.keyNames[k]}`, {
          code: 'INTERNAL',
        })
      State.write(
        state,
        plan.keys[k] as Layout.Plan['keys'][number],
        Layout.getPair(memory.cellValue, c),
      )
      break
    }
  }
  return state
}

let shared: Pool | undefined

/** The module-wide pool, grown on demand (its idle workers never keep the process alive). */
function sharedPool(threads: number): Pool {
  if (shared === undefined || shared.size < threads) {
    void shared?.close()
    shared = BlockStmPool.create({ size: Math.max(threads, 4) })
  }
  return shared
}

/** Terminates the module-wide pool, if any (tests and benchmarks call it when done). */
export async function closeSharedPool(): Promise<void> {
  const pool = shared
  shared = undefined
  await pool?.close()
}
