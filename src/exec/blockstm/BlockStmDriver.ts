import type { Tx } from '../../model/Tx.ts'
import { BaseError } from '../../primitives/Errors.ts'
import type { Plan, Shared } from './BlockStmLayout.ts'
import { CTRL_HALT, CTRL_PROGRESS, CTRL_SIZE } from './BlockStmLayout.ts'
import type { RunMessage, RunReply } from './BlockStmPool.ts'
import * as Scheduler from './BlockStmScheduler.ts'
import type { Counters } from './BlockStmThread.ts'
import { counters, HALTED, thread } from './BlockStmThread.ts'

const SLEEP_SLOT = CTRL_SIZE - 1

/** The watchdog's error: no task completed anywhere for too long; names the stuck scheduler state. */
export function stuck(memory: Shared, n: number, waited: string): BaseError {
  return new BaseError(
    `block-stm made no progress for ${waited}: ${Scheduler.describe(memory, n)}`,
    {
      code: 'INTERNAL',
      hints: ['this is a scheduler deadlock or livelock; please report it with the workload seed'],
    },
  )
}

/**
 * Runs one real thread to completion (the worker's whole job). Idle threads spin briefly, then
 * sleep 50 µs at a time on `Atomics.wait`; the watchdog halts every thread when no task has
 * completed for `deadlineMs`.
 */
export function onWorker(message: RunMessage): RunReply {
  const { plan, memory, txs, deadlineMs } = message
  const own = counters()
  const gen = thread({ plan, memory, txs, counters: own })
  let idle = 0
  let lastProgress = -1
  let since = 0
  try {
    for (let r = gen.next(); !r.done; r = gen.next()) {
      if (r.value !== 'idle') {
        idle = 0
        continue
      }
      idle += 1
      if (idle < 64) continue
      const progress = Atomics.load(memory.ctrl, CTRL_PROGRESS)
      const now = performance.now()
      if (progress !== lastProgress) {
        lastProgress = progress
        since = now
      } else if (now - since > deadlineMs) {
        const err = stuck(memory, plan.txCount, `${deadlineMs} ms`)
        Atomics.store(memory.ctrl, CTRL_HALT, 1)
        return { type: 'error', message: err.message, halted: false }
      }
      Atomics.wait(memory.ctrl, SLEEP_SLOT, 0, 0.05)
    }
    return { type: 'done', counters: own }
  } catch (err) {
    Atomics.store(memory.ctrl, CTRL_HALT, 1)
    const message = err instanceof Error ? err.message : String(err)
    return { type: 'error', message, halted: message === HALTED }
  }
}

/**
 * Runs `threads` virtual threads in-process, interleaved one step at a time in an order drawn
 * from `seed` (a different schedule per seed exercises aborts, estimates and suspensions).
 * Throws the watchdog error after `maxIdleSteps` consecutive steps without progress.
 */
export function runVirtual(
  plan: Plan,
  memory: Shared,
  txs: readonly Tx[],
  threads: number,
  seed: number,
  maxIdleSteps = 1_000_000,
): Counters[] {
  const all = Array.from({ length: threads }, counters)
  const live = all.map((own) => thread({ plan, memory, txs, counters: own }))
  let state = seed >>> 0 || 1
  let stale = 0
  let lastProgress = -1
  while (live.length > 0) {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    state >>>= 0
    const i = threads === 1 ? 0 : state % live.length
    const r = (live[i] as Generator).next()
    if (r.done) live.splice(i, 1)
    const progress = Atomics.load(memory.ctrl, CTRL_PROGRESS)
    if (progress !== lastProgress) {
      lastProgress = progress
      stale = 0
    } else if (++stale > maxIdleSteps) {
      throw stuck(memory, plan.txCount, `${maxIdleSteps} steps`)
    }
  }
  return all
}
