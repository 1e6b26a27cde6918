import { fc, test as propTest } from '@fast-check/vitest'
import { afterAll, describe, expect, test } from 'vitest'
import {
  threadsArbitrary,
  txListArbitrary,
  workloadConfigArbitrary,
} from '../../../test/arbitraries.ts'
import * as State from '../../model/State.ts'
import * as TxNs from '../../model/Tx.ts'
import * as Workload from '../../workload/Workload.ts'
import * as Sequential from '../Sequential.ts'
import * as BlockStm from './BlockStm.ts'
import * as BlockStmPool from './BlockStmPool.ts'

// One pool serves every real-thread case: a t-thread run uses its first t workers.
const pool = BlockStmPool.create({ size: 4 })
afterAll(async () => {
  await pool.close()
  await BlockStm.closeSharedPool()
})

let workerCases = 0

describe('run', () => {
  test('default: one in-process thread executes and validates every tx exactly once', async () => {
    const w = Workload.generate({ kind: 'mixed', txCount: 120, requestedConflict: 0.9, seed: 5 })
    const run = await BlockStm.run(w.initialState, w.txs)
    expect(run.mode).toBe('block-stm')
    expect(run.stateHash).toBe(Sequential.run(w.initialState, w.txs).stateHash)
    expect(run.blockStm).toMatchObject({
      executions: 120,
      validations: 120,
      aborts: 0,
      dependencyWaits: 0,
      reexecutionPercent: 0,
      runtime: 'in-process',
      threads: 1,
    })
  })

  test('behavior: interleaved threads on one hot slot abort, suspend and still end at sequential', async () => {
    const txs = Array.from({ length: 60 }, (_, i) =>
      TxNs.from(i, { type: 'storage_add', contract: 0, slot: 0, delta: BigInt(i + 1) }),
    )
    const initial = State.withAccountsAndStorage(1, 1, 1)
    const run = await BlockStm.run(initial, txs, {
      threads: 4,
      runtime: 'in-process',
      interleaveSeed: 9,
    })
    expect(State.equals(run.finalState, Sequential.run(initial, txs).finalState)).toBe(true)
    // Slot value = 1_000_000 + 1 + 2 + … + 60.
    expect(State.read(run.finalState, { kind: 'storage_slot', contract: 0, slot: 0 })).toBe(
      1_001_830n,
    )
    expect(run.blockStm.aborts + run.blockStm.dependencyWaits).toBeGreaterThan(0)
    expect(run.metrics.reexecutedTxs).toBe(run.blockStm.executions - 60)
  })

  test('behavior: a real 2-thread run spreads heavy independent txs over both workers', async () => {
    const w = Workload.generate({
      kind: 'storage',
      txCount: 200,
      requestedConflict: 0,
      seed: 1,
      vmSteps: 20_000,
    })
    const run = await BlockStm.run(w.initialState, w.txs, { threads: 2, pool })
    expect(run.stateHash).toBe(Sequential.run(w.initialState, w.txs).stateHash)
    expect(run.blockStm.runtime).toBe('workers')
    expect(run.blockStm.perThreadExecutions.filter((e) => e > 0)).toHaveLength(2)
  })

  test('behavior: without a pool, threads > 1 run on the module-wide worker pool', async () => {
    const w = Workload.generate({ kind: 'swap-like', txCount: 50, requestedConflict: 0.5, seed: 2 })
    const run = await BlockStm.run(w.initialState, w.txs, { threads: 3 })
    expect(run.blockStm.runtime).toBe('workers')
    expect(run.stateHash).toBe(Sequential.run(w.initialState, w.txs).stateHash)
  })

  test('behavior: an empty block commits the initial state', async () => {
    const initial = State.withAccountsAndStorage(3, 1, 2)
    for (const options of [{}, { threads: 2, pool }]) {
      const run = await BlockStm.run(initial, [], options)
      expect(run.stateHash).toBe(State.hash(initial))
    }
  })

  propTest.prop(
    [
      workloadConfigArbitrary,
      threadsArbitrary,
      fc.nat(),
      fc.constantFrom('in-process', 'in-process', 'workers'),
    ],
    { seed: 7_2023, numRuns: Number(process.env.FC_NUM_RUNS ?? 1000) },
  )(
    'behavior: generated workloads end at the sequential state on in-process and real threads',
    async (config, threads, interleaveSeed, runtime) => {
      const w = Workload.generate({ ...config, vmSteps: 0 })
      const expected = Sequential.run(w.initialState, w.txs).finalState
      const options =
        runtime === 'workers' ? { threads, pool } : { threads, runtime, interleaveSeed }
      if (runtime === 'workers') workerCases += 1
      const run = await BlockStm.run(w.initialState, w.txs, options)
      expect(State.equals(run.finalState, expected)).toBe(true)
      expect(run.blockStm.runtime).toBe(runtime)
    },
  )

  test('behavior: the property above ran a substantial share of its cases on real workers', () => {
    expect(workerCases).toBeGreaterThanOrEqual(Number(process.env.FC_NUM_RUNS ?? 1000) / 5)
  })

  propTest.prop([txListArbitrary({ maxLength: 80 }), threadsArbitrary, fc.nat(), fc.boolean()], {
    seed: 11,
    numRuns: Math.ceil(Number(process.env.FC_NUM_RUNS ?? 1000) / 2),
  })(
    'behavior: hand-drawn txs over a tiny key space end at the sequential state',
    async (txs, threads, interleaveSeed, onWorkers) => {
      const initial = State.withAccountsAndStorage(4, 3, 4)
      const expected = Sequential.run(initial, txs).finalState
      const options = onWorkers
        ? { threads, pool }
        : { threads, runtime: 'in-process' as const, interleaveSeed }
      const run = await BlockStm.run(initial, txs, options)
      expect(State.equals(run.finalState, expected)).toBe(true)
    },
  )
})
