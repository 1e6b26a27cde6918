/**
 * The committed range case studies are what the tool writes: their pages, summaries and charts are
 * rendered again from their range.json; the generated study's first blocks are drawn and analyzed
 * again; the mainnet study's tables agree with its range.json.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import * as DossierBlock from '../../src/analysis/DossierBlock.ts'
import * as Pipeline from '../../src/analysis/Pipeline.ts'
import type * as Range from '../../src/analysis/Range.ts'
import * as Format from '../../src/report/Format.ts'
import * as Query from '../../src/tables/Query.ts'
import * as Rows from '../../src/tables/Rows.ts'
import * as TracePack from '../../src/trace/TracePack.ts'
import * as RangePack from '../../src/workload/RangePack.ts'

function read(dir: string, file: string): string {
  return readFileSync(join(dir, file), 'utf8')
}

/** Renders the study's files again from its range.json (the page's command line as committed). */
async function rerendered(dir: string): Promise<Record<string, string>> {
  const dossier = JSON.parse(read(dir, 'range.json')) as Range.RangeDossier
  const command = /<pre>(parallel-evm-lab analyze-range [^<]*)<\/pre>/.exec(read(dir, 'range.html'))
  const files = await Format.renderRange(['json', 'markdown', 'charts', 'html', 'csv'], {
    dossier,
    blocksCsv: read(dir, 'blocks.csv'),
    command: command?.[1] ?? '',
  })
  return Object.fromEntries(files.map((f) => [f.path, f.content]))
}

describe.each(['range-generated', 'mainnet-range'])('case-studies/%s', (name) => {
  const dir = join('case-studies', name)

  test('behavior: range.json, summary, charts and page are exactly what the renderers write', async () => {
    const files = await rerendered(dir)
    const charts = readdirSync(join(dir, 'charts')).map((f) => `charts/${f}`)
    expect(Object.keys(files).sort()).toEqual(
      ['range.json', 'summary.md', 'range.html', 'blocks.csv', ...charts].sort(),
    )
    for (const [path, content] of Object.entries(files)) expect(read(dir, path), path).toBe(content)
  })
})

describe('case-studies/range-generated', () => {
  test("behavior: the generator's first blocks, analyzed again, give the committed blocks.csv rows", () => {
    const options = { blocks: 1000, txsPerBlock: 200, seed: 1, firstBlock: 20_000_000 }
    const labels = new Map(Object.entries(RangePack.labels()))
    const manifest = RangePack.manifest(options)
    const rows = Array.from({ length: 5 }, (_, i) => {
      const block = TracePack.normalizeBlock(RangePack.block(options, i))
      const input = Pipeline.blockInput(block, manifest)
      return Rows.blocksRow(DossierBlock.analyze(input, [1, 2, 4, 8]), labels)
    })
    const committed = read('case-studies/range-generated', 'blocks.csv').split('\n')
    expect(committed.length).toBe(1002)
    expect(committed.slice(1, 6).map((line) => `${line}\n`)).toEqual(rows)
  })
})

describe('case-studies/mainnet-range', () => {
  test('behavior: the Parquet tables agree with range.json (rows, sums, dependency types)', async () => {
    const dir = 'case-studies/mainnet-range'
    const d = JSON.parse(read(dir, 'range.json')) as Range.RangeDossier
    const tables = join(dir, 'tables')
    const one = async (sql: string) =>
      (await Query.run(tables, sql, { maxRows: 10 })).rows.map((r) => r.map(Number))
    expect(
      await one('SELECT count(*), sum(tx_count), sum(conflict_pair_count) FROM blocks'),
    ).toEqual([[d.block_count, d.tx_count, d.conflict_pair_count]])
    expect(await one('SELECT count(*), sum(conflict_degree) FROM txs')).toEqual([
      [d.tx_count, 2 * d.conflict_pair_count],
    ])
    const e = d.conflict_edge_types
    expect(
      await one(
        "SELECT count(*) FILTER (edge_type = 'read_after_write'), count(*) FILTER (edge_type = 'write_after_write'), count(*) FILTER (edge_type = 'write_after_read') FROM edges",
      ),
    ).toEqual([[e.read_after_write, e.write_after_write, e.write_after_read]])
    const top = d.hot_keys[0]!
    expect(
      await one(
        `SELECT sum(conflict_contribution), count(*) FILTER (conflict_contribution > 0) FROM keys WHERE key = '${top.key}'`,
      ),
    ).toEqual([[top.conflict_contribution, top.conflict_blocks]])
  })
})
