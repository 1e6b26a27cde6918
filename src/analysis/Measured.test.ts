import { describe, expect, test } from 'vitest'
import { block, manifest, slot } from '../../test/golden/packs.ts'
import * as Measured from './Measured.ts'
import * as Pipeline from './Pipeline.ts'
import * as Range from './Range.ts'
import * as RangeBlock from './RangeBlock.ts'

const pool = `0x${'11'.repeat(20)}`

/** A report shaped like `replay --json`'s: two blocks, Block-STM or BAL-parallel runs. */
function report(engine: 'block-stm' | 'bal', ns: { seq: number; par: number[] }[]) {
  const numbers = [1, 2]
  const blocks = numbers.map((number, i) => ({
    number,
    hash: null,
    fork: 'cancun',
    txs: 2,
    gas_used: 30,
    timing: { execution_ns: ns[i]!.seq, mgas_per_sec: 1.5 },
    ...(engine === 'block-stm'
      ? {
          block_stm: ns[i]!.par.map((execution_ns, t) => ({
            threads: 2 ** t,
            equal: true,
            fallback: t === 1 && i === 1 ? 'deadlock watchdog' : null,
            planned: null,
            timing: { execution_ns, speedup_vs_sequential: 0 },
          })),
        }
      : {}),
  }))
  const bal = {
    blocks: numbers.map((number, i) => ({
      number,
      parallel: ns[i]!.par.map((execution_ns, t) => ({
        threads: 2 ** t,
        status: 'equal',
        timing: { execution_ns, mgas_per_sec: 2 },
      })),
    })),
  }
  return {
    report_version: 'replay-report-v1',
    data: 'data/mainnet',
    chain: 'test',
    blocks,
    summary: {},
    ...(engine === 'bal' ? { bal } : {}),
  }
}

function pack() {
  const txs = [
    { gas: 10, accesses: [['read_write', pool, slot(0)]] as const },
    { gas: 20, accesses: [['read_write', pool, slot(0)]] as const },
  ]
  return [block(1, txs), block(2, txs)]
}

describe('build', () => {
  test('behavior: per block and summed per engine and thread count (hand-computed)', () => {
    const stm = Measured.parse(
      report('block-stm', [
        { seq: 100, par: [110, 50] },
        { seq: 300, par: [310, 100] },
      ]),
      'stm.json',
    )
    const bal = Measured.parse(
      report('bal', [
        { seq: 120, par: [100, 40] },
        { seq: 280, par: [250, 160] },
      ]),
      'bal.json',
    )
    const m = Measured.build(
      [stm, bal],
      [
        { number: 1, hash: null, gasUsed: 30 },
        { number: 2, hash: null, gasUsed: 30 },
      ],
    )!
    expect(m.blocks[1]!.runs).toEqual([
      {
        engine: 'bal-parallel',
        threads: 1,
        execution_ns: 250,
        status: 'equal',
        sequential_ns: 280,
        speedup_vs_sequential: 280 / 250,
      },
      {
        engine: 'bal-parallel',
        threads: 2,
        execution_ns: 160,
        status: 'equal',
        sequential_ns: 280,
        speedup_vs_sequential: 280 / 160,
      },
      {
        engine: 'block-stm',
        threads: 1,
        execution_ns: 310,
        status: 'equal',
        sequential_ns: 300,
        speedup_vs_sequential: 300 / 310,
      },
      {
        engine: 'block-stm',
        threads: 2,
        execution_ns: 100,
        status: 'fallback',
        sequential_ns: 300,
        speedup_vs_sequential: 3,
      },
    ])
    expect(m.totals.find((t) => t.engine === 'block-stm' && t.threads === 2)).toEqual({
      engine: 'block-stm',
      threads: 2,
      blocks: 2,
      equal_blocks: 1,
      sequential_ns: 400,
      execution_ns: 150,
      speedup_vs_sequential: 400 / 150,
    })
    expect(m.totals.find((t) => t.engine === 'bal-parallel' && t.threads === 2)).toMatchObject({
      sequential_ns: 400,
      execution_ns: 200,
      speedup_vs_sequential: 2,
    })
    expect(m.blocks_not_in_pack).toBe(0)
  })

  test('behavior: measurements never enter the hash, in the dossier and in the range', () => {
    const blocks = pack()
    const numbers = [
      { number: 1, hash: null, gasUsed: 30 },
      { number: 2, hash: null, gasUsed: 30 },
    ]
    const a = Measured.build(
      [
        Measured.parse(
          report('bal', [
            { seq: 1, par: [2] },
            { seq: 3, par: [4] },
          ]),
          'a.json',
        ),
      ],
      numbers,
    )
    const b = Measured.build(
      [
        Measured.parse(
          report('bal', [
            { seq: 9, par: [8] },
            { seq: 7, par: [6] },
          ]),
          'b.json',
        ),
      ],
      numbers,
    )
    const analyze = (measured: ReturnType<typeof Measured.build>) =>
      Pipeline.analyze({
        manifest: manifest(blocks),
        blocks,
        workers: [1, 2],
        feeRecipient: 'excluded',
        measured,
      })
    const none = analyze(null).dossier
    const withA = analyze(a).dossier
    const withB = analyze(b).dossier
    expect(none.measured_execution).toBeNull()
    expect(withA.measured_execution).toEqual(a)
    expect(withA.measured_execution).not.toEqual(withB.measured_execution)
    expect(withA.deterministic_hash).toBe(none.deterministic_hash)
    expect(withB.deterministic_hash).toBe(none.deterministic_hash)
    const acc = Range.create({
      manifest: manifest(blocks),
      workers: [1, 2],
      feeRecipient: 'excluded',
      packBlockCount: 2,
      missingBlockCount: 0,
    })
    for (const analysis of analyze(null).blocks) Range.add(acc, RangeBlock.summarize(analysis))
    expect(Range.packBlocks(acc)).toEqual(numbers)
    const rangeA = Range.build(acc, [], a)
    const rangeB = Range.build(acc, [], b)
    expect(rangeA.measured_execution).toEqual(a)
    expect(rangeA.deterministic_hash).toBe(rangeB.deterministic_hash)
    expect(rangeA.deterministic_hash).toBe(Range.build(acc).deterministic_hash)
  })
})

describe('errors', () => {
  test('error: not a replay report names the file and the JSON path', () => {
    expect(() => Measured.parse({ report_version: 'trace-pack-dossier-v1' }, 'x.json')).toThrow(
      'x.json: $.report_version: expected "replay-report-v1", got "trace-pack-dossier-v1"',
    )
    const bad = report('bal', [
      { seq: 1, par: [2] },
      { seq: 3, par: [4] },
    ])
    ;(bad.bal!.blocks[1]!.parallel[0]! as { timing: unknown }).timing = { execution_ns: -1 }
    expect(() => Measured.parse(bad, 'r.json')).toThrow(
      'r.json: $.bal.blocks[1].parallel[0].timing.execution_ns: expected a non-negative integer, got -1',
    )
  })

  test("error: a block that is not the pack's, and a run given twice", () => {
    const r = Measured.parse(
      report('bal', [
        { seq: 1, par: [2] },
        { seq: 3, par: [4] },
      ]),
      'r.json',
    )
    expect(() => Measured.build([r], [{ number: 2, hash: null, gasUsed: 31 }])).toThrow(
      "r.json: block 2 has gas used 30, the pack's block 2 has 31: they are not the same block",
    )
    expect(() => Measured.build([r, r], [{ number: 1, hash: null, gasUsed: null }])).toThrow(
      'block 1 has two bal-parallel runs at 1 threads: in r.json and in r.json',
    )
    const m = Measured.build([r], [{ number: 1, hash: null, gasUsed: null }])!
    expect(m.blocks_not_in_pack).toBe(1)
  })
})
