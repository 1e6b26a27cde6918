import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import * as Key from '../trace/Key.ts'
import type * as Labels from '../trace/Labels.ts'
import * as TracePack from '../trace/TracePack.ts'
import * as DossierBlock from './DossierBlock.ts'
import * as Hotspots from './Hotspots.ts'
import * as KeyPath from './KeyPath.ts'
import * as Pipeline from './Pipeline.ts'
import * as Range from './Range.ts'
import * as RangeBlock from './RangeBlock.ts'
import type { BlockSummary } from './RangeTypes.ts'
import * as Simulation from './Simulation.ts'

const runs = Number(process.env.FC_NUM_RUNS ?? 100)

const addresses = [1, 2, 3].map((i) => `0x${String(i).padStart(40, '0')}`)
const slot = (i: number) => `0x${String(i).padStart(64, '0')}`

const accessArbitrary: fc.Arbitrary<TracePack.Access> = fc
  .record({
    address: fc.constantFrom(...addresses),
    slot: fc.option(fc.nat({ max: 3 }), { nil: null }),
    kind: fc.constantFrom('read', 'write', 'read_write', 'call', 'create'),
    op: fc.constantFrom('BALANCE', 'NONCE', 'FEE_CREDIT', 'CODE', null),
  })
  .map(({ address, slot: s, kind, op }) => ({
    address,
    slot: s === null ? null : slot(s),
    kind,
    op: s === null ? op : kind === 'read' ? 'SLOAD' : 'SSTORE',
    pc: null,
    depth: null,
    gasRemaining: null,
  }))

const warningArbitrary = fc.constantFrom('reads incomplete', 'tracer fault', 'odd')

/** A small pack: blocks with or without gas, source counts, warnings, account and storage keys. */
const packArbitrary: fc.Arbitrary<TracePack.TracePack> = fc
  .record({
    blocks: fc.array(
      fc.record({
        txs: fc.array(
          fc.record({
            accesses: fc.array(accessArbitrary, { maxLength: 5 }),
            gas: fc.option(fc.integer({ min: 21_000, max: 300_000 }), { nil: null, freq: 6 }),
            warnings: fc.array(warningArbitrary, { maxLength: 1 }),
          }),
          { maxLength: 9 },
        ),
        extraSource: fc.option(fc.nat({ max: 5 }), { nil: null }),
        warnings: fc.array(warningArbitrary, { maxLength: 1 }),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    manifestWarnings: fc.array(fc.constantFrom('incomplete pack', 'partial'), { maxLength: 2 }),
  })
  .map(({ blocks, manifestWarnings }) => {
    const first = 100
    const built = blocks.map((b, i): TracePack.Block => {
      const transactions = b.txs.map((tx, t) => ({
        txIndex: t,
        txHash: `0x${String(first + i).padStart(32, '0')}${String(t).padStart(32, '0')}`,
        from: addresses[t % 3]!,
        to: addresses[(t + 1) % 3]!,
        gasUsed: tx.gas,
        status: '0x1',
        accesses: tx.accesses,
        warnings: tx.warnings,
      }))
      const gasAll = transactions.every((t) => t.gasUsed !== null)
      return {
        chain: 'test',
        blockNumber: first + i,
        blockHash: null,
        parentHash: null,
        txCount: transactions.length,
        sourceTxCount: b.extraSource === null ? null : transactions.length + b.extraSource,
        totalGasUsed: gasAll ? transactions.reduce((s, t) => s + (t.gasUsed ?? 0), 0) : null,
        transactions,
        warnings: b.warnings,
      }
    })
    return TracePack.normalize({
      manifest: {
        schemaVersion: 'trace-pack-v1',
        chain: 'test',
        source: 'property test',
        provenance: 'generated',
        startBlock: first,
        endBlock: first + blocks.length - 1,
        createdByToolVersion: '0',
        tracerKind: 'test',
        notes: [],
        warnings: manifestWarnings,
      },
      blocks: built,
    })
  })

const labels: Labels.Labels = [[addresses[1]!, 'Two']]

/** The streamed range: each block analyzed alone, its summary through JSON (as on disk), folded in. */
function streamed(
  pack: TracePack.TracePack,
  workers: readonly number[],
  feeRecipient: 'exclude' | 'include',
): Range.Accumulator {
  const normalized = Simulation.normalizeWorkers(workers)
  const acc = Range.create({
    manifest: pack.manifest,
    workers: normalized,
    feeRecipient: feeRecipient === 'include' ? 'included' : 'excluded',
    packBlockCount: pack.blocks.length,
    missingBlockCount: 0,
  })
  for (const block of pack.blocks) {
    const input = Pipeline.blockInput(block, pack.manifest, feeRecipient)
    const summary = RangeBlock.summarize(DossierBlock.analyze(input, normalized))
    Range.add(acc, JSON.parse(JSON.stringify(summary)) as BlockSummary)
  }
  return acc
}

/** Fields the range dossier shares with `trace-pack-dossier-v1`. */
const shared = [
  'chain',
  'provenance',
  'source',
  'tracer_kind',
  'start_block',
  'end_block',
  'block_count',
  'tx_count',
  'source_tx_count',
  'tx_coverage_percentage',
  'total_gas_used',
  'total_accesses',
  'conflict_pair_count',
  'conflict_percentage',
  'overlapping_tx_count',
  'overlapping_tx_percentage',
  'wave_count',
  'max_wave_width',
  'gas_weighted_conflict_percentage',
  'critical_path_length_by_tx',
  'gas_weighted_critical_path',
  'theoretical_parallelism_ceiling_by_tx',
  'theoretical_parallelism_ceiling_by_gas',
  'contention_concentration',
  'parallelism_loss_decomposition',
  'worst_blocks_by_conflict_percentage',
  'worst_blocks_by_gas_weighted_critical_path',
  'worst_serializing_txs',
  'worker_simulation',
  'scheduler_ablation',
  'conflict_edge_types',
  'fee_recipient',
  'execution_ladder',
] as const

const options = fc.record({
  workers: fc.uniqueArray(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 }),
  feeRecipient: fc.constantFrom('exclude' as const, 'include' as const),
})

describe('build', () => {
  test.prop([packArbitrary, options], { seed: 1616, numRuns: runs })(
    'behavior: streamed block by block, every shared field equals the in-memory dossier',
    (pack, { workers, feeRecipient }) => {
      const memory = Pipeline.run({ pack, labels }, { workers, feeRecipient }).dossier
      const range = Range.build(streamed(pack, workers, feeRecipient), labels)
      for (const field of shared) expect(range[field], field).toEqual(memory[field])
      expect(range.warnings).toEqual(memory.warnings.filter((w) => !w.startsWith('block ')))
      // Warning summary: the dossier's entries, but its one line per block grouped by message.
      const perBlock = /^block [0-9]+: /
      const grouped = range.warning_summary.filter((w) => / blocks: /.test(w.warning))
      expect(range.warning_summary.filter((w) => !grouped.includes(w))).toEqual(
        memory.warning_summary.filter((w) => !perBlock.test(w.warning)),
      )
      const blockLines = memory.warning_summary.filter((w) => perBlock.test(w.warning))
      expect(grouped.reduce((n, w) => n + w.count, 0)).toBe(blockLines.length)
    },
  )

  test.prop([packArbitrary, options], { seed: 1617, numRuns: runs })(
    'behavior: hot state equals the in-memory pipeline, key by key and contract by contract',
    (pack, { workers, feeRecipient }) => {
      const result = Pipeline.run({ pack, labels }, { workers, feeRecipient })
      const acc = streamed(pack, workers, feeRecipient)
      const merged = Hotspots.create()
      for (const b of result.blocks) Hotspots.merge(merged, b.hot)
      const expectedKeys = [...merged.keys].sort()
      expect([...acc.hot.keys].map(([k, e]) => [k, e.contribution]).sort()).toEqual(expectedKeys)
      const contracts = [...merged.contracts]
        .filter(([, e]) => e.contribution > 0)
        .map(([a, e]) => [a, e.contribution])
        .sort()
      expect([...acc.hot.contracts].map(([a, e]) => [a, e.contribution]).sort()).toEqual(contracts)
      // Blocks per key, first and last block, and the blocks each key was the top serializer of.
      for (const [key, e] of acc.hot.keys) {
        const blocks = result.blocks.filter((b) =>
          b.graph.keyContributions.some((k) => k.key === key),
        )
        const tops = result.blocks.filter((b) => topKey(b.graph.keyContributions) === key)
        expect([e.blocks, e.first, e.last, e.top]).toEqual([
          blocks.length,
          blocks[0]!.block.blockNumber,
          blocks[blocks.length - 1]!.block.blockNumber,
          tops.length,
        ])
      }
    },
  )

  test.prop([packArbitrary, options], { seed: 1619, numRuns: runs })(
    'behavior: every "what if" row equals a brute-force recomputation over the in-memory blocks',
    (pack, { workers, feeRecipient }) => {
      const result = Pipeline.run({ pack, labels }, { workers, feeRecipient })
      const range = Range.build(streamed(pack, workers, feeRecipient), labels)
      const memory = new Map(result.dossier.what_if_hot_keys.map((r) => [r.key, r]))
      const gasAll = result.blocks.every((b) => b.gasComplete)
      for (const row of range.what_if_hot_keys) {
        let path = 0
        let shortened = 0
        for (const b of result.blocks) {
          const id = b.graph.keyContributions.find((k) => Key.toText(k.key) === row.key)?.key
          const p =
            id === undefined
              ? b.durationPath
              : KeyPath.length(KeyPath.fromSets(b.sets), b.durations, id)
          path += p
          if (p < b.durationPath) shortened++
        }
        expect(row.blocks_shortened, row.key).toBe(shortened)
        expect(row.gas_critical_path, row.key).toBe(gasAll ? path : null)
        const gas = result.dossier.total_gas_used
        expect(row.ceiling_by_gas).toBe(gas === null || path === 0 ? null : gas / path)
        const same = memory.get(row.key)
        if (same !== undefined) expect(row, row.key).toEqual(same)
        const plain = range.theoretical_parallelism_ceiling_by_gas
        if (row.ceiling_by_gas !== null && plain !== null)
          expect(row.ceiling_by_gas).toBeGreaterThanOrEqual(plain)
      }
    },
  )

  test.prop([packArbitrary], { seed: 1618, numRuns: runs })(
    'behavior: distributions are nearest-rank over the blocks that have a value',
    (pack) => {
      const memory = Pipeline.run({ pack, labels }).dossier
      const range = Range.build(streamed(pack, [1], 'exclude'), labels)
      const values = memory.blocks
        .map((b) => b.ceiling_by_gas)
        .filter((v): v is number => v !== null)
        .sort((a, b) => a - b)
      const dist = range.distributions.find((d) => d.metric === 'ceiling_by_gas')!
      expect(dist.count).toBe(values.length)
      expect(dist.min).toBe(values[0] ?? null)
      expect(dist.max).toBe(values[values.length - 1] ?? null)
      expect(dist.p50).toBe(values.length === 0 ? null : values[Math.ceil(values.length / 2) - 1])
      expect(dist.histogram.counts.reduce((s, c) => s + c, 0)).toBe(values.length)
      const points = range.time_series.points
      expect(points.map((p) => p.first_block)).toEqual(memory.blocks.map((b) => b.block_number))
    },
  )

  test('behavior: the time series averages consecutive blocks when there are more than 500', () => {
    const acc = Range.create({
      manifest: {
        schemaVersion: 'trace-pack-v1',
        chain: 'test',
        source: 's',
        provenance: 'p',
        startBlock: 1,
        endBlock: 1001,
        createdByToolVersion: '0',
        tracerKind: 't',
        notes: [],
        warnings: [],
      },
      workers: [1],
      feeRecipient: 'excluded',
      packBlockCount: 1001,
      missingBlockCount: 0,
    })
    const summary = RangeBlock.summarize(
      DossierBlock.analyze(Pipeline.blockInput(emptyBlock(1), acc.input.manifest, 'exclude'), [1]),
    )
    for (let n = 1; n <= 1001; n++) Range.add(acc, { ...summary, blockNumber: n })
    const { time_series } = Range.build(acc)
    expect(time_series.bucket_blocks).toBe(3)
    expect(time_series.points.length).toBe(334)
    expect(time_series.points[333]).toMatchObject({
      first_block: 1000,
      last_block: 1001,
      blocks: 2,
    })
  })
})

/** The key with the largest count, ties to the first in key order (an independent spelling). */
function topKey(contributions: readonly { key: Key.Id; count: number }[]): Key.Id | undefined {
  return [...contributions].sort((a, b) => b.count - a.count || Key.compareIds(a.key, b.key))[0]
    ?.key
}

function emptyBlock(n: number): TracePack.Block {
  return {
    chain: 'test',
    blockNumber: n,
    blockHash: null,
    parentHash: null,
    txCount: 0,
    sourceTxCount: null,
    totalGasUsed: 0,
    transactions: [],
    warnings: [],
  }
}
