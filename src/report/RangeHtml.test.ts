import { describe, expect, test } from 'vitest'
import * as DossierBlock from '../analysis/DossierBlock.ts'
import * as Pipeline from '../analysis/Pipeline.ts'
import * as Range from '../analysis/Range.ts'
import * as RangeBlock from '../analysis/RangeBlock.ts'
import * as RangePack from '../workload/RangePack.ts'
import * as Format from './Format.ts'

const options = { blocks: 4, txsPerBlock: 60, seed: 5, firstBlock: 1 }
const manifest = RangePack.manifest(options)
const summaries = Array.from({ length: options.blocks }, (_, i) => {
  const input = Pipeline.blockInput(RangePack.block(options, i), manifest)
  return RangeBlock.summarize(DossierBlock.analyze(input, [1, 2, 4]))
})

/** A range of `count` blocks: the four summaries above, repeated under new block numbers. */
function dossier(count: number): Range.RangeDossier {
  const acc = Range.create({
    manifest: { ...manifest, endBlock: count },
    workers: [1, 2, 4],
    feeRecipient: 'excluded',
    packBlockCount: count,
    missingBlockCount: 0,
  })
  for (let n = 1; n <= count; n++) Range.add(acc, { ...summaries[n % 4]!, blockNumber: n })
  return Range.build(acc)
}

async function render(d: Range.RangeDossier) {
  const files = await Format.renderRange(['json', 'markdown', 'charts', 'html'], {
    dossier: d,
    blocksCsv: '',
    command: 'parallel-evm-lab analyze-range --trace-dir pack --out-dir out',
  })
  return Object.fromEntries(files.map((f) => [f.path, f.content]))
}

const small = await render(dossier(20))
const large = await render(dossier(10_000))

describe('renderRange', () => {
  test('default: JSON, summary, SVG charts and one page', () => {
    expect(Object.keys(small)).toEqual([
      'range.json',
      'summary.md',
      'charts/ceiling-histogram.svg',
      'charts/conflict-histogram.svg',
      'charts/critical-path-histogram.svg',
      'charts/gas-histogram.svg',
      'charts/ceiling-series.svg',
      'charts/conflict-series.svg',
      'charts/gas-series.svg',
      'charts/hot-contracts.svg',
      'charts/top-serializers.svg',
      'charts/speedup.svg',
      'charts/ladder.svg',
      'range.html',
    ])
    expect(small['summary.md']).toContain(
      '![Parallelism ceiling by gas per block](charts/ceiling-histogram.svg)',
    )
    // Every chart is inlined in the page, with ids no other chart uses.
    const ids = [...small['range.html']!.matchAll(/ id="([^"]+)"/g)].map((m) => m[1])
    expect(new Set(ids).size).toBe(ids.length)
    expect(small['range.html']!.match(/<svg /g)?.length).toBe(11)
  })

  test('behavior: 10,000 blocks make a page and a JSON file of bounded size (the time series is averaged)', () => {
    const d = dossier(10_000)
    expect(d.time_series.bucket_blocks).toBe(20)
    expect(d.time_series.points.length).toBe(500)
    for (const file of ['range.html', 'range.json', 'summary.md'])
      expect(large[file]!.length, file).toBeLessThan(600_000)
    expect(large['range.html']!.length).toBeLessThan(3 * small['range.html']!.length)
  })

  test('behavior: byte-stable for equal input', async () => {
    expect(await render(dossier(20))).toEqual(small)
  })
})
