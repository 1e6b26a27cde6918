import { appendFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { tempDir } from '../../test/golden/cli.ts'
import { bytesOf, writePack } from '../../test/range/packs.ts'
import * as Pipeline from '../analysis/Pipeline.ts'
import * as Range from '../analysis/Range.ts'
import * as Query from '../tables/Query.ts'
import * as Dir from '../trace/Dir.ts'
import type * as Labels from '../trace/Labels.ts'
import * as Errors from './Errors.ts'
import * as Run from './Run.ts'

const root = tempDir('range-run-')
// 12 blocks from 1000: partitions of 5 block numbers → 1000-1004, 1005-1009, 1010-1011.
const pack = writePack(join(root, 'pack'), { blocks: 12, txsPerBlock: 40 })
const labels: Labels.Labels = [
  ['0x70c0000000000000000000000000000000000000', 'Wrapped (synthetic)'],
]

function options(name: string, extra: Partial<Run.Options> = {}): Run.Options {
  return {
    dir: pack,
    outDir: join(root, name, 'out'),
    tables: join(root, name, 'tables'),
    workers: [1, 2, 4],
    threads: 2,
    labels,
    partitionBlocks: 5,
    ...extra,
  }
}

async function outputs(o: Run.Options) {
  const result = await Run.run(o)
  result.cleanup()
  return {
    json: Range.toJson(result.dossier),
    csv: result.blocksCsv,
    tables: o.tables === undefined ? {} : bytesOf(o.tables),
    result,
  }
}

const reference = await outputs(options('reference'))

describe('run', () => {
  test('default: one or two threads give identical outputs and tables', async () => {
    const one = await outputs(options('one-thread', { threads: 1 }))
    expect(one.json).toBe(reference.json)
    expect(one.csv).toBe(reference.csv)
    expect(one.tables).toEqual(reference.tables)
    expect(Object.keys(reference.tables).sort()).toEqual(
      ['blocks', 'edges', 'keys', 'txs'].flatMap((t) =>
        [1000, 1005, 1010].map((n) => join(t, `range_start=${n}`, 'part-0.parquet')),
      ),
    )
    expect(readdirSync(join(root, 'reference', 'out'))).toEqual([])
  })

  test('behavior: the tables round-trip: row counts and sums equal the in-memory dossier', async () => {
    const memory = Pipeline.run({ pack: Dir.read(pack), labels }, { workers: [1, 2, 4] })
    const d = memory.dossier
    const tables = join(root, 'reference', 'tables')
    const one = async (sql: string) =>
      (await Query.run(tables, sql, { maxRows: 100 })).rows.map((r) => r.map(Number))
    expect(
      await one('SELECT count(*), sum(tx_count), sum(conflict_pair_count) FROM blocks'),
    ).toEqual([[d.block_count, d.tx_count, d.conflict_pair_count]])
    expect(await one('SELECT count(*), sum(gas_used), sum(conflict_degree) FROM txs')).toEqual([
      [d.tx_count, d.total_gas_used, 2 * d.conflict_pair_count],
    ])
    const types = await Query.run(
      tables,
      'SELECT edge_type, count(*) FROM edges GROUP BY 1 ORDER BY 1',
      { maxRows: 10 },
    )
    expect(types.rows.map(([t, n]) => [t, Number(n)])).toEqual([
      ['read_after_write', d.conflict_edge_types.read_after_write],
      ['write_after_read', d.conflict_edge_types.write_after_read],
      ['write_after_write', d.conflict_edge_types.write_after_write],
    ])
    expect(
      await one('SELECT count(*) FROM (SELECT DISTINCT block_number, from_tx, to_tx FROM edges)'),
    ).toEqual([[d.conflict_pair_count]])
    const contributions = memory.blocks.flatMap((b) => b.graph.keyContributions)
    expect(
      await one(
        'SELECT count(*), sum(conflict_contribution) FROM keys WHERE conflict_contribution > 0',
      ),
    ).toEqual([[contributions.length, contributions.reduce((s, k) => s + k.count, 0)]])
    expect(
      await one(
        'SELECT block_number, max(wave) + 1, count(*) FILTER (on_critical_path) > 0 FROM txs GROUP BY 1 ORDER BY 1',
      ),
    ).toEqual(d.blocks.map((b) => [b.block_number, b.wave_count, 1]))
    const labelled = await Query.run(
      tables,
      "SELECT DISTINCT label FROM keys WHERE address = '0x70c0000000000000000000000000000000000000'",
      { maxRows: 5 },
    )
    expect(labelled.rows).toEqual([['Wrapped (synthetic)']])
  })

  test('behavior: interrupted after 7 blocks, no output; resumed (torn record, stray CSV bytes) → identical outputs', async () => {
    const controller = new AbortController()
    const o = options('resume', {
      signal: controller.signal,
      onBlock: (done) => (done === 7 ? controller.abort() : undefined),
    })
    await expect(Run.run(o)).rejects.toBeInstanceOf(Errors.InterruptedError)
    expect(readdirSync(o.outDir)).toEqual(['.analyze-range'])
    expect(readdirSync(o.tables!)).toEqual(['.partial'])
    // A run killed mid-write: a torn record and rows of a block that was never recorded.
    appendFileSync(join(o.outDir, '.analyze-range', 'blocks-1005.jsonl'), '{"n":1007,"hash":')
    appendFileSync(join(o.tables!, '.partial', 'csv', 'txs-1005.csv'), '1007,0,0xdead')
    const resumed = await outputs({ ...o, signal: undefined, onBlock: undefined, resume: true })
    expect(resumed.result.resumedBlocks).toBe(7)
    expect(resumed.json).toBe(reference.json)
    expect(resumed.csv).toBe(reference.csv)
    expect(resumed.tables).toEqual(reference.tables)
    expect(readdirSync(o.outDir)).toEqual([])
  })

  test('error: --resume with other options names what changed', async () => {
    const controller = new AbortController()
    const o = options('mismatch', {
      signal: controller.signal,
      onBlock: (done) => (done === 2 ? controller.abort() : undefined),
    })
    await expect(Run.run(o)).rejects.toBeInstanceOf(Errors.InterruptedError)
    const other = { ...o, signal: undefined, onBlock: undefined, resume: true, workers: [1, 8] }
    await expect(Run.run(other)).rejects.toThrow(
      /cannot resume: the interrupted run in .* used other workers than this one/,
    )
    const fresh = await Run.run({ ...other, resume: false })
    expect(fresh.discarded).toBe(true)
  })
})

describe('invalid blocks', () => {
  const broken = join(root, 'broken')
  writePack(broken, { blocks: 6, txsPerBlock: 10 })
  writeFileSync(Dir.blockPath(broken, 1002), '{"chain": "synthetic-ran')
  const bad = Dir.blockPath(broken, 1004)
  const text = JSON.stringify(JSON.parse(readFileSync(bad, 'utf8')))
  writeFileSync(bad, text.replace(/"tx_hash":"0x[0-9a-f]{64}"/, '"tx_hash":"0xnothex"'))

  test('error: without skipping, the first invalid block fails the run and names its file', async () => {
    const o = { ...options('fail'), dir: broken, tables: undefined }
    const run = Run.run(o)
    await expect(run).rejects.toBeInstanceOf(Errors.InvalidBlockError)
    await expect(Run.run(o)).rejects.toThrow(/invalid trace pack .*broken: 1 issue/)
    const error = (await Run.run(o).then(
      () => undefined,
      (e: unknown) => e,
    )) as Errors.InvalidBlockError
    expect(error.hints.join('\n')).toContain('1002.json')
    expect(error.hints.join('\n')).toContain('--skip-invalid-blocks')
  })

  test('behavior: skipped blocks are listed with their problems; the rest is analyzed', async () => {
    rmSync(Dir.blockPath(broken, 1005))
    const o = { ...options('skip'), dir: broken, skipInvalid: true }
    const { result } = await outputs(o)
    const d = result.dossier
    expect([d.block_count, d.skipped_block_count, d.missing_block_count]).toEqual([3, 3, 1])
    expect(d.skipped_blocks.map((s) => [s.block_number, s.issues[0]])).toEqual([
      [1002, expect.stringMatching(/1002\.json: failed to parse trace pack JSON/)],
      [1004, expect.stringMatching(/1004\.json:transactions\[0\]\.tx_hash: invalid tx hash/)],
      [1005, expect.stringMatching(/manifest range is missing block 1005/)],
    ])
    const rows = await Query.run(o.tables!, 'SELECT block_number FROM blocks ORDER BY 1', {
      maxRows: 10,
    })
    expect(rows.rows.map(([n]) => Number(n))).toEqual([1000, 1001, 1003])
  })
})
