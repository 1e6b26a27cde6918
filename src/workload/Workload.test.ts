import { test as propTest } from '@fast-check/vitest'
import { describe, expect, test } from 'vitest'
import { workloadConfigArbitrary } from '../../test/arbitraries.ts'
import * as State from '../model/State.ts'
import * as Tx from '../model/Tx.ts'
import * as Workload from './Workload.ts'

function sequentialHash(w: Workload.Workload): string {
  const state = State.clone(w.initialState)
  for (const tx of w.txs) State.applyDelta(state, Tx.execute(state, tx).delta)
  return State.hash(state)
}

describe('generate', () => {
  test('behavior: published vector storage/1000/0.0/seed 42', () => {
    const w = Workload.generate({ kind: 'storage', txCount: 1000, requestedConflict: 0, seed: 42 })
    expect(w.conflictPairs).toBe(245)
    expect(w.observedConflict).toBe(0.0004904904904904905)
    expect(State.hash(w.initialState)).toBe('ef8fefddcc862f76')
    expect(sequentialHash(w)).toBe('1940c0cfba64e3cb')
  })

  test('default: 0 and 1 tx have no pairs and observed 0', () => {
    for (const txCount of [0, 1]) {
      const w = Workload.generate({ kind: 'mixed', txCount, requestedConflict: 0.9, seed: 1 })
      expect(w.txs.length).toBe(txCount)
      expect(w.conflictPairs).toBe(0)
      expect(w.observedConflict).toBe(0)
    }
  })

  test('behavior: ids are 0..n-1 and every tx carries vm_steps', () => {
    const w = Workload.generate({
      kind: 'mixed',
      txCount: 30,
      requestedConflict: 0.5,
      seed: 3,
      vmSteps: 9,
    })
    expect(w.txs.map((t) => t.id)).toEqual(Array.from({ length: 30 }, (_, i) => i))
    expect(w.txs.every((t) => t.vmSteps === 9)).toBe(true)
  })

  test('behavior: conflict is clamped to [0, 1]', () => {
    expect(
      Workload.generate({ kind: 'erc20', txCount: 2, requestedConflict: 7, seed: 1 })
        .requestedConflict,
    ).toBe(1)
    expect(
      Workload.generate({ kind: 'erc20', txCount: 2, requestedConflict: -1, seed: 1 })
        .requestedConflict,
    ).toBe(0)
  })

  test('behavior: conflict 1.0 keeps every storage tx on the hot range', () => {
    const w = Workload.generate({ kind: 'storage', txCount: 200, requestedConflict: 1, seed: 8 })
    for (const tx of w.txs) {
      if (tx.kind.type !== 'storage_add' && tx.kind.type !== 'storage_set') throw new Error('kind')
      expect(tx.kind.contract).toBe(0)
      expect(tx.kind.slot).toBeLessThan(4)
    }
  })

  test('behavior: mixed produces every kind', () => {
    const w = Workload.generate({ kind: 'mixed', txCount: 300, requestedConflict: 0.5, seed: 11 })
    expect(new Set(w.txs.map((t) => t.kind.type)).size).toBe(6)
  })

  propTest.prop([workloadConfigArbitrary], {
    seed: 17,
    numRuns: Number(process.env.FC_NUM_RUNS ?? 200),
  })('behavior: deterministic per config', (config) => {
    const a = Workload.generate(config)
    const b = Workload.generate(config)
    expect(b.txs).toEqual(a.txs)
    expect(b.conflictPairs).toBe(a.conflictPairs)
    expect(State.hash(b.initialState)).toBe(State.hash(a.initialState))
  })
})

describe('presets', () => {
  test('default: c0..c95', () => {
    expect(Workload.presets).toEqual({ c0: 0, c20: 0.2, c50: 0.5, c70: 0.7, c95: 0.95 })
  })
})

describe('parseKind', () => {
  test('behavior: accepts underscore aliases', () => {
    expect(Workload.parseKind('swap_like')).toBe('swap-like')
    expect(Workload.parseKind('hot_pool')).toBe('hot-pool')
    expect(Workload.parseKind('nope')).toBeUndefined()
  })
})
