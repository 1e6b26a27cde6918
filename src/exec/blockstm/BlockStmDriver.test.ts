import { afterAll, describe, expect, test } from 'vitest'
import * as State from '../../model/State.ts'
import * as TxNs from '../../model/Tx.ts'
import * as BlockStmDriver from './BlockStmDriver.ts'
import * as Layout from './BlockStmLayout.ts'
import * as BlockStmPool from './BlockStmPool.ts'

const txs = [0, 1, 2].map((i) =>
  TxNs.from(i, { type: 'storage_add', contract: 0, slot: 0, delta: 1n }),
)

/** A run whose scheduler claims one task is still active although none is: it can never finish. */
function wedged(shared: boolean) {
  const plan = Layout.plan(txs)
  const memory = Layout.allocate(plan, State.withAccountsAndStorage(1, 1, 1), shared)
  memory.ctrl[Layout.CTRL_EXEC] = 3
  memory.ctrl[Layout.CTRL_VAL] = 3
  memory.ctrl[Layout.CTRL_ACTIVE] = 1
  return { plan, memory }
}

const pool = BlockStmPool.create({ size: 2 })
afterAll(() => pool.close())

describe('runVirtual', () => {
  test('error: the watchdog names the stuck scheduler state instead of hanging', () => {
    const { plan, memory } = wedged(false)
    expect(() => BlockStmDriver.runVirtual(plan, memory, txs, 2, 1, 10_000)).toThrow(
      /made no progress for 10000 steps: execution_idx=3 validation_idx=3 active=1 done=0; not executed: tx 0=READY\(0\)/,
    )
  })
})

describe('onWorker', () => {
  test('error: real worker threads hit the progress deadline and report it', async () => {
    const { plan, memory } = wedged(true)
    const replies = await pool.run(2, { type: 'run', plan, memory, txs, deadlineMs: 200 })
    const errors = replies.filter((r) => r.type === 'error')
    expect(errors.length).toBeGreaterThan(0)
    const first = errors.find((r) => r.type === 'error' && !r.halted)
    expect(first?.type === 'error' && first.message).toMatch(
      /made no progress for 200 ms: .*active=1/,
    )
    expect(Atomics.load(memory.ctrl, Layout.CTRL_HALT)).toBe(1)
  })
})
