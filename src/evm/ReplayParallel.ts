import * as BlockStm from './blockstm/BlockStm.ts'
import type { Pool } from './blockstm/BlockStmPool.ts'
import type * as Execute from './Execute.ts'
import type * as Genesis from './Genesis.ts'
import type { Input } from './Replay.ts'
import * as SystemCalls from './SystemCalls.ts'

/**
 * A replayed block run again by a parallel engine and checked against the sequential replay:
 * every receipt (status, gas, logs, output) and the whole post-state must be equal.
 */

/** One parallel run of a block and how it compared. */
export type Parallel = {
  readonly engine: 'block-stm'
  readonly threads: number
  /** The first difference from the sequential replay, or null when equal. */
  readonly difference: string | null
  /** Time of the run (a timing: never part of any hash); a fallback includes the failed attempt. */
  readonly executionNs: bigint
  /**
   * Time of the sequential baseline the speedup is taken against (a timing): `Execute.run` on the
   * engine's own worker over the same prepared block (`BlockStm.sequential`), run once per block
   * before the parallel runs. The replay's own sequential run is not a fair baseline: it runs on
   * the caller's thread, with its heap, and builds the transaction objects inside its clock.
   */
  readonly baselineNs: bigint
  readonly stats: BlockStm.Stats
}

/**
 * Runs Block-STM on `pool` at each thread count over the block the sequential replay ran
 * (`sequential`, its post-state after the post-block changes) and compares.
 */
export async function blockStm(
  prepared: Input,
  sequential: { readonly results: readonly Execute.TxResult[]; readonly post: Genesis.Genesis },
  options: { readonly pool: Pool; readonly threads: readonly number[]; readonly planner?: boolean },
): Promise<Parallel[]> {
  const out: Parallel[] = []
  const baseline = await BlockStm.sequential(prepared.genesis, prepared.txs, {
    pool: options.pool,
    stateRoot: 'skip',
  })
  for (const threads of options.threads) {
    const run = await BlockStm.run(prepared.genesis, prepared.txs, {
      pool: options.pool,
      threads,
      stateRoot: 'skip',
      ...(options.planner === undefined ? {} : { planner: options.planner }),
    })
    const post = SystemCalls.postBlock(run.postState, prepared.header).genesis
    out.push({
      engine: 'block-stm',
      threads,
      difference: differs(sequential, { results: run.results, post }),
      executionNs: run.executionNs,
      baselineNs: baseline.executionNs,
      stats: run.stats,
    })
  }
  return out
}

type Run = { readonly results: readonly Execute.TxResult[]; readonly post: Genesis.Genesis }

/**
 * The first difference between two runs of one block, in words, or null: receipts, then the
 * post-state account by account. `emptyAsAbsent` leaves out accounts with no balance, nonce, code
 * or storage on both sides (for engines that cannot express them: a BAL before EIP-161).
 */
export function differs(
  expected: Run,
  actual: Run,
  options: { readonly emptyAsAbsent?: boolean } = {},
): string | null {
  if (expected.results.length !== actual.results.length)
    return `${actual.results.length} receipts instead of ${expected.results.length}`
  for (const [i, want] of expected.results.entries()) {
    const got = actual.results[i] as Execute.TxResult
    for (const field of ['status', 'gasUsed', 'error', 'output'] as const)
      if (got[field] !== want[field])
        return `tx ${i}: ${field} ${String(got[field])} instead of ${String(want[field])}`
    if (JSON.stringify(got.logs) !== JSON.stringify(want.logs)) return `tx ${i}: logs differ`
  }
  const kept = (accounts: readonly Genesis.Account[]) =>
    options.emptyAsAbsent === true ? accounts.filter((a) => !isEmpty(a)) : accounts
  const accounts = new Map(kept(actual.post.accounts).map((a) => [a.address, a]))
  for (const want of kept(expected.post.accounts)) {
    const got = accounts.get(want.address)
    if (got === undefined) return `account ${want.address} missing from the post-state`
    accounts.delete(want.address)
    if (got.balance !== want.balance)
      return `account ${want.address}: balance ${got.balance} instead of ${want.balance}`
    if (got.nonce !== want.nonce)
      return `account ${want.address}: nonce ${got.nonce} instead of ${want.nonce}`
    if (got.code !== want.code) return `account ${want.address}: code differs`
    if (JSON.stringify(got.storage) !== JSON.stringify(want.storage))
      return `account ${want.address}: storage differs`
  }
  const extra = [...accounts.keys()][0]
  return extra === undefined ? null : `account ${extra} should not exist after the block`
}

function isEmpty(a: Genesis.Account): boolean {
  return a.balance === 0n && a.nonce === 0n && a.code === '0x' && a.storage.length === 0
}
