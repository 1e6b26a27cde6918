import * as State from '../model/State.ts'
import type * as Tx from '../model/Tx.ts'
import * as BlockStm from './blockstm/BlockStm.ts'
import * as Optimistic from './Optimistic.ts'
import * as Planned from './Planned.ts'
import type { Pool } from './Pool.ts'
import type { Clock } from './Run.ts'
import * as Sequential from './Sequential.ts'

/** A parallel run whose full final state differs from the sequential one. */
export type Mismatch = {
  readonly mode: 'access-list' | 'optimistic' | 'block-stm'
  readonly threads: number
  readonly sequentialHash: string
  readonly hash: string
}

/** Result of one equivalence check over a thread list. */
export type Result = {
  readonly ok: boolean
  /** One check per thread count. */
  readonly checked: number
  readonly sequentialHash: string
  readonly mismatches: readonly Mismatch[]
}

/**
 * Runs sequential once, then access-list, optimistic and Block-STM at every thread count, comparing the
 * FULL final state (not just the hash) with sequential. Never throws on a mismatch.
 * @example const result = await Verify.run(w.initialState, w.txs, { threads: [1, 2], pool })
 */
export async function run(
  initial: State.State,
  txs: readonly Tx.Tx[],
  options: run.Options,
): Promise<Result> {
  const { threads, pool, clock } = options
  const common = { ...(pool ? { pool } : {}), ...(clock ? { clock } : {}) }
  const sequential = Sequential.run(initial, txs, common)
  const mismatches: Mismatch[] = []
  for (const t of threads) {
    const runs = [
      await Planned.run(initial, txs, { ...common, threads: t }),
      await Optimistic.run(initial, txs, { ...common, threads: t }),
      await BlockStm.run(initial, txs, { threads: t, ...(clock ? { clock } : {}) }),
    ]
    for (const r of runs) {
      if (!State.equals(r.finalState, sequential.finalState)) {
        mismatches.push({
          mode: r.mode as Mismatch['mode'],
          threads: t,
          sequentialHash: sequential.stateHash,
          hash: r.stateHash,
        })
      }
    }
  }
  return {
    ok: mismatches.length === 0,
    checked: threads.length,
    sequentialHash: sequential.stateHash,
    mismatches,
  }
}

export declare namespace run {
  type Options = {
    readonly threads: readonly number[]
    readonly pool?: Pool
    readonly clock?: Clock
  }
}
