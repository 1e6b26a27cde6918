import { fc, test as propTest } from '@fast-check/vitest'
import { describe, expect, test } from 'vitest'
import * as Key from '../trace/Key.ts'
import type { AccessSets } from './AccessSets.ts'
import * as Graph from './ConflictGraph.ts'
import * as CriticalPath from './CriticalPath.ts'
import * as KeyPath from './KeyPath.ts'

const runs = Number(process.env.FC_NUM_RUNS ?? 100)

const keys = [
  Key.storageId('0x1', '0x0'),
  Key.balanceId('0x2'),
  Key.balanceId('0x3'),
  Key.accountId('0x4'),
]
const arbSets = fc.array(
  fc.record({
    reads: fc.uniqueArray(fc.constantFrom(...keys), { maxLength: 3 }),
    writes: fc.uniqueArray(fc.constantFrom(...keys), { maxLength: 2 }),
  }),
  { maxLength: 12 },
)
const arbDurations = fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 12, maxLength: 12 })
const arbTouches = fc.array(
  fc.uniqueArray(fc.tuple(fc.constantFrom(...keys), fc.constantFrom('read', 'write', 'add')), {
    selector: ([key]) => key,
    maxLength: 3,
  }),
  { maxLength: 12 },
)

function sorted(sets: readonly { reads: string[]; writes: string[] }[]): AccessSets[] {
  return sets.map((s) => ({
    reads: [...s.reads].sort(Key.compareIds),
    writes: [...s.writes].sort(Key.compareIds),
  }))
}

function without(sets: readonly AccessSets[], key: Key.Id): AccessSets[] {
  return sets.map((s) => ({
    reads: s.reads.filter((k) => k !== key),
    writes: s.writes.filter((k) => k !== key),
  }))
}

/** Two touches of one key conflict unless both read or both add (the definition, pair by pair). */
function conflict(a: KeyPath.Mode, b: KeyPath.Mode): boolean {
  return !((a === 'read' && b === 'read') || (a === 'add' && b === 'add'))
}

/** Naive O(n²) longest path over every conflicting pair. */
function naive(txs: readonly (readonly KeyPath.Touch[])[], durations: readonly number[]): number {
  const depth: number[] = []
  txs.forEach((b, j) => {
    let before = 0
    for (let i = 0; i < j; i++) {
      const shared = b.some(([key, mode]) =>
        txs[i]!.some(([k, m]) => k === key && conflict(m, mode)),
      )
      if (shared) before = Math.max(before, depth[i]!)
    }
    depth.push(durations[j]! + before)
  })
  return Math.max(0, ...depth)
}

describe('length', () => {
  test('default: an empty block has no path', () => {
    expect(KeyPath.length([], [])).toBe(0)
  })

  test('behavior: additions commute with each other, not with reads (hand-computed)', () => {
    const k = keys[1]!
    // add(10), read(20), add(30), add(5): the read waits for the first add (30); both later adds
    // wait for the read (60 and 35); the two later adds do not wait for each other.
    const txs: KeyPath.Touch[][] = [[[k, 'add']], [[k, 'read']], [[k, 'add']], [[k, 'add']]]
    expect(KeyPath.length(txs, [10, 20, 30, 5])).toBe(60)
    // The same with writes: every one waits for the one before (10+20+30+5).
    const writes = txs.map((t) =>
      t.map(([key, mode]): KeyPath.Touch => [key, mode === 'add' ? 'write' : mode]),
    )
    expect(KeyPath.length(writes, [10, 20, 30, 5])).toBe(65)
    // A write after the adds waits for all of them: max(10+20+30, 10+20+5) + 7.
    expect(KeyPath.length([...txs, [[k, 'write']]], [10, 20, 30, 5, 7])).toBe(67)
  })

  test('behavior: a skipped key takes its conflicts with it', () => {
    const [a, b] = keys as [Key.Id, Key.Id]
    const txs: KeyPath.Touch[][] = [
      [[a, 'write']],
      [
        [a, 'write'],
        [b, 'read'],
      ],
      [[b, 'write']],
    ]
    expect(KeyPath.length(txs, [3, 4, 5])).toBe(12)
    expect(KeyPath.length(txs, [3, 4, 5], a)).toBe(9)
    expect(KeyPath.length(txs, [3, 4, 5], b)).toBe(7)
  })

  propTest.prop([arbSets, arbDurations], { seed: 1515, numRuns: runs })(
    'behavior: with reads and writes only it is the conflict graph critical path, with and without any key',
    (raw, durations) => {
      const sets = sorted(raw)
      const touches = KeyPath.fromSets(sets)
      const path = (s: readonly AccessSets[]) =>
        CriticalPath.build(Graph.build(s), durations).length
      expect(KeyPath.length(touches, durations)).toBe(path(sets))
      for (const key of keys)
        expect(KeyPath.length(touches, durations, key)).toBe(path(without(sets, key)))
    },
  )

  propTest.prop([arbTouches, arbDurations], { seed: 1516, numRuns: runs })(
    'behavior: with additions it is the longest path over every conflicting pair',
    (txs, durations) => {
      expect(KeyPath.length(txs, durations)).toBe(naive(txs, durations))
    },
  )
})
