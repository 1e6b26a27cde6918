import { MessageChannel, type Worker } from 'node:worker_threads'
import * as Spawn from '../exec/Spawn.ts'
import { BaseError } from '../primitives/Errors.ts'
import type { InitMessage, WorkerReply, WorkerRequest } from './BlockStmLeader.ts'
import { BELL, FAILED, LEADER_CTRL_SIZE } from './BlockStmLeader.ts'

/**
 * Long-lived EVM Block-STM workers (each with its own ethereumjs VM); reusable across blocks.
 * Worker 0 leads a run (scheduler, authoritative memory, validation, and its own executions);
 * workers 1.. are remotes it drives over their own MessageChannels.
 */
export type Pool = {
  readonly size: number
  readonly ready: () => Promise<void>
  /** Sends one request to worker `index`; a worker answers its requests one by one, in order. */
  readonly request: (index: number, message: WorkerRequest) => Promise<WorkerReply>
  readonly close: () => Promise<void>
}

/**
 * Young generation of every worker, in MB (V8 splits it 1:1:1 into two semi-spaces and the new
 * large-object space, so 192 is a 64 MB semi-space; Node's default is 16 MB). ethereumjs allocates
 * about 1 GB/s while executing: with the default, 8 runs of a 400-swap block took 892 scavenges
 * (1.45 s); with 64 MB, 246 (0.85 s). See docs/block-stm.md for the effect on 2-thread runs.
 * Every worker of every pool gets the same limit, including the one `bench-evm-block` times the
 * sequential baseline on, so the comparison stays like for like.
 */
export const YOUNG_GENERATION_MB = 192

/**
 * Starts `size` workers. A crashed worker rejects its pending requests (a crashed remote also
 * stops the leader's run), and the pool refuses every later request: start a new one. `close()`
 * rejects what is still pending and terminates all.
 * @example const pool = BlockStmPool.create({ size: 2 }); try { … } finally { await pool.close() }
 */
export function create(options: create.Options): Pool {
  const { size, youngGenerationMb = YOUNG_GENERATION_MB } = options
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`pool size must be >= 1, got ${size}`)
  let closed = false
  // Rung by a remote after each reply; FAILED tells a waiting leader that a remote died.
  const ctrl = new Int32Array(new SharedArrayBuffer(LEADER_CTRL_SIZE * 4))
  type Pending = { resolve: (r: WorkerReply) => void; reject: (e: Error) => void }
  const pending = new Map<Worker, Pending[]>()
  const spawned = Array.from({ length: size }, (_, i) =>
    Spawn.worker(import.meta.url, 'worker-block-stm', {
      bundle: 'file',
      resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb },
    }).then((worker) => {
      worker.unref()
      worker.on('message', (reply: WorkerReply) => {
        const queue = pending.get(worker)
        const p = queue?.shift()
        if (queue?.length === 0) worker.unref()
        p?.resolve(reply)
      })
      const fail = (message: string): void => {
        Atomics.store(ctrl, FAILED, 1)
        Atomics.add(ctrl, BELL, 1)
        Atomics.notify(ctrl, BELL)
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
  // Wires worker 0 to every other worker once all exist; requests wait for this.
  const workers = Promise.all(spawned).then((list) => {
    const remotes = list.slice(1).map((worker) => {
      const { port1, port2 } = new MessageChannel()
      const init: InitMessage = { type: 'init', role: 'remote', port: port2, ctrl }
      worker.postMessage(init, [port2])
      return port1
    })
    const init: InitMessage = { type: 'init', role: 'leader', remotes, ctrl }
    list[0]?.postMessage(init, remotes)
    return list
  })
  workers.catch(() => undefined)
  return {
    size,
    ready: async () => {
      await workers
    },
    request: async (index, message) => {
      if (closed) throw new BaseError('evm block-stm pool is closed', { code: 'WORKER_FAILED' })
      if (Atomics.load(ctrl, FAILED) !== 0)
        throw new BaseError('evm block-stm pool has a failed worker', { code: 'WORKER_FAILED' })
      const worker = (await workers)[index] as Worker
      if (closed) throw new BaseError('evm block-stm pool is closed', { code: 'WORKER_FAILED' })
      return new Promise<WorkerReply>((resolve, reject) => {
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
      // A request still waiting would never be answered by a terminated worker.
      const error = new BaseError('evm block-stm pool was closed with requests pending', {
        code: 'WORKER_FAILED',
      })
      for (const queue of pending.values()) for (const p of queue) p.reject(error)
      pending.clear()
      const settled = await Promise.allSettled(spawned)
      await Promise.all(
        settled.map((s) => (s.status === 'fulfilled' ? s.value.terminate() : undefined)),
      )
    },
  }
}

export declare namespace create {
  type Options = {
    readonly size: number
    /** Young generation per worker in MB (default `YOUNG_GENERATION_MB`). */
    readonly youngGenerationMb?: number
  }
}
