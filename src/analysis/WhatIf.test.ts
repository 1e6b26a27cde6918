import { fc, test as propTest } from '@fast-check/vitest'
import { describe, expect, test } from 'vitest'
import { block, manifest, slot } from '../../test/golden/packs.ts'
import * as Key from '../trace/Key.ts'
import type { AccessSets } from './AccessSets.ts'
import * as Graph from './ConflictGraph.ts'
import * as CriticalPath from './CriticalPath.ts'
import * as KeyPath from './KeyPath.ts'
import * as Pipeline from './Pipeline.ts'
import * as WhatIf from './WhatIf.ts'

const runs = Number(process.env.FC_NUM_RUNS ?? 100)

const pool = `0x${'11'.repeat(20)}`
const token = `0x${'22'.repeat(20)}`

/**
 * Block 1: txs 0–3 swap through one pool slot (gas 10, 20, 30, 40); tx 2 also writes a token
 * slot that tx 4 (gas 25) reads. Critical path: 10+20+30+40 = 100 through the pool slot (the
 * chain 10+20+30 → tx 4 is 85).
 */
function swaps() {
  return block(1, [
    { gas: 10, accesses: [['read_write', pool, slot(0)]] },
    { gas: 20, accesses: [['read_write', pool, slot(0)]] },
    {
      gas: 30,
      accesses: [
        ['read_write', pool, slot(0)],
        ['write', token, slot(1)],
      ],
    },
    { gas: 40, accesses: [['read_write', pool, slot(0)]] },
    { gas: 25, accesses: [['read', token, slot(1)]] },
  ])
}

function analyze(blocks: ReturnType<typeof block>[]) {
  return Pipeline.analyze({
    manifest: manifest(blocks),
    blocks,
    workers: [1],
    feeRecipient: 'excluded',
  })
}

describe('what if a hot key stopped conflicting', () => {
  test('behavior: one block, hand-computed', () => {
    const { dossier } = analyze([swaps()])
    const rows = dossier.blocks[0]!.what_if_hot_keys
    expect(dossier.blocks[0]!.gas_critical_path).toBe(100)
    expect(dossier.blocks[0]!.ceiling_by_gas).toBe(1.25)
    // Without the pool slot: the longest chain is tx 2 → tx 4 (30 + 25 = 55), ceiling 125/55.
    expect(rows[0]).toMatchObject({
      key: `storage:${pool}:${slot(0)}`,
      conflict_contribution: 6,
      blocks_shortened: 1,
      gas_critical_path: 55,
      ceiling_by_gas: 125 / 55,
    })
    expect(rows[0]!.ceiling_gain_percent).toBeCloseTo((125 / 55 / 1.25 - 1) * 100, 12)
    // Without the token slot the pool chain (100) stays: nothing gained.
    expect(rows[1]).toMatchObject({
      key: `storage:${token}:${slot(1)}`,
      blocks_shortened: 0,
      gas_critical_path: 100,
      ceiling_by_gas: 1.25,
      ceiling_gain_percent: 0,
    })
  })

  test('behavior: the pack adds each block back to back (hand-computed)', () => {
    // Block 2: two independent txs (gas 60, 30): path 60, nothing to gain.
    const other = block(2, [
      { gas: 60, accesses: [['write', token, slot(9)]] },
      { gas: 30, accesses: [] },
    ])
    const { dossier } = analyze([swaps(), other])
    expect(dossier.theoretical_parallelism_ceiling_by_gas).toBe(215 / 160)
    expect(dossier.what_if_hot_keys[0]).toMatchObject({
      key: `storage:${pool}:${slot(0)}`,
      blocks_shortened: 1,
      gas_critical_path: 55 + 60,
      ceiling_by_gas: 215 / 115,
    })
  })
})

const keys = [
  Key.storageId('0x1', '0x0'),
  Key.storageId('0x1', '0x1'),
  Key.balanceId('0x2'),
  Key.accountId('0x3'),
]
const arbCase = fc.tuple(
  fc.array(
    fc.record({
      reads: fc.uniqueArray(fc.constantFrom(...keys), { maxLength: 3 }),
      writes: fc.uniqueArray(fc.constantFrom(...keys), { maxLength: 2 }),
    }),
    { maxLength: 12 },
  ),
  fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 12, maxLength: 12 }),
)

describe('analyze', () => {
  propTest.prop([arbCase], { seed: 1530, numRuns: runs })(
    'behavior: the savings are exactly the keys whose removal shortens the path, by a brute-force recomputation of every key',
    ([raw, durations]) => {
      const sets: AccessSets[] = raw.map((s) => ({
        reads: [...s.reads].sort(Key.compareIds),
        writes: [...s.writes].sort(Key.compareIds),
      }))
      const graph = Graph.build(sets)
      const critical = CriticalPath.build(graph, durations)
      const savings = WhatIf.analyze({
        sets,
        graph,
        depth: critical.depth,
        durations,
        durationPath: critical.length,
      })
      const touches = KeyPath.fromSets(sets)
      const brute = [...keys]
        .sort(Key.compareIds)
        .map((k) => [k, critical.length - KeyPath.length(touches, durations, k)] as const)
        .filter(([, saved]) => saved > 0)
      expect(savings).toEqual(brute)
      for (const [, saved] of savings) expect(saved).toBeGreaterThan(0)
    },
  )
})
