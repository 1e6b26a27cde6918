import type { Delta, State } from '../model/State.ts'
import * as Tx from '../model/Tx.ts'
import type { Options } from './Run.ts'
import { chunk } from './Run.ts'

/** Executes batches of independent transactions, in-process or on the worker pool. */
export type Runner = {
  readonly threads: number
  /**
   * Executes `positions` against the committed state. `committed` = the deltas committed since the
   * previous call, in canonical order (replicas replay them; the in-process path already has them).
   * Returns outcomes aligned with `positions`.
   */
  readonly execute: (
    positions: readonly number[],
    committed: readonly Delta[],
  ) => Promise<Tx.Outcome[]>
}

/** Opens a runner over the parent's live `state` (read, never written, by the runner). */
export async function open(state: State, txs: readonly Tx.Tx[], options: Options): Promise<Runner> {
  const threads = Math.max(options.threads ?? 1, 1)
  const { pool } = options
  if (threads === 1 || pool === undefined) {
    if (threads > 1) throw new RangeError(`threads=${threads} needs a worker pool`)
    return {
      threads,
      execute: async (positions) => positions.map((i) => Tx.execute(state, txs[i] as Tx.Tx)),
    }
  }
  await pool.load(threads, state, txs)
  const weight = (i: number): number => (txs[i]?.vmSteps ?? 0) + 1
  return {
    threads,
    execute: async (positions, committed) => {
      const indexed = await pool.step(threads, committed, chunk(positions, weight, threads))
      const byIndex = new Map(indexed.map((o) => [o.index, o.outcome]))
      return positions.map((i) => byIndex.get(i) as Tx.Outcome)
    },
  }
}
