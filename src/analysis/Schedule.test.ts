import { fc, test as propTest } from '@fast-check/vitest'
import { describe, expect, test } from 'vitest'
import * as Packs from '../../test/browser/packs.ts'
import { addr, block, manifest, slot } from '../../test/golden/packs.ts'
import type * as Labels from '../trace/Labels.ts'
import * as ConflictGraph from './ConflictGraph.ts'
import * as Pipeline from './Pipeline.ts'
import * as Schedule from './Schedule.ts'
import * as Simulation from './Simulation.ts'

function txs(durations: readonly number[]): Schedule.TxInput[] {
  return durations.map((d, i) => ({
    txIndex: i,
    txHash: `0x${String(i).padStart(64, '0')}`,
    gasUsed: d,
    wave: 0,
    durationUnits: d,
  }))
}

// docs/original-lab.md §6.2 worked example (demo-mini): W=2 makespan 220 + 185 = 405, W=1 645.
const demoMini: Schedule.BlockInput[] = [
  { blockNumber: 1, txs: txs([100, 50, 120, 80]), deps: [[], [], [0], []] },
  { blockNumber: 2, txs: txs([90, 110, 95]), deps: [[], [], [0]] },
]

// docs/original-lab.md §6.2 ablation fixture: gas 1000,1000,1,1000,1000 with 2→3→4 chained on one
// slot.
const chain: Schedule.BlockInput[] = [
  { blockNumber: 7, txs: txs([1000, 1000, 1, 1000, 1000]), deps: [[], [], [], [2], [3]] },
]

describe('build', () => {
  test('default', () => {
    const schedule = Schedule.build(demoMini, { workers: 2 })
    expect(schedule.makespan).toBe(405)
    expect(schedule.blocks).toEqual([
      { blockNumber: 1, start: 0, end: 220 },
      { blockNumber: 2, start: 220, end: 405 },
    ])
    expect(schedule.items.map((i) => [i.blockNumber, i.txIndex, i.lane, i.start, i.end])).toEqual([
      [1, 0, 0, 0, 100],
      [1, 1, 1, 0, 50],
      [1, 3, 1, 50, 130],
      [1, 2, 0, 100, 220],
      [2, 0, 0, 220, 310],
      [2, 1, 1, 220, 330],
      [2, 2, 0, 310, 405],
    ])
  })

  test('options: workers', () => {
    expect(Schedule.build(demoMini, { workers: 1 }).makespan).toBe(645)
  })

  test('options: strategy', () => {
    expect(Schedule.build(chain, { workers: 1 }).makespan).toBe(4001)
    expect(Schedule.build(chain, { workers: 2 }).makespan).toBe(3001)
    expect(Schedule.build(chain, { workers: 2, strategy: 'critical_path' }).makespan).toBe(2001)
    expect(Schedule.build(chain, { workers: 1, strategy: 'gas_lpt' }).makespan).toBe(4001)
  })

  test('error: workers below 1', () => {
    expect(() => Schedule.build(demoMini, { workers: 0 })).toThrow('workers must be >= 1')
  })

  const dag = fc
    .array(fc.tuple(fc.integer({ min: 1, max: 50 }), fc.array(fc.nat(), { maxLength: 3 })), {
      maxLength: 12,
    })
    .map((rows) => ({
      durations: rows.map(([d]) => d),
      deps: rows.map(([, ds], i) => [...new Set(ds.filter((d) => d < i).map((d) => d % i))]),
    }))

  propTest.prop([dag, fc.integer({ min: 1, max: 4 })], { seed: 6, numRuns: 100 })(
    'behavior: lanes never overlap and dependencies finish first',
    ({ durations, deps }, workers) => {
      const block = { blockNumber: 1, txs: txs(durations), deps }
      const { items, makespan } = Schedule.build([block], { workers })
      expect(items).toHaveLength(durations.length)
      const byTx = new Map(items.map((i) => [i.txIndex, i]))
      for (const item of items) {
        expect(item.lane).toBeLessThan(workers)
        for (const dep of deps[item.txIndex] ?? []) {
          expect(byTx.get(dep)!.end).toBeLessThanOrEqual(item.start)
        }
        for (const other of items) {
          if (other === item || other.lane !== item.lane) continue
          expect(other.end <= item.start || other.start >= item.end).toBe(true)
        }
        expect(item.end).toBeLessThanOrEqual(makespan)
      }
    },
  )
})

describe('build vs Simulation.run', () => {
  const keys = ['k0', 'k1', 'k2', 'k3', 'k4']
  const txSets = fc.array(
    fc.record({
      reads: fc.subarray(keys),
      writes: fc.subarray(keys),
      duration: fc.integer({ min: 1, max: 40 }),
    }),
    { maxLength: 14 },
  )

  propTest.prop(
    [txSets, fc.integer({ min: 1, max: 5 }), fc.constantFrom(...Simulation.strategies)],
    {
      seed: 66,
      numRuns: 150,
    },
  )('behavior: same start times as the analyzer simulation', (rows, workers, strategy) => {
    const sets = rows.map((r) => ({ reads: r.reads, writes: r.writes }))
    const graph = ConflictGraph.build(sets)
    const durations = rows.map((r) => r.duration)
    const expected = Simulation.run(graph, durations, workers, strategy)
    const block = { blockNumber: 1, txs: txs(durations), deps: graph.deps }
    const schedule = Schedule.build([block], { workers, strategy })
    expect(schedule.makespan).toBe(expected.makespan)
    const starts = new Array<number>(rows.length).fill(-1)
    for (const item of schedule.items) starts[item.txIndex] = item.start
    expect(starts).toEqual(expected.starts)
  })
})

describe('chain', () => {
  const a = addr('a1')
  const labels: Labels.Labels = [[a, 'Pool A']]
  const analyzed = (gas3: number) =>
    Pipeline.analyze(
      {
        manifest: manifest([]),
        blocks: [
          block(9, [
            { gas: 100, accesses: [['write', a, slot(1)]] },
            {
              gas: 50,
              accesses: [
                ['read', a, slot(1)],
                ['write', a, slot(2)],
              ],
            },
            { gas: 10, accesses: [['read', a, slot(2)]] },
            { gas: gas3, accesses: [['write', addr('b2'), slot(3)]] },
          ]),
        ],
        workers: [1],
        feeRecipient: 'excluded',
      },
      labels,
    )

  test('default: the longest gas-weighted chain, each link on the key it waits on', () => {
    const result = analyzed(20)
    const chain = Schedule.chain(result.blocks, labels)
    expect(chain).toEqual({
      blockNumber: 9,
      length: 160,
      unit: 'gas',
      links: [
        {
          txIndex: 0,
          txHash: expect.any(String),
          wave: 0,
          start: 0,
          end: 100,
          key: null,
          keyLabel: null,
          keyCount: 0,
        },
        {
          txIndex: 1,
          txHash: expect.any(String),
          wave: 1,
          start: 100,
          end: 150,
          key: `storage:${a}:${slot(1)}`,
          keyLabel: 'Pool A',
          keyCount: 1,
        },
        {
          txIndex: 2,
          txHash: expect.any(String),
          wave: 2,
          start: 150,
          end: 160,
          key: `storage:${a}:${slot(2)}`,
          keyLabel: 'Pool A',
          keyCount: 1,
        },
      ],
    })
  })

  test('behavior: a heavy independent tx is the chain when it is the longest path', () => {
    const chain = Schedule.chain(analyzed(500).blocks)
    expect(chain?.links.map((l) => [l.txIndex, l.key])).toEqual([[3, null]])
    expect(chain?.length).toBe(500)
  })

  test('behavior: no transactions, no chain', () => {
    expect(Schedule.chain([])).toBeNull()
  })
})

describe('fromResult', () => {
  const built = Packs.fromPack(Packs.HOSTILE_PACK)

  test('default', () => {
    const { schedule, chain } = Schedule.fromResult(built.result)
    expect(schedule.workers).toBe(8)
    expect(schedule.items).toHaveLength(built.dossier.tx_count)
    expect(chain?.links.length).toBeGreaterThan(0)
  })

  test('behavior: makespans equal the analyzer simulation and ablation', () => {
    for (const row of built.dossier.scheduler_ablation) {
      const { schedule } = Schedule.fromResult(built.result, {
        workers: row.workers,
        strategy: row.strategy,
      })
      expect([row.strategy, row.workers, schedule.makespan]).toEqual([
        row.strategy,
        row.workers,
        row.makespan,
      ])
    }
  })
})

describe('fromResult (a worker count the analysis did not simulate)', () => {
  test('behavior: simulated on the spot, equal to build over the same blocks', () => {
    const built = Packs.fromPack(Packs.DEMO_MINI)
    const { schedule } = Schedule.fromResult(built.result, { workers: 3 })
    expect(built.result.workers).not.toContain(3)
    const inputs = built.result.blocks.map((a) => ({
      blockNumber: a.block.blockNumber,
      txs: a.entry.tx_summaries.map((t, i) => ({
        txIndex: t.tx_index,
        txHash: t.tx_hash,
        gasUsed: a.block.transactions[i]!.gasUsed,
        wave: t.wave,
        durationUnits: t.duration_units,
      })),
      deps: a.graph.deps,
    }))
    expect(schedule).toEqual(Schedule.build(inputs, { workers: 3 }))
  })
})
