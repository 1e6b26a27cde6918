import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import * as AccessHints from '../../src/analysis/AccessHints.ts'
import * as BlockReport from '../../src/analysis/BlockReport.ts'
import * as Dossier from '../../src/analysis/Dossier.ts'
import * as Explain from '../../src/analysis/Explain.ts'
import * as Pipeline from '../../src/analysis/Pipeline.ts'
import * as Schedule from '../../src/analysis/Schedule.ts'
import * as ChromeTrace from '../../src/report/ChromeTrace.ts'
import * as Csv from '../../src/report/Csv.ts'
import * as ExplainText from '../../src/report/ExplainText.ts'
import * as HtmlBlockReport from '../../src/report/HtmlBlockReport.ts'
import * as HtmlDossier from '../../src/report/HtmlDossier.ts'
import * as MarkdownBlock from '../../src/report/MarkdownBlock.ts'
import * as MarkdownDossier from '../../src/report/MarkdownDossier.ts'
import * as MarkdownHints from '../../src/report/MarkdownHints.ts'
import * as Memo from '../../src/report/Memo.ts'
import * as Dir from '../../src/trace/Dir.ts'
import * as Fixture from '../../src/trace/Fixture.ts'
import * as Labels from '../../src/trace/Labels.ts'

const PACK = 'data/demo-pack'
const labels = Labels.read(`${PACK}/labels.json`)
const result = Pipeline.run({ pack: Dir.read(PACK), labels }, { workers: [1, 2, 4, 8, 16] })
const { dossier } = result

describe('demo pack golden files', () => {
  test('behavior: dossier JSON', async () => {
    await expect(Dossier.toJson(dossier)).toMatchFileSnapshot('demo/dossier.json')
  })
  test('behavior: executive summary Markdown', async () => {
    await expect(MarkdownDossier.render(dossier)).toMatchFileSnapshot('demo/summary.md')
  })
  test("behavior: WETH9's own ETH balance, the hottest key (46.9% of incidences), is in every hot-key table", () => {
    const weth = `balance:${'0x4485d72e46c486957eac835fe3fbef80a31deacd'}`
    expect(dossier.top_hot_keys[0]).toMatchObject({
      key: weth,
      key_type: 'balance',
      conflict_contribution: 23220,
    })
    expect(dossier.contention_concentration.top_1_conflict_percent.toFixed(1)).toBe('46.9')
    expect(MarkdownDossier.render(dossier)).toContain(
      `| \`${weth}\` | account balance | WETH9 (generated) |`,
    )
    expect(Memo.render(dossier)).toContain(`The hottest key is \`${weth}\``)
    expect(Csv.render(dossier).find((c) => c.name === 'hot-keys.csv')?.content).toContain(
      `${weth},balance,`,
    )
    expect(AccessHints.build(result).top_conflict_keys[0]).toEqual({
      key: weth,
      conflict_contribution: 23220,
      key_type: 'balance',
    })
    const { schedule, chain } = Schedule.fromResult(result)
    expect(HtmlDossier.render(dossier, { chartsJs: null, schedule, chain })).toContain(
      `data-v="${weth}"`,
    )
  })
  test('behavior: our EVM capture sees every read, so no transaction is warned about read coverage', () => {
    expect(dossier.tracer_coverage.reads_complete).toBe(true)
    expect(MarkdownDossier.render(dossier)).not.toContain('read coverage is incomplete')
  })
  test('behavior: optimization memo', async () => {
    await expect(Memo.render(dossier)).toMatchFileSnapshot('demo/optimization-memo.md')
  })
  test('behavior: dossier HTML (chart library left out of the golden file)', async () => {
    const { schedule, chain } = Schedule.fromResult(result)
    const html = HtmlDossier.render(dossier, {
      chartsJs: null,
      schedule,
      chain,
      command: 'parallel-evm-lab demo',
    })
    await expect(html).toMatchFileSnapshot('demo/dossier.html')
  })
  test('behavior: Chrome trace', async () => {
    await expect(ChromeTrace.renderDossier(dossier)).toMatchFileSnapshot('demo/schedule.trace.json')
  })
  test('behavior: every CSV sidecar', async () => {
    const csvs = Csv.render(dossier)
    expect(csvs.map((c) => c.name)).toEqual([
      'hot-contracts.csv',
      'hot-slots.csv',
      'hot-keys.csv',
      'worker-simulation.csv',
      'scheduler-ablation.csv',
    ])
    for (const csv of csvs) await expect(csv.content).toMatchFileSnapshot(`demo/${csv.name}`)
  })
  test('behavior: access hints JSON and Markdown', async () => {
    const hints = AccessHints.build(result)
    await expect(AccessHints.toJson(hints)).toMatchFileSnapshot('demo/access-hints.json')
    await expect(MarkdownHints.render(hints)).toMatchFileSnapshot('demo/access-hints.md')
  })
  test('behavior: explain text and JSON', async () => {
    const block = result.blocks[0]!
    const worst = dossier.worst_serializing_txs.find(
      (t) => t.block_number === block.block.blockNumber,
    )!
    const e = Explain.build(block, worst.tx_index, { labels })
    await expect(ExplainText.render(e, { full: true, labels })).toMatchFileSnapshot(
      'demo/explain.txt',
    )
    await expect(ExplainText.render(e, { labels })).toMatchFileSnapshot('demo/explain-short.txt')
  })
})

describe('single-block golden files (original base-mini fixture)', () => {
  const path = 'fixtures/original-lab/fixtures/base-mini-trace.json'
  const report = BlockReport.build(Fixture.parse(JSON.parse(readFileSync(path, 'utf8')), path), {
    fixture: true,
    rpc: false,
  })
  test('behavior: JSON, Markdown, HTML, Chrome trace', async () => {
    await expect(BlockReport.toJson(report)).toMatchFileSnapshot('base-mini/report.json')
    await expect(MarkdownBlock.render(report)).toMatchFileSnapshot('base-mini/report.md')
    await expect(HtmlBlockReport.render(report, null)).toMatchFileSnapshot('base-mini/report.html')
    await expect(ChromeTrace.renderBlock(report)).toMatchFileSnapshot(
      'base-mini/schedule.trace.json',
    )
  })
})
