import { MessageChannel } from 'node:worker_threads'
import * as Spawn from '../../exec/Spawn.ts'
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
  // Rung by a remote after each reply; FAILED tells a waiting leader that a remote died.
  const ctrl = new Int32Array(new SharedArrayBuffer(LEADER_CTRL_SIZE * 4))
  const workers = Spawn.workers<WorkerRequest, WorkerReply>(import.meta.url, 'worker-block-stm', {
    size,
    label: 'evm block-stm worker',
    bundle: 'file',
    resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb },
    onFail: () => {
      Atomics.store(ctrl, FAILED, 1)
      Atomics.add(ctrl, BELL, 1)
      Atomics.notify(ctrl, BELL)
    },
  })
  // Wires worker 0 to every other worker once all exist; requests wait for this.
  const wired = workers.started().then((list) => {
    const remotes = list.slice(1).map((worker) => {
      const { port1, port2 } = new MessageChannel()
      const init: InitMessage = { type: 'init', role: 'remote', port: port2, ctrl }
      worker.postMessage(init, [port2])
      return port1
    })
    const init: InitMessage = { type: 'init', role: 'leader', remotes, ctrl }
    list[0]?.postMessage(init, remotes)
  })
  wired.catch(() => undefined)
  return {
    size,
    ready: () => wired,
    request: async (index, message) => {
      await wired
      return workers.request(index, message)
    },
    close: workers.close,
  }
}

export declare namespace create {
  type Options = {
    readonly size: number
    /** Young generation per worker in MB (default `YOUNG_GENERATION_MB`). */
    readonly youngGenerationMb?: number
  }
}
