import { test as propTest } from '@fast-check/vitest'
import { afterAll, describe, expect, test } from 'vitest'
import {
  threadsArbitrary,
  txListArbitrary,
  workloadConfigArbitrary,
} from '../../test/arbitraries.ts'
import * as State from '../model/State.ts'
import * as Workload from '../workload/Workload.ts'
import * as Optimistic from './Optimistic.ts'
import * as Planned from './Planned.ts'
import * as Pool from './Pool.ts'
import * as Sequential from './Sequential.ts'

// One pool serves every thread count: a t-thread run uses its first t workers.
const pool = Pool.create({ size: 4 })
afterAll(() => pool.close())

async function expectEquivalent(
  w: Pick<Workload.Workload, 'initialState' | 'txs'>,
  threads: number,
): Promise<void> {
  const sequential = Sequential.run(w.initialState, w.txs)
  const planned = await Planned.run(w.initialState, w.txs, { threads, pool })
  const optimistic = await Optimistic.run(w.initialState, w.txs, { threads, pool })
  // Full state first (a hash collision cannot hide a difference), then the hashes.
  expect(State.entries(planned.finalState)).toEqual(State.entries(sequential.finalState))
  expect(State.entries(optimistic.finalState)).toEqual(State.entries(sequential.finalState))
  expect(planned.stateHash).toBe(sequential.stateHash)
  expect(optimistic.stateHash).toBe(sequential.stateHash)
}

describe('executors', () => {
  test('behavior: every kind at 120 txs / 0.5 / seed 42 equals sequential at 1..4 threads', async () => {
    for (const kind of Workload.kinds) {
      const w = Workload.generate({ kind, txCount: 120, requestedConflict: 0.5, seed: 42 })
      for (const threads of [1, 2, 3, 4]) await expectEquivalent(w, threads)
    }
  })

  test('behavior: mixed 200 / 0.95 / seed 99, and 0 and 1 tx', async () => {
    await expectEquivalent(
      Workload.generate({ kind: 'mixed', txCount: 200, requestedConflict: 0.95, seed: 99 }),
      3,
    )
    await expectEquivalent(
      Workload.generate({ kind: 'mixed', txCount: 0, requestedConflict: 0.5, seed: 1 }),
      2,
    )
    await expectEquivalent(
      Workload.generate({ kind: 'erc20', txCount: 1, requestedConflict: 0.5, seed: 1 }),
      2,
    )
  })

  test('behavior: counters do not depend on the thread count', async () => {
    const w = Workload.generate({ kind: 'hot-pool', txCount: 150, requestedConflict: 0.7, seed: 5 })
    const metrics = async (threads: number) => {
      const p = await Planned.run(w.initialState, w.txs, { threads, pool })
      const o = await Optimistic.run(w.initialState, w.txs, { threads, pool })
      const { elapsedNs: _a, ...pm } = p.metrics
      const { elapsedNs: _b, ...om } = o.metrics
      return { pm, om }
    }
    const one = await metrics(1)
    for (const t of [2, 3, 4]) expect(await metrics(t)).toEqual(one)
  })

  test('behavior: vm_steps changes neither the initial nor the final state', async () => {
    const plain = Workload.generate({ kind: 'mixed', txCount: 60, requestedConflict: 0.5, seed: 4 })
    const heavy = Workload.generate({
      kind: 'mixed',
      txCount: 60,
      requestedConflict: 0.5,
      seed: 4,
      vmSteps: 500,
    })
    expect(State.hash(heavy.initialState)).toBe(State.hash(plain.initialState))
    const a = await Planned.run(plain.initialState, plain.txs, { threads: 2, pool })
    const b = await Planned.run(heavy.initialState, heavy.txs, { threads: 2, pool })
    expect(b.stateHash).toBe(a.stateHash)
  })

  propTest.prop([workloadConfigArbitrary, threadsArbitrary], {
    seed: 2024,
    numRuns: Number(process.env.FC_NUM_RUNS ?? 200),
  })(
    'behavior: access-list and optimistic final states equal sequential exactly',
    async (config, threads) => {
      await expectEquivalent(Workload.generate({ ...config, vmSteps: 0 }), threads)
    },
  )

  // The generator never draws self-transfers, negative amounts, low balances, slippage limits or
  // trace-derived txs; hand-drawn txs over a tiny key space reach every status and collide often.
  propTest.prop([txListArbitrary({ maxLength: 80 }), threadsArbitrary], {
    seed: 2025,
    numRuns: Number(process.env.FC_NUM_RUNS ?? 200),
  })(
    'behavior: on hand-drawn txs too, access-list and optimistic equal sequential exactly',
    async (txs, threads) => {
      await expectEquivalent({ initialState: State.withAccountsAndStorage(4, 3, 4), txs }, threads)
    },
  )
})
