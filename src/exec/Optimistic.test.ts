import { afterAll, describe, expect, test } from 'vitest'
import * as Workload from '../workload/Workload.ts'
import * as Optimistic from './Optimistic.ts'
import * as Pool from './Pool.ts'

const pool = Pool.create({ size: 2 })
afterAll(() => pool.close())

describe('run', () => {
  test('behavior: published vector storage/1000/0.0/42 → 173 re-executions, sequential hash', async () => {
    const w = Workload.generate({ kind: 'storage', txCount: 1000, requestedConflict: 0, seed: 42 })
    for (const options of [{}, { threads: 2, pool }]) {
      const run = await Optimistic.run(w.initialState, w.txs, options)
      expect(run.stateHash).toBe('1940c0cfba64e3cb')
      expect(run.metrics).toMatchObject({
        reexecutedTxs: 173,
        validationFailures: 173,
        waveCount: 1,
        maxWaveWidth: 1000,
        schedulerDeferrals: 0,
      })
    }
  })

  test('default: no txs → 0 waves', async () => {
    const w = Workload.generate({ kind: 'mixed', txCount: 0, requestedConflict: 0, seed: 1 })
    const run = await Optimistic.run(w.initialState, w.txs)
    expect(run.metrics).toMatchObject({ waveCount: 0, maxWaveWidth: 0, reexecutedTxs: 0 })
  })
})
