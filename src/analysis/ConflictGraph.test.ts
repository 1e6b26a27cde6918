import { fc, test as propTest } from '@fast-check/vitest'
import { describe, expect, test } from 'vitest'
import * as Key from '../trace/Key.ts'
import type { AccessSets } from './AccessSets.ts'
import * as Sets from './AccessSets.ts'
import * as Graph from './ConflictGraph.ts'
import * as CriticalPath from './CriticalPath.ts'
import * as Sim from './Simulation.ts'
import * as Waves from './Waves.ts'

const keys = [
  Key.storageId('0x1', '0x0'),
  Key.storageId('0x1', '0x1'),
  Key.toId({ type: 'balance', address: '0x2' }),
  Key.accountId('0x3'),
  Key.storageId('0x4', '0x0'),
]
const arbSets = fc.array(
  fc.record({
    reads: fc.uniqueArray(fc.constantFrom(...keys), { maxLength: 3 }),
    writes: fc.uniqueArray(fc.constantFrom(...keys), { maxLength: 2 }),
  }),
  { maxLength: 14 },
)
const arbCase = fc.tuple(arbSets, fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 14 }))

function sorted(sets: { reads: string[]; writes: string[] }[]): AccessSets[] {
  return sets.map((s) => ({
    reads: [...s.reads].sort(Key.compareIds),
    writes: [...s.writes].sort(Key.compareIds),
  }))
}

/** Naive O(n²) reference straight from the definition. */
function naive(sets: readonly AccessSets[]) {
  const degree = sets.map(() => 0)
  const types = { raw: 0, waw: 0, war: 0, all: 0 }
  const pairs: [number, number][] = []
  for (let b = 0; b < sets.length; b++) {
    for (let a = 0; a < b; a++) {
      if (Sets.conflictKeys(sets[a]!, sets[b]!).length === 0) continue
      pairs.push([a, b])
      degree[a]!++
      degree[b]!++
      const pairTypes = Graph.edgeTypesOf(sets[a]!, sets[b]!)
      for (const t of pairTypes) types[t]++
      if (pairTypes.length === 3) types.all++
    }
  }
  return { pairs, degree, types }
}

describe('build', () => {
  test('default: independent txs form one wave', () => {
    const g = Graph.build(sorted([0, 1, 2].map((i) => ({ reads: [], writes: [keys[i]!] }))))
    expect(g.pairCount).toBe(0)
    expect(Waves.build(g).waves).toEqual([[0, 1, 2]])
  })

  test('behavior: same-slot txs serialize (3 pairs, 3 waves, path 3)', () => {
    const g = Graph.build(sorted([0, 1, 2].map(() => ({ reads: [keys[0]!], writes: [keys[0]!] }))))
    expect(g.pairCount).toBe(3)
    expect(Waves.build(g).waves.length).toBe(3)
    expect(CriticalPath.byTxCount(g)).toBe(3)
  })

  test('behavior: read/read sharing overlaps but never conflicts', () => {
    const g = Graph.build(sorted([0, 1].map(() => ({ reads: [keys[0]!], writes: [] }))))
    expect(g.pairCount).toBe(0)
    expect(g.overlapping).toEqual([true, true])
  })

  propTest.prop([arbSets], { seed: 7, numRuns: 200 })(
    'behavior: pair count, degrees, edge types and contributions equal the naive definition',
    (raw) => {
      const sets = sorted(raw)
      const g = Graph.build(sets)
      const ref = naive(sets)
      expect(g.pairCount).toBe(ref.pairs.length)
      expect(g.degree).toEqual(ref.degree)
      expect(g.edgeTypes).toEqual({
        readAfterWrite: ref.types.raw,
        writeAfterWrite: ref.types.waw,
        writeAfterRead: ref.types.war,
        allThree: ref.types.all,
      })
      const counts = new Map<string, number>()
      for (const [a, b] of ref.pairs)
        for (const k of Sets.conflictKeys(sets[a]!, sets[b]!))
          counts.set(k, (counts.get(k) ?? 0) + 1)
      expect(g.keyContributions).toEqual(
        [...counts]
          .map(([key, count]) => ({ key, count }))
          .sort((x, y) => Key.compareIds(x.key, y.key)),
      )
    },
  )

  propTest.prop(
    [
      fc.array(
        fc.record({
          reads: fc.uniqueArray(fc.constantFrom(...keys), { maxLength: 2 }),
          writes: fc.uniqueArray(fc.constantFrom(...keys), { maxLength: 1 }),
        }),
        { minLength: 150, maxLength: 300 },
      ),
    ],
    { seed: 17, numRuns: 15 },
  )('behavior: hot keys (bitset path) match the naive definition too', (raw) => {
    const sets = sorted(raw)
    const g = Graph.build(sets)
    const ref = naive(sets)
    expect(g.pairCount).toBe(ref.pairs.length)
    expect(g.degree).toEqual(ref.degree)
    expect(g.edgeTypes).toEqual({
      readAfterWrite: ref.types.raw,
      writeAfterWrite: ref.types.waw,
      writeAfterRead: ref.types.war,
      allThree: ref.types.all,
    })
  })

  propTest.prop([arbSets], { seed: 11, numRuns: 200 })(
    'behavior: waves never hold a conflicting pair and respect every full dependency',
    (raw) => {
      const sets = sorted(raw)
      const { waveOf } = Waves.build(Graph.build(sets))
      for (const [a, b] of naive(sets).pairs) expect(waveOf[a]!).toBeLessThan(waveOf[b]!)
    },
  )

  propTest.prop([arbCase], { seed: 13, numRuns: 150 })(
    'behavior: critical path bounds every simulated makespan and dependencies hold',
    ([raw, gas]) => {
      const sets = sorted(raw)
      const g = Graph.build(sets)
      const durations = sets.map((_, i) => gas[i]!)
      const path = CriticalPath.build(g, durations).length
      for (const strategy of Sim.strategies) {
        for (const w of [1, 2, 3, 8]) {
          const run = Sim.run(g, durations, w, strategy)
          expect(run.makespan).toBeGreaterThanOrEqual(path)
          expect(run.preservesDependencies).toBe(true)
          // the full (naive) dependency set holds too, not only the reduced one
          for (const [a, b] of naive(sets).pairs)
            expect(run.starts[a]! + durations[a]!).toBeLessThanOrEqual(run.starts[b]!)
        }
      }
    },
  )
})
