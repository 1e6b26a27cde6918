import type { ResourceLimits, Worker } from 'node:worker_threads'
import type { Delta, State } from '../model/State.ts'
import type { Tx } from '../model/Tx.ts'
import { BaseError } from '../primitives/Errors.ts'
import type { IndexedOutcome, Reply, Request } from './protocol.ts'
import * as Spawn from './Spawn.ts'

/** A set of long-lived worker threads, each holding a state replica; reusable across runs. */
export type Pool = ReturnType<typeof create>

type Slot = {
  readonly worker: Worker
  readonly pending: { resolve: (reply: Reply) => void; reject: (err: Error) => void }[]
}

/**
 * Starts `size` worker threads. Idle workers are unref'd, so a forgotten pool never keeps the
 * process alive; `close()` terminates them. A crashed worker rejects every pending request.
 * @example const pool = Pool.create({ size: 2 }); try { … } finally { await pool.close() }
 */
export function create(options: create.Options) {
  const { size, resourceLimits } = options
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`pool size must be >= 1, got ${size}`)
  const slots: Promise<Slot>[] = []
  let failure: Error | undefined
  // Committed deltas a worker has not seen yet (it had no work in the latest steps).
  const backlog: (readonly Delta[])[] = Array.from({ length: size }, () => [])
  let closed = false

  const started: Slot[] = []
  const fail = (err: Error): void => {
    failure ??= err
    for (const slot of started) for (const p of slot.pending.splice(0)) p.reject(failure)
  }
  for (let i = 0; i < size; i++) {
    slots.push(
      Spawn.worker(import.meta.url, 'worker', { resourceLimits }).then((worker) => {
        const slot: Slot = { worker, pending: [] }
        started.push(slot)
        worker.unref()
        worker.on('message', (reply: Reply) => {
          const next = slot.pending.shift()
          if (slot.pending.length === 0) worker.unref()
          if (reply.type === 'error') next?.reject(workerError(i, reply.message))
          else next?.resolve(reply)
        })
        worker.on('error', (err) => fail(workerError(i, err.message, err)))
        worker.on('exit', (code) => {
          if (!closed) fail(workerError(i, `exited unexpectedly with code ${code}`))
        })
        if (closed) void worker.terminate()
        return slot
      }),
    )
    // A spawn failure surfaces at the first request that awaits this slot; mark it handled now.
    slots[i]?.catch(() => undefined)
  }

  const request = async (index: number, message: Request): Promise<Reply> => {
    if (closed) throw new BaseError('worker pool is closed', { code: 'WORKER_FAILED' })
    const slot = await (slots[index] as Promise<Slot>)
    if (failure) throw failure
    return new Promise<Reply>((resolve, reject) => {
      slot.pending.push({ resolve, reject })
      slot.worker.ref()
      slot.worker.postMessage(message)
    })
  }

  return {
    size,
    /** Resolves once every worker has started (spawning is not part of any timed run). */
    async ready(): Promise<void> {
      await Promise.all(slots)
    },
    /** Loads the initial state and transaction list into the first `threads` workers. */
    async load(threads: number, state: State, txs: readonly Tx[]): Promise<void> {
      const used = checkThreads(threads, size)
      backlog.fill([])
      await Promise.all(
        Array.from({ length: used }, (_, i) => request(i, { type: 'load', state, txs })),
      )
    },
    /**
     * Executes chunk i on worker i (of the first `threads`). `deltas` (committed since the last
     * step, canonical order) reach every replica: idle workers get them with their next chunk.
     */
    async step(
      threads: number,
      deltas: readonly Delta[],
      chunks: readonly (readonly number[])[],
    ): Promise<IndexedOutcome[]> {
      const used = checkThreads(threads, size)
      const requests: Promise<Reply>[] = []
      for (let i = 0; i < used; i++) {
        const indices = chunks[i] ?? []
        const pendingDeltas = [...(backlog[i] ?? []), ...deltas]
        if (indices.length === 0) {
          backlog[i] = pendingDeltas
          continue
        }
        backlog[i] = []
        requests.push(request(i, { type: 'execute', deltas: pendingDeltas, indices }))
      }
      const outcomes: IndexedOutcome[] = []
      for (const reply of await Promise.all(requests)) {
        if (reply.type === 'outcomes') outcomes.push(...reply.outcomes)
      }
      return outcomes.sort((a, b) => a.index - b.index)
    },
    /** Terminates every worker; pending requests are rejected. */
    async close(): Promise<void> {
      if (closed) return
      closed = true
      fail(new BaseError('worker pool is closed', { code: 'WORKER_FAILED' }))
      const settled = await Promise.allSettled(slots)
      await Promise.all(
        settled.map((s) => (s.status === 'fulfilled' ? s.value.worker.terminate() : undefined)),
      )
    },
  }
}

export declare namespace create {
  type Options = {
    readonly size: number
    /** Per-worker V8 limits (a worker that exceeds them crashes; its requests reject). */
    readonly resourceLimits?: ResourceLimits
  }
}

function checkThreads(threads: number, size: number): number {
  if (threads > size) throw new RangeError(`run asks for ${threads} threads; pool has ${size}`)
  return Math.max(threads, 1)
}

function workerError(index: number, message: string, cause?: unknown): BaseError {
  return new BaseError(`worker thread ${index} failed: ${message}`, {
    code: 'WORKER_FAILED',
    cause,
  })
}
