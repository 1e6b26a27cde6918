import { describe, expect, test } from 'vitest'
import { type SchedulerArrays, schedulerArrays } from './BlockStmLayout.ts'
import * as Scheduler from './BlockStmScheduler.ts'

/** Takes and finishes every task the scheduler hands out (no aborts); returns the txs executed. */
function work(m: SchedulerArrays, n: number, first?: Scheduler.Task): number[] {
  const executed: number[] = []
  let task = first
  for (let i = 0; i < 100; i++) {
    task ??= Scheduler.nextTask(m, n)
    while (task !== undefined) {
      if (task.kind === 'execute') {
        executed.push(task.tx)
        task = Scheduler.finishExecution(m, n, task.tx, task.inc, false)
      } else task = Scheduler.finishValidation(m, n, task.tx, false)
    }
  }
  return executed
}

describe('BlockStmScheduler.claim', () => {
  test('behavior: a claimed tx runs out of order once; the index skips it; the block is done only after it finishes', () => {
    const n = 4
    const m = schedulerArrays(n, false)
    expect(Scheduler.claim(m, n, 3)).toEqual({ kind: 'execute', tx: 3, inc: 0 })
    // Already executing: neither a second claim nor the index hands it out again.
    expect(Scheduler.claim(m, n, 3)).toBeUndefined()
    expect(work(m, n)).toEqual([0, 1, 2])
    expect(Scheduler.done(m)).toBe(false)
    const next = Scheduler.finishExecution(m, n, 3, 0, false)
    expect(work(m, n, next)).toEqual([])
    expect(Scheduler.done(m)).toBe(true)
  })
})
