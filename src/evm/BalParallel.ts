import { BaseError } from '../primitives/Errors.ts'
import * as Bal from '../trace/Bal.ts'
import * as BalApply from './BalApply.ts'
import type * as BalExec from './BalExec.ts'
import type { Pool } from './BalPool.ts'
import * as Execute from './Execute.ts'
import * as Genesis from './Genesis.ts'

/**
 * The BAL-parallel engine: with a block's EIP-7928 access list in hand, every transaction can run
 * at once, each on the pre-state plus the BAL's post-values of the lower indices, with no
 * scheduling, validation or re-execution. Each transaction's own writes are then checked against
 * the BAL's entries for its index; a difference means the BAL is invalid for this block, and the
 * block is run sequentially instead (`invalid` says where).
 */

/** Why a BAL was refused: the first transaction (by position) whose execution disagrees with it. */
export type Invalid = {
  readonly position: number
  /** Its block access index (position + 1). */
  readonly index: number
  /** The first differing key and both values, or, when runTx refused the transaction, its error. */
  readonly key: string | null
  readonly expected: string | null
  readonly actual: string | null
  readonly rejected: string | null
}

/** `Execute.Result` (accesses null) plus the thread count and, if the BAL was refused, why. */
export type Result = Execute.Result & {
  readonly threads: number
  /** Set when the BAL was invalid: the results and state are then the sequential run's. */
  readonly invalid: Invalid | null
}

const prepared = new WeakMap<
  Pool,
  { readonly genesis: object; readonly txs: object; readonly bal: object }
>()

/**
 * Loads the pre-state, the transactions and the BAL into every worker of `pool`: state, VM and
 * ethereumjs transactions are built there, outside any timed region. `run` reuses it while called
 * with the same `genesis`, `txs` and `bal` objects (by identity).
 * @example await BalParallel.prepare(genesis, txs, bal, { pool })
 */
export async function prepare(
  genesis: Genesis.Genesis,
  txs: readonly Execute.Tx[],
  bal: Bal.Bal,
  options: { readonly pool: Pool },
): Promise<void> {
  const { pool } = options
  prepared.delete(pool)
  const message: BalExec.LoadMessage = { type: 'load', genesis, txs, bal }
  const replies = await Promise.all(
    Array.from({ length: pool.size }, (_, w) => pool.request(w, message)),
  )
  const failed = replies.find((r) => r.type === 'error')
  if (failed?.type === 'error')
    throw new BaseError(failed.message, { code: failed.code ?? 'WORKER_FAILED' })
  prepared.set(pool, { genesis, txs, bal })
}

/**
 * Runs a block BAL-parallel on `threads` workers of `pool` (preparing it first unless it is). The
 * execution time is the wall time, on the calling thread's `clock`, from handing out the first
 * transaction to the last worker's answer; building the post-state (from the BAL) is not timed.
 * An invalid BAL makes this a sequential `Execute.run`, with `invalid` set.
 * @example const r = await BalParallel.run(genesis, txs, bal, { pool, threads: 2 })
 */
export async function run(
  genesis: Genesis.Genesis,
  txs: readonly Execute.Tx[],
  bal: Bal.Bal,
  options: run.Options,
): Promise<Result> {
  const { pool, threads, stateRoot = 'merkle', clock = () => performance.now() } = options
  if (!Number.isInteger(threads) || threads < 1 || threads > pool.size)
    throw new RangeError(`run asks for ${threads} threads; pool has ${pool.size}`)
  const p = prepared.get(pool)
  if (p?.genesis !== genesis || p.txs !== txs || p.bal !== bal)
    await prepare(genesis, txs, bal, { pool })
  const counter = new SharedArrayBuffer(4)
  const started = clock()
  const replies = await Promise.all(
    Array.from({ length: threads }, (_, w) => pool.request(w, { type: 'run', counter })),
  )
  const executionNs = BigInt(Math.max(Math.round((clock() - started) * 1e6), 1))
  const outcomes: BalExec.Outcome[] = []
  for (const reply of replies) {
    if (reply.type === 'error')
      throw new BaseError(reply.message, { code: reply.code ?? 'WORKER_FAILED' })
    if (reply.type === 'ran') outcomes.push(...reply.outcomes)
  }
  outcomes.sort((a, b) => a.position - b.position)
  const invalid = firstInvalid(outcomes)
  if (invalid !== null) {
    const sequential = await Execute.run(genesis, txs, { stateRoot })
    return { ...sequential, threads, invalid }
  }
  const results = outcomes.map(
    (o): Execute.TxResult => ({
      txIndex: txs[o.position]?.txIndex ?? o.position,
      gasUsed: o.gasUsed,
      status: o.status,
      error: o.error,
      output: o.output,
      logs: o.logs,
      accesses: null,
    }),
  )
  const indices = txs.map((_, i) => i + 1)
  const postState = await BalApply.postState(genesis, Bal.writesByIndex(bal), indices)
  return {
    results,
    totalGasUsed: results.reduce((sum, r) => sum + r.gasUsed, 0n),
    postState,
    stateRoot: stateRoot === 'merkle' ? await Genesis.stateRoot(postState) : null,
    executionNs,
    threads,
    invalid: null,
  }
}

export declare namespace run {
  type Options = {
    readonly pool: Pool
    readonly threads: number
    readonly stateRoot?: 'merkle' | 'skip'
    /** Milliseconds clock for `executionNs` (default `performance.now`). */
    readonly clock?: () => number
  }
}

function firstInvalid(outcomes: readonly BalExec.Outcome[]): Invalid | null {
  const bad = outcomes.find((o) => o.mismatch !== null || o.rejected !== null)
  if (bad === undefined) return null
  return {
    position: bad.position,
    index: bad.position + 1,
    key: bad.mismatch?.key ?? null,
    expected: bad.mismatch?.expected ?? null,
    actual: bad.mismatch?.actual ?? null,
    rejected: bad.rejected,
  }
}
