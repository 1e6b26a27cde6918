import { type MessagePort, receiveMessageOnPort } from 'node:worker_threads'
import type { SchedulerArrays as Shared } from '../../exec/blockstm/BlockStmLayout.ts'
import { CTRL_EXEC, CTRL_VAL, schedulerArrays } from '../../exec/blockstm/BlockStmLayout.ts'
import * as Scheduler from '../../exec/blockstm/BlockStmScheduler.ts'
import { BaseError } from '../../primitives/Errors.ts'
import type * as Key from '../../trace/Key.ts'
import type * as Execute from '../Execute.ts'
import type { Executed, ExecuteMessage, Executor, LoadMessage, Reply } from './BlockStmExec.ts'
import * as BlockStmExec from './BlockStmExec.ts'
import * as Mv from './BlockStmMemory.ts'

/** Main thread → worker 0 (the leader): run the loaded block on `threads` threads (itself included). */
export type RunMessage = {
  readonly type: 'run'
  readonly threads: number
  /** Deadlock watchdog: fail when no remote worker replies for this long while the leader waits. */
  readonly deadlineMs: number
}

/** Pool → worker, once, before any request: this worker's role and its channels. */
export type InitMessage =
  | {
      readonly type: 'init'
      readonly role: 'leader'
      readonly remotes: readonly MessagePort[]
      readonly ctrl: Int32Array
    }
  | {
      readonly type: 'init'
      readonly role: 'remote'
      readonly port: MessagePort
      readonly ctrl: Int32Array
    }

/** Main thread → worker 0: run the loaded block with the sequential executor (`Execute.run`). */
export type SequentialMessage = { readonly type: 'sequential' }

/** Worker 0 → main thread: the sequential result (its post-state root not computed). */
export type SequentialReply = { readonly type: 'sequential-ran'; readonly result: Execute.Result }

/** Every request the main thread sends (each gets one reply, in order). */
export type WorkerRequest = LoadMessage | RunMessage | SequentialMessage

/** Every reply to the main thread. */
export type WorkerReply = Reply | RanReply | SequentialReply

/** Per-tx outcome of a finished run (the receipt fields of `Execute.TxResult`). */
export type Outcome = Pick<Execute.TxResult, 'gasUsed' | 'status' | 'error' | 'output'>

/** Worker 0 → main thread: the committed outcome of a run. */
export type RanReply = {
  readonly type: 'ran'
  readonly outcomes: readonly Outcome[]
  /** Each written key's final value (its highest writer's), in key order. */
  readonly finals: readonly (readonly [Key.Id, Mv.Value])[]
  /** Sum of the lazy fee-recipient credits. */
  readonly feeCredit: bigint
  /** The first tx runTx rejected (after validation), or null. */
  readonly invalid: string | null
  /** Why the block cannot run lazily (the main thread then runs it sequentially), or null. */
  readonly unsupported: string | null
  readonly executions: number
  readonly validations: number
  readonly aborts: number
  readonly dependencyWaits: number
  /** From the first task to the committed final values, on the leader's clock (a timing). */
  readonly executionNs: bigint
}

/** Remote → leader: the reply to an execute message, tagged with that message's `epoch`. */
export type RemoteReply = readonly [epoch: number, reply: Reply]

/** Layout of the small shared control array between the leader, the remotes and the pool. */
export const BELL = 0
export const FAILED = 1
export const LEADER_CTRL_SIZE = 2

/**
 * Tasks queued per remote worker: one running, two waiting. The leader settles replies only between
 * its own executions (a few ms each), so a remote needs more than one task in reserve.
 */
const DEPTH = 3

/**
 * Block-STM's coordinator, run by worker 0 between its own executions: the scheduler, the
 * authoritative multi-version memory (which its own executor reads directly) and validation.
 * Remote workers receive tasks with the memory updates they have not seen over their
 * `MessagePort`, reply over it and ring `ctrl[BELL]`; `epoch` numbers the leader's runs, so a
 * reply to a run that failed is never taken for one of this run; the leader drains replies with
 * `receiveMessageOnPort` and sleeps on the bell (Atomics.wait) only when it has nothing to run.
 */
export async function lead(
  executor: Executor,
  remotes: readonly MessagePort[],
  ctrl: Int32Array,
  message: RunMessage,
  epoch: number,
): Promise<RanReply> {
  const s = executor.loaded
  if (s === undefined) throw new Error('run before load')
  const started = performance.now()
  const n = s.txs.length
  const memory = s.memory
  Mv.clear(memory)
  if (!(message.threads >= 1 && message.threads <= remotes.length + 1))
    throw new RangeError(`run asks for ${message.threads} threads; pool has ${remotes.length + 1}`)
  const ports = remotes.slice(0, message.threads - 1)
  const sched = schedulerArrays(n, false)
  // Every memory update in order, with the remote whose execution it records (-1: the leader).
  const log: Mv.Update[] = []
  const origin: number[] = []
  const cursor = ports.map(() => -1)
  const inFlight = ports.map(() => 0)
  const final = new Array<Executed | undefined>(n)
  const counts = { executions: 0, validations: 0, aborts: 0, dependencyWaits: 0 }

  const dispatch = (w: number, task: Scheduler.Task): void => {
    const from = cursor[w] as number
    // A remote already applied its own records (BlockStmExec.handle), so they are not sent back.
    const updates: Mv.Update[] = []
    for (let i = Math.max(from, 0); i < log.length; i++)
      if (origin[i] !== w) updates.push(log[i] as Mv.Update)
    cursor[w] = log.length
    const request: ExecuteMessage = {
      type: 'execute',
      tx: task.tx,
      inc: task.inc,
      updates,
      epoch,
    }
    inFlight[w] = (inFlight[w] as number) + 1
    ports[w]?.postMessage(request)
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
  /** Records one outcome (`w` -1: the leader's own); returns the follow-up task for that executor. */
  const settle = (w: number, reply: Reply): Scheduler.Task | undefined => {
    if (reply.type !== 'executed')
      throw new Error(reply.type === 'error' ? reply.message : `unexpected ${reply.type} reply`)
    if (reply.blocking >= 0) {
      if (Scheduler.addDependency(sched, reply.tx, reply.blocking)) {
        counts.dependencyWaits += 1
        return undefined
      }
      return { kind: 'execute', tx: reply.tx, inc: reply.inc }
    }
    counts.executions += 1
    final[reply.tx] = reply
    const update = { type: 'record' as const, tx: reply.tx, inc: reply.inc, writes: reply.writes }
    const wroteNew = Mv.apply(memory, update)
    log.push(update)
    origin.push(w)
    return drain(Scheduler.finishExecution(sched, n, reply.tx, reply.inc, wroteNew))
  }
  /** Settles every reply that has arrived; returns how many. */
  const receive = (): number => {
    let got = 0
    for (let w = 0; w < ports.length; w++) {
      const port = ports[w] as MessagePort
      for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
        const [from, reply] = m.message as RemoteReply
        if (from !== epoch) continue // a reply to a run that failed before it arrived
        got += 1
        inFlight[w] = (inFlight[w] as number) - 1
        const task = settle(w, reply)
        if (task !== undefined) dispatch(w, task)
      }
    }
    return got
  }
  // Every remote gets up to DEPTH tasks: a queued task hides the round trip through the leader.
  const fill = (): void => {
    for (let depth = 1; depth <= DEPTH; depth++)
      for (let w = 0; w < ports.length; w++) {
        if ((inFlight[w] as number) >= depth) continue
        const task = next()
        if (task === undefined) return
        dispatch(w, task)
      }
  }

  let local: Scheduler.Task | undefined
  let quietSince = performance.now()
  while (!Scheduler.done(sched)) {
    if (Atomics.load(ctrl, FAILED) !== 0)
      throw new BaseError('a remote worker failed', { code: 'WORKER_FAILED' })
    const bell = Atomics.load(ctrl, BELL)
    if (receive() > 0) quietSince = performance.now()
    if (Scheduler.done(sched)) break
    fill()
    const task = local ?? next()
    local = undefined
    if (task !== undefined) {
      local = settle(-1, await BlockStmExec.execute(s, task.tx, task.inc))
      continue
    }
    if (inFlight.every((k) => k === 0)) {
      // Nothing running anywhere: one more `next_task` either hands out work or lets `check_done` finish.
      local = next()
      if (local !== undefined || Scheduler.done(sched)) continue
      throw stuck(sched, n, 'with no task in flight')
    }
    const left = message.deadlineMs - (performance.now() - quietSince)
    // A bell rung before this wait returns at once; the next pass settles what arrived.
    if (left > 0 && Atomics.wait(ctrl, BELL, bell, left) !== 'timed-out') continue
    if (receive() === 0) throw stuck(sched, n, `for ${message.deadlineMs} ms`)
    quietSince = performance.now()
  }
  // Stale replies cannot exist: the scheduler is done only once no task is active.
  const done = final as Executed[]
  const finals = Mv.finalValues(memory)
  const feeCredit = done.reduce((sum, r) => sum + r.feeCredit, 0n)
  const executionNs = BigInt(Math.max(Math.round((performance.now() - started) * 1e6), 1))
  return {
    type: 'ran',
    outcomes: done.map((r) => ({
      gasUsed: r.gasUsed,
      status: r.status,
      error: r.error,
      output: r.output,
    })),
    finals,
    feeCredit,
    invalid: done.find((r) => r.invalid)?.invalid ?? null,
    unsupported: done.find((r) => r.unsupported)?.unsupported ?? null,
    ...counts,
    executionNs,
  }
}

function stuck(sched: Shared, n: number, how: string): BaseError {
  return new BaseError(`evm block-stm made no progress ${how}: ${Scheduler.describe(sched, n)}`, {
    code: 'INTERNAL',
  })
}
