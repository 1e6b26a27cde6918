import type { AccessKey } from '../../model/AccessKey.ts'
import * as Key from '../../model/AccessKey.ts'
import * as StateNs from '../../model/State.ts'
import type { Tx } from '../../model/Tx.ts'
import * as TxNs from '../../model/Tx.ts'
import type { Plan, Shared } from './BlockStmLayout.ts'
import { CTRL_HALT, CTRL_PROGRESS, getPair, setPair } from './BlockStmLayout.ts'
import type { Task } from './BlockStmScheduler.ts'
import * as Scheduler from './BlockStmScheduler.ts'

/** Per-thread counters of one run (summed by the caller; they vary with timing, never hashed). */
export type Counters = {
  /** Incarnations whose effects were recorded in the multi-version memory. */
  executions: number
  /** Executions that read an ESTIMATE and were suspended on the blocking tx. */
  dependencyWaits: number
  validations: number
  /** Validations that failed and aborted the incarnation. */
  aborts: number
}

/** What one thread of a run needs. */
export type Context = {
  readonly plan: Plan
  readonly memory: Shared
  readonly txs: readonly Tx[]
  readonly counters: Counters
}

/** A thread yields `step` after each unit of work and `idle` when no task is available. */
export type Signal = 'step' | 'idle'

/** Fresh zero counters. */
export function counters(): Counters {
  return { executions: 0, dependencyWaits: 0, validations: 0, aborts: 0 }
}

/** Thrown inside a thread when another thread has halted the run (watchdog or failure). */
export const HALTED = 'block-stm run halted'

/**
 * Algorithm 1 of Block-STM as a generator: the same code runs to completion on a worker thread
 * and, interleaved step by step with other generators, as in-process "virtual threads".
 */
export function* thread(ctx: Context): Generator<Signal, void, void> {
  const m = ctx.memory
  const n = ctx.plan.txCount
  let task: Task | undefined
  while (!Scheduler.done(m)) {
    if (Atomics.load(m.ctrl, CTRL_HALT) !== 0) throw new Error(HALTED)
    if (task?.kind === 'execute') task = yield* tryExecute(ctx, task.tx, task.inc)
    else if (task?.kind === 'validate') task = validate(ctx, task.tx, task.inc)
    if (task === undefined) {
      task = Scheduler.nextTask(m, n)
      if (task === undefined) yield 'idle'
    }
  }
}

type Read = { readonly tx: number; readonly inc: number; readonly value: bigint }

/** MVMemory.read: the highest version below `tx`, an ESTIMATE's writer (as a number), or the base value. */
export function read(plan: Plan, m: Shared, key: number, tx: number): Read | number {
  const start = plan.keyStart[key] as number
  let lo = start
  let hi = plan.keyStart[key + 1] as number
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((plan.cellTx[mid] as number) < tx) lo = mid + 1
    else hi = mid
  }
  for (let c = lo - 1; c >= start; c--) {
    for (;;) {
      const flag = Atomics.load(m.cellFlag, c)
      if (flag === 0) break
      if ((flag & 1) === 1) return plan.cellTx[c] as number
      const value = getPair(m.cellValue, c)
      if (Atomics.load(m.cellFlag, c) === flag)
        return { tx: plan.cellTx[c] as number, inc: (flag >> 1) - 1, value }
    }
  }
  return { tx: -1, inc: 0, value: getPair(m.baseValue, key) }
}

function* tryExecute(
  ctx: Context,
  tx: number,
  inc: number,
): Generator<Signal, Task | undefined, void> {
  const { plan, memory: m } = ctx
  const r0 = plan.txReadStart[tx] as number
  const r1 = plan.txReadStart[tx + 1] as number
  const seen: Read[] = []
  for (let r = r0; r < r1; r++) {
    const got = read(plan, m, plan.txRead[r] as number, tx)
    if (typeof got === 'number') {
      if (Scheduler.addDependency(m, tx, got)) {
        ctx.counters.dependencyWaits += 1
        return undefined
      }
      return yield* tryExecute(ctx, tx, inc)
    }
    seen.push(got)
  }
  yield 'step'
  const local = StateNs.empty()
  for (let r = r0; r < r1; r++)
    StateNs.write(
      local,
      plan.keys[plan.txRead[r] as number] as AccessKey,
      (seen[r - r0] as Read).value,
    )
  const outcome = TxNs.execute(local, ctx.txs[tx] as Tx)
  const written = new Map<string, bigint>()
  for (const [key, value] of outcome.delta) written.set(Key.display(key), value)
  let wroteNew = false
  for (let w = plan.txWriteStart[tx] as number; w < (plan.txWriteStart[tx + 1] as number); w++) {
    const c = plan.txWrite[w] as number
    const value = written.get(plan.keyNames[plan.cellKey[c] as number] as string)
    const prev = Atomics.load(m.cellFlag, c)
    if (value !== undefined) {
      setPair(m.cellValue, c, value)
      Atomics.store(m.cellFlag, c, (inc + 1) << 1)
      if (prev === 0) wroteNew = true
    } else if (prev !== 0) Atomics.store(m.cellFlag, c, 0)
  }
  for (let r = r0; r < r1; r++) {
    const got = seen[r - r0] as Read
    m.readTx[r] = got.tx
    m.readInc[r] = got.inc
  }
  ctx.counters.executions += 1
  Atomics.add(m.ctrl, CTRL_PROGRESS, 1)
  return Scheduler.finishExecution(m, plan.txCount, tx, inc, wroteNew)
}

function validate(ctx: Context, tx: number, inc: number): Task | undefined {
  const { plan, memory: m } = ctx
  ctx.counters.validations += 1
  let valid = true
  for (let r = plan.txReadStart[tx] as number; r < (plan.txReadStart[tx + 1] as number); r++) {
    const got = read(plan, m, plan.txRead[r] as number, tx)
    if (typeof got === 'number' || got.tx !== m.readTx[r] || got.inc !== m.readInc[r]) {
      valid = false
      break
    }
  }
  const aborted = !valid && Scheduler.tryValidationAbort(m, tx, inc)
  if (aborted) {
    ctx.counters.aborts += 1
    for (let w = plan.txWriteStart[tx] as number; w < (plan.txWriteStart[tx + 1] as number); w++) {
      const c = plan.txWrite[w] as number
      if (Atomics.load(m.cellFlag, c) !== 0) Atomics.or(m.cellFlag, c, 1)
    }
  }
  Atomics.add(m.ctrl, CTRL_PROGRESS, 1)
  return Scheduler.finishValidation(m, plan.txCount, tx, aborted)
}
