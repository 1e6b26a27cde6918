import { test as propTest } from '@fast-check/vitest'
import { describe, expect, test } from 'vitest'
import { txListArbitrary } from '../../test/arbitraries.ts'
import * as Conflict from './Conflict.ts'
import * as Tx from './Tx.ts'

const transfer = Tx.from(0, { type: 'transfer', from: 1, to: 2, amount: 5n })
const hotPool = Tx.from(1, { type: 'hot_pool', account: 2, pool: 0, amount: 5n })
const storageAdd = Tx.from(2, { type: 'storage_add', contract: 0, slot: 0, delta: 1n })
const blindSet = Tx.from(3, {
  type: 'storage_set',
  contract: 5,
  slot: 5,
  value: 1n,
  readPrior: false,
})
const blindSet2 = Tx.from(4, {
  type: 'storage_set',
  contract: 5,
  slot: 5,
  value: 2n,
  readPrior: false,
})

describe('accessSetsConflict', () => {
  test('behavior: transfer vs hot-pool sharing a balance conflict', () => {
    expect(Conflict.accessSetsConflict(Conflict.setsOf(transfer), Conflict.setsOf(hotPool))).toBe(
      true,
    )
  })
  test('behavior: storage-add vs hot-pool on pool slot 0 conflict', () => {
    expect(Conflict.accessSetsConflict(Conflict.setsOf(storageAdd), Conflict.setsOf(hotPool))).toBe(
      true,
    )
  })
  test('behavior: transfer vs storage-add do not conflict', () => {
    expect(
      Conflict.accessSetsConflict(Conflict.setsOf(transfer), Conflict.setsOf(storageAdd)),
    ).toBe(false)
  })
  test('behavior: write/write without reads conflicts; read/read never does', () => {
    expect(Conflict.accessSetsConflict(Conflict.setsOf(blindSet), Conflict.setsOf(blindSet2))).toBe(
      true,
    )
    const r = { reads: new Set(['k']), writes: new Set<string>() }
    expect(Conflict.accessSetsConflict(r, r)).toBe(false)
  })
})

describe('countPairs', () => {
  test('default: 0 and 1 tx have no pairs', () => {
    expect(Conflict.countPairs([])).toBe(0)
    expect(Conflict.countPairs([transfer])).toBe(0)
    expect(Conflict.observedRate(0, 1)).toBe(0)
  })

  propTest.prop([txListArbitrary({ maxLength: 60 })], {
    seed: 5,
    numRuns: Number(process.env.FC_NUM_RUNS ?? 200),
  })('behavior: equals the O(n²) pairwise count, and the test is symmetric', (txs) => {
    let brute = 0
    for (let b = 0; b < txs.length; b++) {
      for (let a = 0; a < b; a++) {
        const x = Conflict.setsOf(txs[a] as Tx.Tx)
        const y = Conflict.setsOf(txs[b] as Tx.Tx)
        const c = Conflict.accessSetsConflict(x, y)
        expect(Conflict.accessSetsConflict(y, x)).toBe(c)
        if (c) brute += 1
      }
    }
    expect(Conflict.countPairs(txs)).toBe(brute)
  })
})

describe('observedRate', () => {
  test('behavior: pairs / C(n, 2)', () => {
    expect(Conflict.observedRate(245, 1000)).toBe(0.0004904904904904905)
  })
})
