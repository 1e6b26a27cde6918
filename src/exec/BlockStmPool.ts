import type { Worker } from 'node:worker_threads'
import type { Tx } from '../model/Tx.ts'
import { BaseError } from '../primitives/Errors.ts'
import type { Plan, Shared } from './BlockStmLayout.ts'
import type { Counters } from './BlockStmThread.ts'
import * as Spawn from './Spawn.ts'

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
 * Starts `size` Block-STM workers. A crashed worker fails the pool; `close()` terminates them.
 * @example const pool = BlockStmPool.create({ size: 4 }); try { … } finally { await pool.close() }
 */
export function create(options: { readonly size: number }): Pool {
  const { size } = options
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`pool size must be >= 1, got ${size}`)
  let failure: Error | undefined
  let closed = false
  const waiting = new Map<Worker, (reply: RunReply) => void>()
  const workers = Array.from({ length: size }, (_, i) =>
    Spawn.worker(import.meta.url, 'worker-block-stm').then((worker) => {
      worker.unref()
      worker.on('message', (reply: RunReply) => {
        const resolve = waiting.get(worker)
        waiting.delete(worker)
        worker.unref()
        resolve?.(reply)
      })
      const fail = (message: string): void => {
        failure ??= new BaseError(`block-stm worker ${i} failed: ${message}`, {
          code: 'WORKER_FAILED',
        })
        for (const resolve of waiting.values())
          resolve({ type: 'error', message: failure.message, halted: false })
        waiting.clear()
      }
      worker.on('error', (err) => fail(err.message))
      worker.on('exit', (code) => {
        if (!closed) fail(`exited unexpectedly with code ${code}`)
      })
      if (closed) void worker.terminate()
      return worker
    }),
  )
  for (const w of workers) w.catch(() => undefined)
  return {
    size,
    ready: async () => {
      await Promise.all(workers)
    },
    run: async (threads, message) => {
      if (threads > size) throw new RangeError(`run asks for ${threads} threads; pool has ${size}`)
      if (closed) throw new BaseError('block-stm pool is closed', { code: 'WORKER_FAILED' })
      const used = await Promise.all(workers.slice(0, threads))
      if (failure) throw failure
      return Promise.all(
        used.map(
          (worker) =>
            new Promise<RunReply>((resolve) => {
              waiting.set(worker, resolve)
              worker.ref()
              worker.postMessage(message)
            }),
        ),
      )
    },
    close: async () => {
      if (closed) return
      closed = true
      const settled = await Promise.allSettled(workers)
      await Promise.all(
        settled.map((s) => (s.status === 'fulfilled' ? s.value.terminate() : undefined)),
      )
    },
  }
}
