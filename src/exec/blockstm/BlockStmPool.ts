import type { Tx } from '../../model/Tx.ts'
import * as Spawn from '../Spawn.ts'
import type { Plan, Shared } from './BlockStmLayout.ts'
import type { Counters } from './BlockStmThread.ts'

/** Parent → worker: run Block-STM thread `index` of a run over shared memory until done. */
export type RunMessage = {
  readonly type: 'run'
  readonly plan: Plan
  readonly memory: Shared
  readonly txs: readonly Tx[]
  /** Watchdog: fail when no task completes anywhere for this long while this thread idles. */
  readonly deadlineMs: number
}

/** Worker → parent. `stuck` marks a watchdog failure; `halted` a thread stopped by another's failure. */
export type RunReply =
  | { readonly type: 'done'; readonly counters: Counters }
  | { readonly type: 'error'; readonly message: string; readonly halted: boolean }

/** Long-lived Block-STM worker threads, reusable across runs (spawning is never timed). */
export type Pool = {
  readonly size: number
  readonly ready: () => Promise<void>
  /** Starts `threads` workers on the same run; resolves with every worker's reply. */
  readonly run: (threads: number, message: RunMessage) => Promise<RunReply[]>
  readonly close: () => Promise<void>
}

/**
 * Starts `size` Block-STM workers (`Spawn.workers`). A crashed worker fails the pool: every thread
 * of the run it was in answers with an error; `close()` terminates them.
 * @example const pool = BlockStmPool.create({ size: 4 }); try { … } finally { await pool.close() }
 */
export function create(options: { readonly size: number }): Pool {
  const { size } = options
  const workers = Spawn.workers<RunMessage, RunReply>(import.meta.url, 'worker-block-stm', {
    size,
    label: 'block-stm worker',
  })
  return {
    size,
    ready: async () => {
      await workers.started()
    },
    run: async (threads, message) => {
      if (threads > size) throw new RangeError(`run asks for ${threads} threads; pool has ${size}`)
      return Promise.all(
        Array.from({ length: threads }, (_, i) =>
          workers
            .request(i, message)
            .catch(
              (err: Error): RunReply => ({ type: 'error', message: err.message, halted: false }),
            ),
        ),
      )
    },
    close: workers.close,
  }
}
