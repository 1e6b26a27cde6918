import { BaseError } from '../../primitives/Errors.ts'
import type * as Execute from '../Execute.ts'
import * as Genesis from '../Genesis.ts'
import * as BlockStmBase from './BlockStmBase.ts'
import type { WorkerReply } from './BlockStmLeader.ts'
import type { Pool } from './BlockStmPool.ts'
import * as BlockStmPost from './BlockStmPost.ts'

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
  /** Set when the engine chose, before running, to run the block sequentially (`plan`), and why. */
  readonly planned: string | null
}

/**
 * Fewer transactions than this per thread, and the block runs sequentially: the hand-offs would
 * cost more than the parallelism could gain.
 */
export const MIN_TXS_PER_THREAD = 2

/**
 * Less gas limit than this per thread, summed over the block's transactions, and the block runs
 * sequentially: at 2 threads on a 2-core machine every bundled mainnet block under 10 Mgas of
 * gas limit (plain transfers of 2015–2017, a 2016 DoS block, small blocks of 4–45 txs) ran at
 * 0.3x–1.06x of sequential, the cheaper ones far below 1 (docs/block-stm.md, "Planning").
 */
export const MIN_GAS_LIMIT_PER_THREAD = 5_000_000n

/**
 * Less gas limit than this per transaction on average, and the block runs sequentially: it is
 * nearly all plain transfers (21,000 gas), each executed in about 0.1 ms, less than its hand-off
 * costs at 2 threads (150–350 µs per transaction on the bundled mainnet blocks). 14396881 (1,346
 * transactions, 29,868 gas of limit on average) ran at 0.78x of sequential; the cheapest
 * block that gained averages 50,078 (15199017, 1.28x; docs/block-stm.md, "Planning").
 */
export const MIN_GAS_LIMIT_PER_TX = 40_000n

/**
 * One sender's transactions must run in order (each needs the nonce the previous one writes).
 * When one sender's chain holds at least this share of the block's gas limit, no schedule can
 * gain much, and the block runs sequentially.
 */
export const MAX_SENDER_SHARE = 0.75

/**
 * What the engine will do with a block at `threads` threads, decided from the transaction list
 * alone, before any execution: Block-STM, or the sequential path with the reason (too few
 * transactions; too little gas limit to pay for the hand-offs, in all or per transaction; one
 * sender's chain dominating).
 * One thread always runs Block-STM itself.
 */
export function plan(txs: readonly Execute.Tx[], threads: number): string | null {
  if (threads === 1) return null
  if (txs.length < MIN_TXS_PER_THREAD * threads)
    return `${txs.length} transactions: fewer than ${MIN_TXS_PER_THREAD} per thread`
  const bySender = new Map<string, bigint>()
  let total = 0n
  for (const tx of txs) {
    bySender.set(tx.from, (bySender.get(tx.from) ?? 0n) + tx.gasLimit)
    total += tx.gasLimit
  }
  if (total < MIN_GAS_LIMIT_PER_THREAD * BigInt(threads))
    return `${Number(total / 1000n) / 1000} Mgas of gas limit: less than ${Number(MIN_GAS_LIMIT_PER_THREAD / 1_000_000n)} Mgas per thread`
  if (total < MIN_GAS_LIMIT_PER_TX * BigInt(txs.length))
    return `${total / BigInt(txs.length)} gas of limit per transaction on average: less than ${MIN_GAS_LIMIT_PER_TX}, plain transfers cheaper than their hand-off`
  const longest = Math.max(...[...bySender.values()].map(Number))
  const share = total === 0n ? 0 : longest / Number(total)
  if (share < MAX_SENDER_SHARE) return null
  return `one sender's transactions hold ${Math.round(share * 100)}% of the block's gas limit and must run in order`
}

/** Same shape as `Execute.Result` (accesses null) plus the Block-STM counters. */
export type Result = Execute.Result & { readonly stats: Stats }

/**
 * Runs a block with Block-STM on `threads` threads of `pool`: worker 0 leads (scheduler,
 * authoritative multi-version memory, validation) and executes transactions itself between
 * coordinating; workers 1..threads-1 execute on their own ethereumjs VMs whose reads go through a
 * replica of the memory, kept current by the updates shipped with each task. Balance credits a
 * transaction never looks at (fees, value transfers) are lazy additions. The result equals `Execute.run`.
 * @example const result = await BlockStm.run(genesis, txs, { threads: 2, pool })
 */
export async function run(
  genesis: Genesis.Genesis,
  txs: readonly Execute.Tx[],
  options: run.Options,
): Promise<Result> {
  const { pool, stateRoot = 'merkle', deadlineMs = 60_000 } = options
  if (!isPrepared(pool, genesis, txs)) await prepare(genesis, txs, { pool })
  const { threads } = options
  if (!Number.isInteger(threads) || threads < 1 || threads > pool.size)
    throw new RangeError(`run asks for ${threads} threads; pool has ${pool.size}`)
  const planned = options.planner === false ? null : plan(txs, threads)
  if (planned !== null) {
    const alone = await sequential(genesis, txs, { pool, stateRoot })
    const none = { executions: txs.length, validations: 0, aborts: 0, dependencyWaits: 0 }
    return { ...alone, stats: { threads, ...none, reexecutions: 0, fallback: null, planned } }
  }
  const reply = await pool.request(0, { type: 'run', threads, deadlineMs })
  if (reply.type !== 'ran') throw failed(reply)
  const { executions, validations, aborts, dependencyWaits } = reply
  const stats = {
    threads,
    executions,
    validations,
    aborts,
    dependencyWaits,
    reexecutions: Math.max(executions - txs.length, 0),
  }
  if (reply.unsupported !== null) {
    // The fallback runs where Block-STM ran, and its time counts the attempt that failed too.
    const fallback = await sequential(genesis, txs, { pool, stateRoot })
    const executionNs = reply.executionNs + fallback.executionNs
    const reason = reply.unsupported
    return { ...fallback, executionNs, stats: { ...stats, fallback: reason, planned: null } }
  }
  if (reply.invalid !== null) throw new BaseError(reply.invalid, { code: 'EVM_REPLAY_FAILED' })
  const results = reply.outcomes.map((r, i) => ({
    txIndex: txs[i]?.txIndex ?? i,
    ...r,
    accesses: null,
  }))
  // Like `Execute.run`'s dump of its state manager, building the plain post-state is not timed.
  const post = BlockStmPost.postState(genesis, reply.finals)
  return {
    results,
    totalGasUsed: results.reduce((sum, r) => sum + r.gasUsed, 0n),
    postState: post,
    stateRoot: stateRoot === 'merkle' ? await Genesis.stateRoot(post) : null,
    executionNs: reply.executionNs,
    stats: { ...stats, fallback: null, planned: null },
  }
}

export declare namespace run {
  type Options = {
    readonly threads: number
    readonly pool: Pool
    readonly stateRoot?: 'merkle' | 'skip'
    /** Deadlock watchdog: fail when the leader waits this long with no remote reply. */
    readonly deadlineMs?: number
    /** `false`: run Block-STM whatever `plan` says (tests of the engine itself). Default true. */
    readonly planner?: boolean
  }
}

/**
 * The sequential baseline under the conditions Block-STM runs in: `Execute.run` on worker 0 of
 * `pool` (the leader's isolate, heap and warmed JIT) over the prepared block, its transaction loop
 * timed as usual. Benchmarks compare against this rather than a run on the caller's thread, whose
 * heap (and so its GC pauses) depends on whatever else the caller holds.
 * @example const seq = await BlockStm.sequential(genesis, txs, { pool })
 */
export async function sequential(
  genesis: Genesis.Genesis,
  txs: readonly Execute.Tx[],
  options: sequential.Options,
): Promise<Execute.Result> {
  const { pool, stateRoot = 'merkle', capture = 'none', verifySignatures = false } = options
  if (!isPrepared(pool, genesis, txs)) await prepare(genesis, txs, { pool })
  const request = { type: 'sequential' as const, options: { capture, verifySignatures } }
  const reply = await pool.request(0, request)
  if (reply.type !== 'sequential-ran') throw failed(reply)
  const { result } = reply
  return {
    ...result,
    stateRoot: stateRoot === 'merkle' ? await Genesis.stateRoot(result.postState) : null,
  }
}

export declare namespace sequential {
  type Options = Pick<Execute.run.Options, 'capture' | 'verifySignatures'> & {
    readonly pool: Pool
    readonly stateRoot?: 'merkle' | 'skip'
  }
}

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

/** The error for a worker reply of the wrong kind (a worker's own error keeps its code). */
function failed(reply: WorkerReply): BaseError {
  if (reply.type === 'error')
    return new BaseError(reply.message, { code: reply.code ?? 'WORKER_FAILED' })
  return new BaseError(`unexpected ${reply.type} reply from a block-stm worker`, {
    code: 'WORKER_FAILED',
  })
}
