import type { ResourceLimits } from 'node:worker_threads'
import type { Delta, State } from '../model/State.ts'
import type { Tx } from '../model/Tx.ts'
import { BaseError } from '../primitives/Errors.ts'
import type { IndexedOutcome, Reply, Request } from './protocol.ts'
import * as Spawn from './Spawn.ts'

/** A set of long-lived worker threads, each holding a state replica; reusable across runs. */
export type Pool = ReturnType<typeof create>

/**
 * Starts `size` worker threads (`Spawn.workers`: idle ones unref'd, a crashed one rejects every
 * pending request); `close()` terminates them.
 * @example const pool = Pool.create({ size: 2 }); try { … } finally { await pool.close() }
 */
export function create(options: create.Options) {
  const { size, resourceLimits } = options
  const workers = Spawn.workers<Request, Reply>(import.meta.url, 'worker', {
    size,
    resourceLimits,
    label: 'worker thread',
  })
  // Committed deltas a worker has not seen yet (it had no work in the latest steps).
  const backlog: (readonly Delta[])[] = Array.from({ length: size }, () => [])
  const request = async (index: number, message: Request): Promise<Reply> => {
    const reply = await workers.request(index, message)
    if (reply.type === 'error') throw workerError(index, reply.message)
    return reply
  }

  return {
    size,
    /** Resolves once every worker has started (spawning is not part of any timed run). */
    async ready(): Promise<void> {
      await workers.started()
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
    close: workers.close,
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

function workerError(index: number, message: string): BaseError {
  return new BaseError(`worker thread ${index} failed: ${message}`, { code: 'WORKER_FAILED' })
}
