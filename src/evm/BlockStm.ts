import type { Shared } from '../exec/BlockStmLayout.ts'
import { CTRL_EXEC, CTRL_SIZE, CTRL_VAL } from '../exec/BlockStmLayout.ts'
import * as Scheduler from '../exec/BlockStmScheduler.ts'
import { BaseError } from '../primitives/Errors.ts'
import * as BlockStmBase from './BlockStmBase.ts'
import type { Executed } from './BlockStmExec.ts'
import * as Mv from './BlockStmMemory.ts'
import type { Pool } from './BlockStmPool.ts'
import * as BlockStmPost from './BlockStmPost.ts'
import * as Execute from './Execute.ts'
import * as Genesis from './Genesis.ts'

/** Block-STM counters of one EVM run (they depend on timing; never part of any hash). */
export type Stats = {
  readonly threads: number
  readonly executions: number
  readonly reexecutions: number
  readonly validations: number
  readonly aborts: number
  readonly dependencyWaits: number
  /** Set when the block needed something the lazy model cannot do; the run was then sequential. */
  readonly fallback: string | null
}

/** Same shape as `Execute.Result` (accesses null) plus the Block-STM counters. */
export type Result = Execute.Result & { readonly stats: Stats }

/**
 * Runs a block with Block-STM on `threads` workers of `pool`: each worker executes incarnations on
 * its own ethereumjs VM whose reads go through its replica of the multi-version memory; this
 * thread owns the scheduler and the authoritative memory, validates read sets and ships memory
 * updates with each task. Fee credits are lazy additions. The result equals `Execute.run`.
 * @example const result = await BlockStm.run(genesis, txs, { threads: 2, pool })
 */
export async function run(
  genesis: Genesis.Genesis,
  txs: readonly Execute.Tx[],
  options: run.Options,
): Promise<Result> {
  const {
    pool,
    stateRoot = 'merkle',
    deadlineMs = 60_000,
    clock = () => performance.now(),
  } = options
  if (!isPrepared(pool, genesis, txs)) await prepare(genesis, txs, { pool })
  // Timed like `Execute.run`: the pre-state is already loaded; from the first task to the post-state.
  const started = clock()
  const threads = Math.max(1, Math.min(options.threads, pool.size))
  const n = txs.length
  const sched = schedulerMemory(n)
  const memory = Mv.create()
  // Every memory update in order, with the worker whose execution it records (-1: the coordinator).
  const log: Mv.Update[] = []
  const origin: number[] = []
  const cursor = new Array<number>(threads).fill(-1)
  const final = new Array<Executed | undefined>(n)
  const counts = { executions: 0, validations: 0, aborts: 0, dependencyWaits: 0 }

  // Per worker, the replies still to come, oldest first (a worker answers in order).
  const queues = Array.from({ length: threads }, () => [] as Promise<readonly [number, Executed]>[])
  const dispatch = (w: number, task: Scheduler.Task): void => {
    const from = cursor[w] as number
    // A worker already applied its own records (BlockStmExec), so they are not sent back to it.
    const updates: Mv.Update[] = []
    for (let i = Math.max(from, 0); i < log.length; i++)
      if (origin[i] !== w) updates.push(log[i] as Mv.Update)
    cursor[w] = log.length
    const message = {
      type: 'execute' as const,
      tx: task.tx,
      inc: task.inc,
      reset: from < 0,
      updates,
    }
    const reply = pool.request(w, message).then((r) => {
      if (r.type !== 'executed')
        throw new BaseError(r.type === 'error' ? r.message : 'unexpected reply', {
          code: 'WORKER_FAILED',
        })
      return [w, r] as const
    })
    // The race below observes a failure; this keeps an abandoned one from being "unhandled".
    reply.catch(() => undefined)
    queues[w]?.push(reply)
  }
  const validate = (task: Scheduler.Task): Scheduler.Task | undefined => {
    counts.validations += 1
    const valid = Mv.validate(memory, task.tx, final[task.tx]?.reads ?? [])
    const aborted = !valid && Scheduler.tryValidationAbort(sched, task.tx, task.inc)
    if (aborted) {
      counts.aborts += 1
      const update = { type: 'estimate' as const, tx: task.tx }
      Mv.apply(memory, update)
      log.push(update)
      origin.push(-1)
    }
    return Scheduler.finishValidation(sched, n, task.tx, aborted)
  }
  const drain = (task: Scheduler.Task | undefined): Scheduler.Task | undefined => {
    let t = task
    while (t?.kind === 'validate') t = validate(t)
    return t
  }
  const next = (): Scheduler.Task | undefined => {
    for (;;) {
      const task = drain(Scheduler.nextTask(sched, n))
      if (task !== undefined || Scheduler.done(sched)) return task
      if (Atomics.load(sched.ctrl, CTRL_EXEC) >= n && Atomics.load(sched.ctrl, CTRL_VAL) >= n)
        return undefined
    }
  }
  // Fill every worker to one task, then to DEPTH: a queued task hides the coordinator round trip.
  const fill = (): void => {
    for (let depth = 1; depth <= DEPTH; depth++)
      for (let w = 0; w < threads; w++) {
        if ((queues[w]?.length ?? 0) >= depth) continue
        const task = next()
        if (task === undefined) return
        dispatch(w, task)
      }
  }
  while (!Scheduler.done(sched)) {
    fill()
    if (Scheduler.done(sched)) break
    const heads = queues.flatMap((q) => q.slice(0, 1))
    if (heads.length === 0) {
      // Nothing running: one more `next_task` either hands out work or lets `check_done` finish.
      const task = next()
      if (task !== undefined) dispatch(0, task)
      else if (!Scheduler.done(sched)) throw stuck(sched, n, 'with no task in flight')
      continue
    }
    const [w, reply] = await withDeadline(Promise.race(heads), deadlineMs, () =>
      stuck(sched, n, `for ${deadlineMs} ms`),
    )
    queues[w]?.shift()
    if (reply.blocking >= 0) {
      if (Scheduler.addDependency(sched, reply.tx, reply.blocking)) counts.dependencyWaits += 1
      else dispatch(w, { kind: 'execute', tx: reply.tx, inc: reply.inc })
      continue
    }
    counts.executions += 1
    final[reply.tx] = reply
    const update = { type: 'record' as const, tx: reply.tx, inc: reply.inc, writes: reply.writes }
    const wroteNew = Mv.apply(memory, update)
    log.push(update)
    origin.push(w)
    const task = drain(Scheduler.finishExecution(sched, n, reply.tx, reply.inc, wroteNew))
    if (task !== undefined) dispatch(w, task)
  }
  const stats = { threads, ...counts, reexecutions: Math.max(counts.executions - n, 0) }
  const fallback = final.find((r) => r?.unsupported)?.unsupported ?? null
  if (fallback !== null) {
    const sequential = await Execute.run(genesis, txs, { stateRoot })
    return { ...sequential, stats: { ...stats, fallback } }
  }
  const invalid = final.find((r) => r?.invalid)?.invalid
  if (invalid) throw new BaseError(invalid, { code: 'EVM_REPLAY_FAILED' })
  const done = final as Executed[]
  const results = done.map((r, i) => ({
    txIndex: txs[i]?.txIndex ?? i,
    gasUsed: r.gasUsed,
    status: r.status,
    error: r.error,
    output: r.output,
    accesses: null,
  }))
  const post = BlockStmPost.postState(
    genesis,
    Mv.finalValues(memory),
    done.reduce((sum, r) => sum + r.feeCredit, 0n),
  )
  // Everything from the first task to the assembled post-state (the block was loaded before).
  const executionNs = BigInt(Math.max(Math.round((clock() - started) * 1e6), 1))
  return {
    results,
    totalGasUsed: results.reduce((sum, r) => sum + r.gasUsed, 0n),
    postState: post,
    stateRoot: stateRoot === 'merkle' ? await Genesis.stateRoot(post) : null,
    executionNs,
    stats: { ...stats, fallback: null },
  }
}

export declare namespace run {
  type Options = {
    readonly threads: number
    readonly pool: Pool
    readonly stateRoot?: 'merkle' | 'skip'
    /** Deadlock watchdog: fail when no worker replies for this long. */
    readonly deadlineMs?: number
    /** Milliseconds clock for `executionNs` (default `performance.now`). */
    readonly clock?: () => number
  }
}

/** Tasks queued per worker: one running, one waiting behind it. */
const DEPTH = 2

const prepared = new WeakMap<Pool, { readonly genesis: Genesis.Genesis; readonly txs: object }>()

/**
 * Loads the pre-state and the txs into every worker of `pool` (untimed setup, like building the
 * sequential executor's state manager). `run` reuses it while called with the same `genesis` and
 * `txs` objects (by identity: do not mutate them in between); otherwise `run` loads first.
 * @example await BlockStm.prepare(genesis, txs, { pool }); const r = await BlockStm.run(genesis, txs, { threads: 2, pool })
 */
export async function prepare(
  genesis: Genesis.Genesis,
  txs: readonly Execute.Tx[],
  options: { readonly pool: Pool },
): Promise<void> {
  const { pool } = options
  prepared.delete(pool)
  const block = BlockStmBase.encode(genesis, txs)
  const replies = await Promise.all(
    Array.from({ length: pool.size }, (_, w) => pool.request(w, { type: 'load', block })),
  )
  const failed = replies.find((r) => r.type === 'error')
  if (failed?.type === 'error') throw new BaseError(failed.message, { code: 'WORKER_FAILED' })
  prepared.set(pool, { genesis, txs })
}

function isPrepared(pool: Pool, genesis: Genesis.Genesis, txs: readonly Execute.Tx[]): boolean {
  const p = prepared.get(pool)
  return p !== undefined && p.genesis === genesis && p.txs === txs
}

function schedulerMemory(n: number): Shared {
  const ints = (k: number) => new Int32Array(Math.max(k, 1))
  return {
    ctrl: ints(CTRL_SIZE),
    status: ints(n),
    depLock: ints(n),
    depHead: ints(n),
    depNext: ints(n),
    cellFlag: ints(0),
    cellValue: new BigInt64Array(1),
    baseValue: new BigInt64Array(1),
    readTx: ints(0),
    readInc: ints(0),
  }
}

function stuck(sched: Shared, n: number, how: string): BaseError {
  return new BaseError(`evm block-stm made no progress ${how}: ${Scheduler.describe(sched, n)}`, {
    code: 'INTERNAL',
  })
}

async function withDeadline<T>(promise: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(error()), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}
