import { fc, test as propTest } from '@fast-check/vitest'
import { describe, expect, test } from 'vitest'
import type { AccessSpec } from '../../test/golden/packs.ts'
import { addr, block, demoMini, manifest, slot } from '../../test/golden/packs.ts'
import * as Labels from '../trace/Labels.ts'
import * as Dossier from './Dossier.ts'
import type { BlockInput } from './DossierBlock.ts'
import * as Pipeline from './Pipeline.ts'

function build(blocks: readonly BlockInput[], workers: readonly number[] = [1, 2, 4, 8]) {
  const input = { manifest: manifest(blocks), blocks, workers, feeRecipient: 'excluded' as const }
  return Pipeline.analyze(input).dossier
}

const hot = addr('44')
/**
 * docs/original-lab.md §11 unit pack: gas 50/20/60/50; txs 0, 2, 3 read-write one slot; tx 1
 * touches nothing.
 */
function unitPack(sourceTxCount: number | null = null) {
  return [
    block(
      1,
      [
        { gas: 50, accesses: [['read_write', hot, slot(0)]] },
        { gas: 20, accesses: [] },
        { gas: 60, accesses: [['read_write', hot, slot(0)]] },
        { gas: 50, accesses: [['read_write', hot, slot(0)]] },
      ],
      { sourceTxCount },
    ),
  ]
}

describe('build', () => {
  test('default: demo-mini worked example (docs/original-lab.md §6.2)', () => {
    const d = build(demoMini())
    expect(d.tx_count).toBe(7)
    expect(d.conflict_pair_count).toBe(2)
    expect(d.conflict_percentage).toBeCloseTo(22.222, 3)
    const w1 = d.worker_simulation[0]!
    const w2 = d.worker_simulation[1]!
    expect(w1.makespan).toBe(645)
    expect(w2.makespan).toBe(405)
    expect(w2.critical_path_bound).toBe(405)
    expect(w2.idle_percentage).toBeCloseTo(20.37, 2)
    expect(w2.speedup_vs_one_worker).toBeCloseTo(1.593, 3)
    expect(w2.interpretation).toBe('dependency-bound: makespan is at the critical-path lower bound')
  })

  test('behavior: docs/original-lab.md §11 unit pack metrics', () => {
    const d = build(unitPack(8), [1, 2])
    expect(d.conflict_pair_count).toBe(3)
    expect(d.critical_path_length_by_tx).toBe(3)
    expect(d.gas_weighted_critical_path).toBe(160)
    expect(d.gas_weighted_conflict_percentage).toBeCloseTo(59.259, 3)
    expect(d.worker_simulation.map((r) => r.makespan)).toEqual([180, 160])
    expect(d.top_hot_storage_slots[0]).toMatchObject({ touching_txs: 3, conflict_contribution: 3 })
    expect(d.contention_concentration.top_1_conflict_percent).toBe(100)
    expect(d.tx_coverage_percentage).toBe(50)
    expect(d.overlapping_tx_count).toBe(3)
    expect(d.overlapping_tx_percentage).toBe(75)
    expect(d.wave_count).toBe(3)
    expect(d.max_wave_width).toBe(2)
    expect(d.worst_serializing_txs[0]).toMatchObject({ tx_index: 2, duration_units: 60 })
  })

  test('behavior: edge types count pairs per type', () => {
    const d = build(unitPack())
    // every pair shares one read-write key: each is RAW, WAW and WAR at once
    expect(d.conflict_edge_types).toMatchObject({
      read_after_write: 3,
      write_after_write: 3,
      write_after_read: 3,
    })
    const mixed = build([
      block(1, [
        { gas: 1, accesses: [['write', hot, slot(1)]] },
        { gas: 1, accesses: [['read', hot, slot(1)]] },
        { gas: 1, accesses: [['read', hot, slot(2)]] },
        { gas: 1, accesses: [['write', hot, slot(2)]] },
      ]),
    ])
    expect(mixed.conflict_edge_types).toMatchObject({
      read_after_write: 1,
      write_after_write: 0,
      write_after_read: 1,
    })
  })

  test('behavior: scheduler ablation fixture (docs/original-lab.md §6.2)', () => {
    const chain = addr('55')
    const d = build(
      [
        block(1, [
          { gas: 1000, accesses: [] },
          { gas: 1000, accesses: [] },
          { gas: 1, accesses: [['write', chain, slot(0)]] },
          { gas: 1000, accesses: [['read_write', chain, slot(0)]] },
          { gas: 1000, accesses: [['read_write', chain, slot(0)]] },
        ]),
      ],
      [1, 2],
    )
    const row = (s: string, w: number) =>
      d.scheduler_ablation.find((r) => r.strategy === s && r.workers === w)!
    expect(row('canonical', 2).makespan).toBe(3001)
    expect(row('critical_path', 2).makespan).toBe(2001)
    for (const s of ['canonical', 'gas_lpt', 'critical_path']) expect(row(s, 1).makespan).toBe(4001)
    expect(d.scheduler_ablation.every((r) => r.preserves_dependencies)).toBe(true)
    expect(row('critical_path', 2).improvement_vs_canonical_percent).toBeCloseTo(33.322, 3)
  })

  test('behavior: missing gas disables gas metrics and uses unit durations', () => {
    const d = build([
      block(
        1,
        unitPack()[0]!.block.transactions.map(() => ({ accesses: [] })),
      ),
    ])
    expect(d.gas_weighted_critical_path).toBeNull()
    expect(d.warnings.some((w) => w.includes('gas-weighted'))).toBe(true)
    expect(d.worker_simulation[0]!.makespan).toBe(4)
  })

  test('behavior: tx warnings carried and summarized', () => {
    const blocks = [
      block(1, [
        { gas: 1, accesses: [], warnings: ['reverted'] },
        { gas: 1, accesses: [] },
        { gas: 1, accesses: [] },
        { gas: 1, accesses: [] },
      ]),
    ]
    const d = build(blocks)
    expect(d.blocks[0]!.warnings).toContain('tx_index 0: reverted')
    expect(d.warnings).toContain('block 1: tx_index 0: reverted')
    expect(d.warning_summary.map((w) => w.warning)).toContain('1 of 4 analyzed txs: reverted')
    expect(d.warning_summary.map((w) => w.warning)).toContain(
      '4 of 4 analyzed txs: read coverage is incomplete',
    )
    expect(d.parallelism_loss_decomposition.incomplete_read_tx_count).toBe(4)
  })

  test('behavior: deterministic hash is stable and covers the data', () => {
    const a = build(demoMini())
    const b = build(demoMini())
    expect(a.deterministic_hash).toMatch(/^[0-9a-f]{16}$/)
    expect(Dossier.toJson(a)).toBe(Dossier.toJson(b))
    expect(build(unitPack()).deterministic_hash).not.toBe(a.deterministic_hash)
  })

  test('options: workers are normalized (zeros dropped, deduped, sorted, 1 added)', () => {
    const d = build(demoMini(), [4, 0, 2, 4])
    expect(d.worker_simulation.map((r) => r.workers)).toEqual([1, 2, 4])
  })

  const arbAccess = fc.tuple(
    fc.constantFrom('read', 'write', 'read_write'),
    fc.constantFrom(addr('11'), addr('22')),
    fc.option(fc.constantFrom(slot(0), slot(1), slot(2)), { nil: null }),
  ) as fc.Arbitrary<AccessSpec>
  const arbBlock = fc.array(
    fc.record({
      gas: fc.option(fc.integer({ min: 1, max: 500 }), { nil: undefined }),
      accesses: fc.array(arbAccess, { maxLength: 4 }),
    }),
    { maxLength: 9 },
  )
  propTest.prop([fc.array(arbBlock, { minLength: 1, maxLength: 3 })], { seed: 5, numRuns: 60 })(
    'behavior: deterministic; access order inside a tx does not matter; bound ≤ every makespan',
    (blockSpecs) => {
      const blocks = blockSpecs.map((txs, i) => block(i + 1, txs))
      const reversed = blockSpecs.map((txs, i) =>
        block(
          i + 1,
          txs.map((t) => ({ ...t, accesses: [...t.accesses].reverse() })),
        ),
      )
      const a = build(blocks, [1, 2, 3])
      expect(Dossier.toJson(build(blocks, [1, 2, 3]))).toBe(Dossier.toJson(a))
      expect(build(reversed, [1, 2, 3]).deterministic_hash).toBe(a.deterministic_hash)
      for (const row of a.scheduler_ablation) {
        expect(row.makespan).toBeGreaterThanOrEqual(row.critical_path_bound)
        expect(row.preserves_dependencies).toBe(true)
      }
      expect(a.wave_count).toBe(a.critical_path_length_by_tx)
    },
  )
})

describe('withLabels', () => {
  const dossier = build(demoMini(), [1, 2])
  test('behavior: only labels and the hash change; re-applying is stable', () => {
    const labels = Labels.parse({ [addr('11')]: 'Hot' }, 'l.json')
    const once = Dossier.withLabels(dossier, labels)
    expect(once.top_hot_contracts[0]).toMatchObject({ address: addr('11'), label: 'Hot' })
    expect(once.top_hot_storage_slots[0]!.address_label).toBe('Hot')
    expect(once.blocks[0]!.top_hot_contracts[0]!.label).toBe('Hot')
    expect(once.deterministic_hash).not.toBe(dossier.deterministic_hash)
    expect(Dossier.withLabels(once, labels)).toEqual(once)
    const unlabel = Dossier.withLabels(once, [])
    expect(unlabel).toEqual(dossier)
  })
})

describe('top_hot_keys', () => {
  /** Three txs that only meet on one contract's ETH balance (op BALANCE), plus a storage pair. */
  function balancePack(tracerKind: string) {
    const weth = addr('77')
    const input = block(1, [
      { gas: 30, accesses: [['read_write', weth, null]] },
      {
        gas: 30,
        accesses: [
          ['read_write', weth, null],
          ['write', hot, slot(1)],
        ],
      },
      {
        gas: 30,
        accesses: [
          ['read_write', weth, null],
          ['read', hot, slot(1)],
        ],
      },
    ])
    const packBlock = {
      ...input.block,
      transactions: input.block.transactions.map((tx) => ({
        ...tx,
        accesses: tx.accesses.map((a) => (a.slot === null ? { ...a, op: 'BALANCE' } : a)),
      })),
    }
    const pack = { manifest: { ...manifest([input]), tracerKind }, blocks: [packBlock] }
    return { weth, pack }
  }

  test('behavior: account-level keys rank with storage slots, labelled by key_type', () => {
    const { weth, pack } = balancePack('unit')
    const d = Pipeline.run({ pack, labels: [[weth, 'WETH9']] }).dossier
    expect(d.top_hot_keys[0]).toEqual({
      key: `balance:${weth}`,
      key_type: 'balance',
      address: weth,
      address_label: 'WETH9',
      slot: null,
      touching_txs: 3,
      gas_of_touching_txs: 90,
      conflict_contribution: 3,
    })
    expect(d.top_hot_keys[1]).toMatchObject({ key_type: 'storage', slot: slot(1) })
    expect(d.blocks[0]!.top_hot_keys.map((k) => k.key_type)).toEqual(['balance', 'storage'])
    // The storage-only table of the original format is unchanged.
    expect(d.top_hot_storage_slots.map((s) => s.slot)).toEqual([slot(1)])
  })

  test('behavior: read sets are incomplete only for tracers that cannot see account reads', () => {
    const evm = Pipeline.run({
      pack: balancePack('ethereumjs-step-hook+state-manager-wrapper').pack,
      labels: [],
    }).dossier
    expect(evm.tracer_coverage.reads_complete).toBe(true)
    expect(evm.parallelism_loss_decomposition.incomplete_read_tx_count).toBe(0)
    expect(evm.warning_summary.map((w) => w.warning)).not.toContainEqual(
      expect.stringContaining('read coverage is incomplete'),
    )
    const storageOnly = Pipeline.run({
      pack: balancePack('geth-js-storage').pack,
      labels: [],
    }).dossier
    expect(storageOnly.tracer_coverage.reads_complete).toBe(false)
    expect(storageOnly.tracer_coverage.cannot_see).toContain('account-level keys')
    expect(storageOnly.warning_summary.map((w) => w.warning)).toContain(
      '3 of 3 analyzed txs: read coverage is incomplete',
    )
  })

  test('options: top sets the rows of every hot table', () => {
    const { pack } = balancePack('unit')
    const d = Pipeline.run({ pack, labels: [] }, { top: 1 }).dossier
    expect(d.top_hot_keys).toHaveLength(1)
    expect(d.top_hot_contracts).toHaveLength(1)
    expect(d.blocks[0]!.top_hot_keys).toHaveLength(1)
  })

  test('behavior: all_three_types counts pairs that are RAW, WAW and WAR at once', () => {
    const d = Pipeline.run({ pack: balancePack('unit').pack, labels: [] }).dossier
    // Every pair shares the read-modify-written balance; the storage pair adds nothing new.
    expect(d.conflict_edge_types).toMatchObject({
      read_after_write: 3,
      write_after_write: 3,
      write_after_read: 3,
      all_three_types: 3,
    })
  })
})
