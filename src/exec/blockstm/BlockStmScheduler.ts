import type { SchedulerArrays as Shared } from './BlockStmLayout.ts'
import {
  ABORTING,
  CTRL_ACTIVE,
  CTRL_DECREASE,
  CTRL_DONE,
  CTRL_EXEC,
  CTRL_VAL,
  EXECUTED,
  EXECUTING,
  READY,
} from './BlockStmLayout.ts'

/**
 * The collaborative scheduler of Block-STM (Gelashvili et al., PPoPP 2023, Algorithms 4–5) over
 * shared Int32Arrays: every transition is an Atomics CAS on a packed `incarnation << 2 | status`
 * word; dependency lists are intrusive linked lists guarded by a per-tx spin lock.
 */

/** A task: execute or validate version (tx, incarnation). */
export type Task = {
  readonly kind: 'execute' | 'validate'
  readonly tx: number
  readonly inc: number
}

/** Packs a status word. */
export function word(inc: number, status: number): number {
  return (inc << 2) | status
}

/** Atomic `a[i] = min(a[i], value)`. */
function fetchMin(a: Int32Array, i: number, value: number): void {
  for (;;) {
    const current = Atomics.load(a, i)
    if (current <= value) return
    if (Atomics.compareExchange(a, i, current, value) === current) return
  }
}

function decreaseExecution(m: Shared, target: number): void {
  fetchMin(m.ctrl, CTRL_EXEC, target)
  Atomics.add(m.ctrl, CTRL_DECREASE, 1)
}

function decreaseValidation(m: Shared, target: number): void {
  fetchMin(m.ctrl, CTRL_VAL, target)
  Atomics.add(m.ctrl, CTRL_DECREASE, 1)
}

/** True once the block is finished. */
export function done(m: Shared): boolean {
  return Atomics.load(m.ctrl, CTRL_DONE) === 1
}

function checkDone(m: Shared, n: number): void {
  const observed = Atomics.load(m.ctrl, CTRL_DECREASE)
  const exec = Atomics.load(m.ctrl, CTRL_EXEC)
  const val = Atomics.load(m.ctrl, CTRL_VAL)
  if (Math.min(exec, val) >= n && Atomics.load(m.ctrl, CTRL_ACTIVE) === 0) {
    if (observed === Atomics.load(m.ctrl, CTRL_DECREASE)) Atomics.store(m.ctrl, CTRL_DONE, 1)
  }
}

/** READY(i) → EXECUTING(i); returns the incarnation or -1. Never touches the active count. */
function tryIncarnate(m: Shared, n: number, tx: number): number {
  if (tx >= n) return -1
  for (;;) {
    const s = Atomics.load(m.status, tx)
    if ((s & 3) !== READY) return -1
    if (Atomics.compareExchange(m.status, tx, s, (s & ~3) | EXECUTING) === s) return s >> 2
  }
}

function nextToExecute(m: Shared, n: number): Task | undefined {
  if (Atomics.load(m.ctrl, CTRL_EXEC) >= n) {
    checkDone(m, n)
    return undefined
  }
  Atomics.add(m.ctrl, CTRL_ACTIVE, 1)
  return incarnated(m, n, Atomics.add(m.ctrl, CTRL_EXEC, 1))
}

/** The execution task of `tx` once incarnated, counted active by the caller; else releases it. */
function incarnated(m: Shared, n: number, tx: number): Task | undefined {
  const inc = tryIncarnate(m, n, tx)
  if (inc >= 0) return { kind: 'execute', tx, inc }
  Atomics.sub(m.ctrl, CTRL_ACTIVE, 1)
  return undefined
}

function nextToValidate(m: Shared, n: number): Task | undefined {
  if (Atomics.load(m.ctrl, CTRL_VAL) >= n) {
    checkDone(m, n)
    return undefined
  }
  Atomics.add(m.ctrl, CTRL_ACTIVE, 1)
  const tx = Atomics.add(m.ctrl, CTRL_VAL, 1)
  if (tx < n) {
    const s = Atomics.load(m.status, tx)
    if ((s & 3) === EXECUTED) return { kind: 'validate', tx, inc: s >> 2 }
  }
  Atomics.sub(m.ctrl, CTRL_ACTIVE, 1)
  return undefined
}

/**
 * Takes the execution of `tx` out of index order when it is ready (READY → EXECUTING, counted
 * active, as `next_task` would when its index got there; the index later skips it). Block-STM
 * allows any order: what the incarnation read is validated like any other's.
 */
export function claim(m: Shared, n: number, tx: number): Task | undefined {
  Atomics.add(m.ctrl, CTRL_ACTIVE, 1)
  return incarnated(m, n, tx)
}

/** Algorithm 4 `next_task`: validation first when the validation index lags. */
export function nextTask(m: Shared, n: number): Task | undefined {
  if (Atomics.load(m.ctrl, CTRL_VAL) < Atomics.load(m.ctrl, CTRL_EXEC)) return nextToValidate(m, n)
  return nextToExecute(m, n)
}

function lock(m: Shared, tx: number): void {
  while (Atomics.compareExchange(m.depLock, tx, 0, 1) !== 0) {
    // spin: the critical sections below are a handful of loads and stores
  }
}

function unlock(m: Shared, tx: number): void {
  Atomics.store(m.depLock, tx, 0)
}

/**
 * `add_dependency`: suspends `tx` (EXECUTING → ABORTING) on `blocking` unless `blocking` has
 * already finished executing, in which case the caller re-executes at once (returns false).
 */
export function addDependency(m: Shared, tx: number, blocking: number): boolean {
  lock(m, blocking)
  if ((Atomics.load(m.status, blocking) & 3) === EXECUTED) {
    unlock(m, blocking)
    return false
  }
  const s = Atomics.load(m.status, tx)
  Atomics.store(m.status, tx, (s & ~3) | ABORTING)
  Atomics.store(m.depNext, tx, Atomics.load(m.depHead, blocking))
  Atomics.store(m.depHead, blocking, tx + 1)
  unlock(m, blocking)
  Atomics.sub(m.ctrl, CTRL_ACTIVE, 1)
  return true
}

/** ABORTING(i) → READY(i+1). */
function setReady(m: Shared, tx: number): void {
  for (;;) {
    const s = Atomics.load(m.status, tx)
    if ((s & 3) !== ABORTING) throw new Error(`tx ${tx} resumed in status word ${s}, not ABORTING`)
    if (Atomics.compareExchange(m.status, tx, s, word((s >> 2) + 1, READY)) === s) return
  }
}

/** `finish_execution`: EXECUTED, resume dependents, then maybe validate `tx` directly. */
export function finishExecution(
  m: Shared,
  n: number,
  tx: number,
  inc: number,
  wroteNew: boolean,
): Task | undefined {
  Atomics.store(m.status, tx, word(inc, EXECUTED))
  lock(m, tx)
  let head = Atomics.load(m.depHead, tx)
  Atomics.store(m.depHead, tx, 0)
  unlock(m, tx)
  let minDep = n
  while (head !== 0) {
    const dep = head - 1
    head = Atomics.load(m.depNext, dep)
    setReady(m, dep)
    if (dep < minDep) minDep = dep
  }
  if (minDep < n) decreaseExecution(m, minDep)
  if (Atomics.load(m.ctrl, CTRL_VAL) > tx) {
    if (!wroteNew) return { kind: 'validate', tx, inc }
    decreaseValidation(m, tx)
  }
  Atomics.sub(m.ctrl, CTRL_ACTIVE, 1)
  return undefined
}

/** `try_validation_abort`: EXECUTED(inc) → ABORTING(inc); false when another thread got there first. */
export function tryValidationAbort(m: Shared, tx: number, inc: number): boolean {
  return (
    Atomics.compareExchange(m.status, tx, word(inc, EXECUTED), word(inc, ABORTING)) ===
    word(inc, EXECUTED)
  )
}

/** `finish_validation`: after an abort, revalidate the suffix and re-execute `tx` at once if due. */
export function finishValidation(
  m: Shared,
  n: number,
  tx: number,
  aborted: boolean,
): Task | undefined {
  if (aborted) {
    setReady(m, tx)
    decreaseValidation(m, tx + 1)
    if (Atomics.load(m.ctrl, CTRL_EXEC) > tx) {
      const inc = tryIncarnate(m, n, tx)
      if (inc >= 0) return { kind: 'execute', tx, inc }
    }
  }
  Atomics.sub(m.ctrl, CTRL_ACTIVE, 1)
  return undefined
}

/** A one-line summary of the scheduler state (for the deadlock watchdog). */
export function describe(m: Shared, n: number): string {
  const names = ['READY', 'EXECUTING', 'EXECUTED', 'ABORTING']
  const pending: string[] = []
  for (let t = 0; t < n && pending.length < 8; t++) {
    const s = Atomics.load(m.status, t)
    if ((s & 3) !== EXECUTED) pending.push(`tx ${t}=${names[s & 3]}(${s >> 2})`)
  }
  const c = m.ctrl
  return `execution_idx=${Atomics.load(c, CTRL_EXEC)} validation_idx=${Atomics.load(c, CTRL_VAL)} active=${Atomics.load(c, CTRL_ACTIVE)} done=${Atomics.load(c, CTRL_DONE)}; not executed: ${pending.join(', ') || 'none'}`
}
