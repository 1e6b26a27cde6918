import { test as propTest } from '@fast-check/vitest'
import { afterAll, describe, expect, test } from 'vitest'
import { txListArbitrary } from '../../test/arbitraries.ts'
import * as Conflict from '../model/Conflict.ts'
import * as Tx from '../model/Tx.ts'
import * as Workload from '../workload/Workload.ts'
import * as Planned from './Planned.ts'
import * as Pool from './Pool.ts'
import * as Sequential from './Sequential.ts'

const pool = Pool.create({ size: 2 })
afterAll(() => pool.close())

const vector = Workload.generate({ kind: 'storage', txCount: 1000, requestedConflict: 0, seed: 42 })

describe('run', () => {
  test('behavior: published vector storage/1000/0.0/42 → 4 waves, width 793, 245 deferrals', async () => {
    for (const options of [{}, { threads: 2, pool }]) {
      const run = await Planned.run(vector.initialState, vector.txs, options)
      expect(run.stateHash).toBe('1940c0cfba64e3cb')
      expect(run.metrics).toMatchObject({
        waveCount: 4,
        maxWaveWidth: 793,
        schedulerDeferrals: 245,
        declaredConflictPairs: 245,
        reexecutedTxs: 0,
        validationFailures: 0,
      })
    }
  })

  test('default: no txs → no waves', async () => {
    const run = await Planned.run(vector.initialState, [])
    expect(run.metrics.waveCount).toBe(0)
    expect(run.stateHash).toBe(Sequential.run(vector.initialState, []).stateHash)
  })

  test('options: the injected clock is the only source of elapsedNs', async () => {
    let now = 0n
    const clock = (): bigint => (now += 5n)
    const run = await Planned.run(vector.initialState, vector.txs.slice(0, 10), { clock })
    expect(run.metrics.elapsedNs).toBe(5n)
  })

  test('error: threads > 1 without a pool', async () => {
    await expect(Planned.run(vector.initialState, vector.txs, { threads: 2 })).rejects.toThrow(
      'needs a worker pool',
    )
  })
})

describe('schedule', () => {
  test('behavior: a deferred tx is a barrier for later conflicting txs', () => {
    // 0 writes slot A; 1 writes A and B (deferred); 2 writes B only: it does not conflict with 0,
    // but it must not overtake 1 (blocked sets), so it waits as well.
    const txs = [
      Tx.from(0, { type: 'storage_add', contract: 0, slot: 0, delta: 1n }),
      Tx.from(1, { type: 'swap_like', trader: 9, pool: 0, amountIn: 1n, minOut: 0n }),
      Tx.from(2, { type: 'storage_add', contract: 0, slot: 1, delta: 1n }),
      Tx.from(3, { type: 'storage_add', contract: 7, slot: 7, delta: 1n }),
    ]
    const sets = txs.map(Conflict.setsOf)
    expect(Planned.waves(sets)).toEqual([[0, 3], [1], [2]])
  })

  propTest.prop([txListArbitrary({ maxLength: 80 })], {
    seed: 23,
    numRuns: Number(process.env.FC_NUM_RUNS ?? 200),
  })(
    'behavior: waves never hold two conflicting txs and never let a tx overtake a conflicting earlier one',
    (txs) => {
      const sets = txs.map(Conflict.setsOf)
      const waves = Planned.waves(sets)
      // The one-pass waves are exactly the pass-by-pass barrier rule.
      expect(waves).toEqual(barrierRule(sets))
      const waveOf = new Array<number>(txs.length)
      for (const [w, wave] of waves.entries()) {
        expect(wave.length).toBeGreaterThan(0)
        for (const a of wave) {
          for (const b of wave) {
            if (a < b)
              expect(
                Conflict.accessSetsConflict(sets[a] as Conflict.Sets, sets[b] as Conflict.Sets),
              ).toBe(false)
          }
          waveOf[a] = w
        }
      }
      for (let b = 0; b < txs.length; b++) {
        for (let a = 0; a < b; a++) {
          if (Conflict.accessSetsConflict(sets[a] as Conflict.Sets, sets[b] as Conflict.Sets)) {
            expect(waveOf[a] as number).toBeLessThan(waveOf[b] as number)
          }
        }
      }
    },
  )
})

/**
 * The barrier rule as the original states it, one pass per wave: a pending tx joins the wave
 * unless it conflicts with the wave so far or with a tx deferred before it in this pass.
 */
function barrierRule(sets: readonly Conflict.Sets[]): number[][] {
  const out: number[][] = []
  let pending = sets.map((_, i) => i)
  while (pending.length > 0) {
    const wave: number[] = []
    const next: number[] = []
    const taken = { reads: new Set<string>(), writes: new Set<string>() }
    const blocked = { reads: new Set<string>(), writes: new Set<string>() }
    for (const i of pending) {
      const own = sets[i] as Conflict.Sets
      const defer =
        Conflict.accessSetsConflict(taken, own) || Conflict.accessSetsConflict(blocked, own)
      const target = defer ? blocked : taken
      for (const key of own.reads) target.reads.add(key)
      for (const key of own.writes) target.writes.add(key)
      ;(defer ? next : wave).push(i)
    }
    out.push(wave)
    pending = next
  }
  return out
}
