import type { Worker } from 'node:worker_threads'
import * as Spawn from '../exec/Spawn.ts'
import { BaseError } from '../primitives/Errors.ts'
import type { Reply, Request } from './BlockStmExec.ts'

/** Long-lived EVM Block-STM workers (each with its own ethereumjs VM); reusable across blocks. */
export type Pool = {
  readonly size: number
  readonly ready: () => Promise<void>
  /** Sends one request to worker `index`; a worker answers its requests one by one, in order. */
  readonly request: (index: number, message: Request) => Promise<Reply>
  readonly close: () => Promise<void>
}

/**
 * Starts `size` workers. A crashed worker rejects its pending request; `close()` terminates all.
 * @example const pool = BlockStmPool.create({ size: 2 }); try { … } finally { await pool.close() }
 */
export function create(options: { readonly size: number }): Pool {
  const { size } = options
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`pool size must be >= 1, got ${size}`)
  let closed = false
  type Pending = { resolve: (r: Reply) => void; reject: (e: Error) => void }
  const pending = new Map<Worker, Pending[]>()
  const workers = Array.from({ length: size }, (_, i) =>
    Spawn.worker(import.meta.url, 'worker-block-stm', { bundle: 'file' }).then((worker) => {
      worker.unref()
      worker.on('message', (reply: Reply) => {
        const queue = pending.get(worker)
        const p = queue?.shift()
        if (queue?.length === 0) worker.unref()
        p?.resolve(reply)
      })
      const fail = (message: string): void => {
        const queue = pending.get(worker) ?? []
        pending.delete(worker)
        const error = new BaseError(`evm block-stm worker ${i} failed: ${message}`, {
          code: 'WORKER_FAILED',
        })
        for (const p of queue) p.reject(error)
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
    request: async (index, message) => {
      if (closed) throw new BaseError('evm block-stm pool is closed', { code: 'WORKER_FAILED' })
      const worker = await (workers[index] as Promise<Worker>)
      return new Promise<Reply>((resolve, reject) => {
        const queue = pending.get(worker) ?? []
        queue.push({ resolve, reject })
        pending.set(worker, queue)
        worker.ref()
        worker.postMessage(message)
      })
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
