import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import * as Key from '../trace/Key.ts'
import type { AccessSets } from './AccessSets.ts'
import * as Sets from './AccessSets.ts'
import * as ConflictEdges from './ConflictEdges.ts'
import * as ConflictGraph from './ConflictGraph.ts'

const runs = Number(process.env.FC_NUM_RUNS ?? 100)

/** Access sets over a tiny key space, so pairs share several keys of several types. */
const setsArbitrary: fc.Arbitrary<AccessSets[]> = fc
  .array(
    fc.record({
      reads: fc.uniqueArray(fc.nat({ max: 5 }), { maxLength: 4 }),
      writes: fc.uniqueArray(fc.nat({ max: 5 }), { maxLength: 3 }),
    }),
    { maxLength: 12 },
  )
  .map((txs) =>
    txs.map(({ reads, writes }) => {
      const id = (k: number) =>
        Key.storageId('0x00000000000000000000000000000000000000aa', `0x${k}`)
      return {
        reads: reads.map(id).sort(Key.compareIds),
        writes: writes.map(id).sort(Key.compareIds),
      }
    }),
  )

function edges(sets: readonly AccessSets[]): ConflictEdges.Edge[] {
  const out: ConflictEdges.Edge[] = []
  ConflictEdges.visit(sets, (e) => out.push(e))
  return out
}

describe('visit', () => {
  test('default: one pair, every type, key counts per type', () => {
    const a = Key.storageId('0x00000000000000000000000000000000000000aa', '0x1')
    const b = Key.storageId('0x00000000000000000000000000000000000000aa', '0x2')
    const sets = [
      { reads: [a], writes: [a, b] },
      { reads: [a, b], writes: [b] },
    ]
    expect(edges(sets)).toEqual([
      { from: 0, to: 1, readAfterWrite: 2, writeAfterWrite: 1, writeAfterRead: 0 },
    ])
  })

  test.prop([setsArbitrary], { seed: 16, numRuns: runs })(
    'behavior: exactly the conflicting pairs, with the key counts of a pairwise check',
    (sets) => {
      const expected: ConflictEdges.Edge[] = []
      for (let to = 0; to < sets.length; to++) {
        for (let from = 0; from < to; from++) {
          if (Sets.conflictKeys(sets[from]!, sets[to]!).length === 0) continue
          const shared = (x: readonly string[], y: readonly string[]) =>
            x.filter((k) => y.includes(k)).length
          const [earlier, later] = [sets[from]!, sets[to]!]
          expected.push({
            from,
            to,
            readAfterWrite: shared(earlier.writes, later.reads),
            writeAfterWrite: shared(earlier.writes, later.writes),
            writeAfterRead: shared(earlier.reads, later.writes),
          })
        }
      }
      expect(edges(sets)).toEqual(expected)
    },
  )

  test.prop([setsArbitrary], { seed: 17, numRuns: runs })(
    'behavior: pairs and per-type pairs equal the conflict graph counts',
    (sets) => {
      const graph = ConflictGraph.build(sets)
      const found = edges(sets)
      expect(found.length).toBe(graph.pairCount)
      expect({
        readAfterWrite: found.filter((e) => e.readAfterWrite > 0).length,
        writeAfterWrite: found.filter((e) => e.writeAfterWrite > 0).length,
        writeAfterRead: found.filter((e) => e.writeAfterRead > 0).length,
        allThree: found.filter(
          (e) => e.readAfterWrite > 0 && e.writeAfterWrite > 0 && e.writeAfterRead > 0,
        ).length,
      }).toEqual(graph.edgeTypes)
      const degree = new Array<number>(sets.length).fill(0)
      for (const e of found) {
        degree[e.from]!++
        degree[e.to]!++
      }
      expect(degree).toEqual(graph.degree)
    },
  )
})
