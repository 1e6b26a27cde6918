import { afterAll, describe, expect, test } from 'vitest'
import * as Workload from '../workload/Workload.ts'
import * as Pool from './Pool.ts'
import * as Verify from './Verify.ts'

const pool = Pool.create({ size: 2 })
afterAll(() => pool.close())

describe('run', () => {
  test('default: equal states → ok with one check per thread count', async () => {
    const w = Workload.generate({ kind: 'mixed', txCount: 80, requestedConflict: 0.7, seed: 3 })
    const result = await Verify.run(w.initialState, w.txs, { threads: [1, 2], pool })
    expect(result).toMatchObject({ ok: true, checked: 2, mismatches: [] })
  })

  test('behavior: a tx list whose declared sets lie is caught as a mismatch', async () => {
    const w = Workload.generate({ kind: 'storage', txCount: 40, requestedConflict: 1, seed: 3 })
    // Hide every access: the scheduler then puts all txs in one wave on one snapshot, so
    // read-modify-write updates of the hot slots are lost; optimistic still validates reads.
    const lying = w.txs.map((tx) => ({ ...tx, declaredReads: [], declaredWrites: [] }))
    const result = await Verify.run(w.initialState, lying, { threads: [2], pool })
    expect(result.ok).toBe(false)
    expect(result.mismatches.map((m) => m.mode)).toEqual(['access-list'])
    expect(result.mismatches[0]?.hash).not.toBe(result.sequentialHash)
  })
})
