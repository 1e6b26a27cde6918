import type { AccessKey } from '../../model/AccessKey.ts'
import * as Key from '../../model/AccessKey.ts'
import type { State } from '../../model/State.ts'
import * as StateNs from '../../model/State.ts'
import type { Tx } from '../../model/Tx.ts'
import * as TxNs from '../../model/Tx.ts'

/**
 * The static plan of one Block-STM run, derived from the transaction kinds before execution:
 * a dense key index, every key's potential writers (ascending tx index, CSR) and every tx's
 * read keys and write cells. A "cell" is one (key, potential writer) slot of the multi-version
 * memory, so the memory is O(total write-set size), not O(keys × txs).
 */
export type Plan = {
  readonly txCount: number
  /** The keys, by key index. */
  readonly keys: readonly AccessKey[]
  /** Display names of the keys, by key index. */
  readonly keyNames: readonly string[]
  /** Cells of key k are `keyStart[k] .. keyStart[k+1]`, ordered by writer tx. */
  readonly keyStart: Int32Array
  /** The potential writer tx of each cell. */
  readonly cellTx: Int32Array
  /** The key of each cell. */
  readonly cellKey: Int32Array
  /** Write cells of tx t are `txWrite[txWriteStart[t] .. txWriteStart[t+1]]`. */
  readonly txWriteStart: Int32Array
  readonly txWrite: Int32Array
  /** Keys tx t reads are `txRead[txReadStart[t] .. txReadStart[t+1]]`, in key order. */
  readonly txReadStart: Int32Array
  readonly txRead: Int32Array
}

/** Shared mutable memory of a run: scheduler and multi-version memory as typed-array views. */
export type Shared = {
  /** Scheduler counters, indexed by the `CTRL_*` constants. */
  readonly ctrl: Int32Array
  /** Per tx: `incarnation << 2 | status`. */
  readonly status: Int32Array
  /** Per blocking tx: spin lock of its dependency list. */
  readonly depLock: Int32Array
  /** Per blocking tx: first suspended tx + 1 (0 = empty). */
  readonly depHead: Int32Array
  /** Per suspended tx: next suspended tx + 1 in the same list. */
  readonly depNext: Int32Array
  /** Per cell: 0 = no entry; else `(incarnation + 1) << 1 | estimateBit`. */
  readonly cellFlag: Int32Array
  /** Per cell: i128 value as (high, low) signed 64-bit halves. */
  readonly cellValue: BigInt64Array
  /** Per key: the pre-block value as (high, low) halves. */
  readonly baseValue: BigInt64Array
  /** Per read slot (aligned with `txRead`): writer tx of the version read, -1 = pre-block state. */
  readonly readTx: Int32Array
  /** Per read slot: incarnation of the version read. */
  readonly readInc: Int32Array
}

/** Scheduler counter slots of `Shared.ctrl`. */
export const CTRL_EXEC = 0
export const CTRL_VAL = 1
export const CTRL_DECREASE = 2
export const CTRL_ACTIVE = 3
export const CTRL_DONE = 4
export const CTRL_PROGRESS = 5
export const CTRL_HALT = 6
export const CTRL_SIZE = 8

/** Status codes (low two bits of a status word). */
export const READY = 0
export const EXECUTING = 1
export const EXECUTED = 2
export const ABORTING = 3

/**
 * Builds the static plan: keys and cells come from each kind's own access sets
 * (docs/original-lab.md §3.5).
 */
export function plan(txs: readonly Tx[]): Plan {
  const index = new Map<string, number>()
  const keys: AccessKey[] = []
  const intern = (key: AccessKey): number => {
    const name = Key.display(key)
    let k = index.get(name)
    if (k === undefined) {
      k = keys.length
      index.set(name, k)
      keys.push(key)
    }
    return k
  }
  const reads: number[][] = []
  const writes: number[][] = []
  for (const tx of txs) {
    const own = TxNs.accessOf(tx)
    reads.push(own.declaredReads.map(intern))
    writes.push(own.declaredWrites.map(intern))
  }
  const writerCount = new Int32Array(keys.length)
  for (const w of writes) for (const k of w) writerCount[k] = (writerCount[k] as number) + 1
  const keyStart = new Int32Array(keys.length + 1)
  for (let k = 0; k < keys.length; k++)
    keyStart[k + 1] = (keyStart[k] as number) + (writerCount[k] as number)
  const cells = keyStart[keys.length] as number
  const cellTx = new Int32Array(cells)
  const cellKey = new Int32Array(cells)
  const fill = keyStart.slice(0, keys.length)
  const txWriteStart = new Int32Array(txs.length + 1)
  const txWrite = new Int32Array(cells)
  let w = 0
  writes.forEach((keysOfTx, t) => {
    for (const k of keysOfTx) {
      const c = fill[k] as number
      fill[k] = c + 1
      cellTx[c] = t
      cellKey[c] = k
      txWrite[w++] = c
    }
    txWriteStart[t + 1] = w
  })
  const txReadStart = new Int32Array(txs.length + 1)
  const txRead = new Int32Array(reads.reduce((n, r) => n + r.length, 0))
  let r = 0
  reads.forEach((keysOfTx, t) => {
    for (const k of keysOfTx) txRead[r++] = k
    txReadStart[t + 1] = r
  })
  const keyNames = keys.map(Key.display)
  return {
    txCount: txs.length,
    keys,
    keyNames,
    keyStart,
    cellTx,
    cellKey,
    txWriteStart,
    txWrite,
    txReadStart,
    txRead,
  }
}

/** The scheduler's part of the layout (what `BlockStmScheduler` reads and writes). */
export type SchedulerArrays = Pick<Shared, 'ctrl' | 'status' | 'depLock' | 'depHead' | 'depNext'>

/** Fresh scheduler arrays for `n` txs, in plain or shared buffers. */
export function schedulerArrays(n: number, shared: boolean): SchedulerArrays {
  const ints = (count: number) =>
    new Int32Array(
      shared
        ? new SharedArrayBuffer(Math.max(count, 1) * 4)
        : new ArrayBuffer(Math.max(count, 1) * 4),
    )
  return {
    ctrl: ints(CTRL_SIZE),
    status: ints(n),
    depLock: ints(n),
    depHead: ints(n),
    depNext: ints(n),
  }
}

/** Allocates the shared memory of a run (SharedArrayBuffer when `shared`) and loads base values. */
export function allocate(p: Plan, initial: State, shared: boolean): Shared {
  const n = p.txCount
  const cells = p.cellTx.length
  const reads = p.txRead.length
  const keys = p.keys
  const bytes = (count: number, size: number): ArrayBuffer | SharedArrayBuffer =>
    shared
      ? new SharedArrayBuffer(Math.max(count, 1) * size)
      : new ArrayBuffer(Math.max(count, 1) * size)
  const memory: Shared = {
    ...schedulerArrays(n, shared),
    cellFlag: new Int32Array(bytes(cells, 4)),
    cellValue: new BigInt64Array(bytes(cells * 2, 8)),
    baseValue: new BigInt64Array(bytes(keys.length * 2, 8)),
    readTx: new Int32Array(bytes(reads, 4)),
    readInc: new Int32Array(bytes(reads, 4)),
  }
  keys.forEach((key, k) => {
    setPair(memory.baseValue, k, StateNs.read(initial, key))
  })
  return memory
}

/** Stores an i128 as two signed 64-bit halves at pair index `i`. */
export function setPair(array: BigInt64Array, i: number, value: bigint): void {
  array[2 * i] = BigInt.asIntN(64, value >> 64n)
  array[2 * i + 1] = BigInt.asIntN(64, value)
}

/** Loads the i128 stored at pair index `i`. */
export function getPair(array: BigInt64Array, i: number): bigint {
  return ((array[2 * i] as bigint) << 64n) | BigInt.asUintN(64, array[2 * i + 1] as bigint)
}
