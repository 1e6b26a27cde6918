import { describe, expect, test } from 'vitest'
import * as Packs from '../../test/browser/packs.ts'
import * as SvgCharts from './SvgCharts.ts'

const demo = Packs.fromPack(Packs.DEMO_MINI)
const hostile = Packs.fromPack(Packs.HOSTILE_PACK, Packs.HOSTILE_LABELS)

function renderDemo(): SvgCharts.SvgFile[] {
  return SvgCharts.render(demo.dossier, { schedule: demo.schedule, chain: demo.chain })
}

describe('render', () => {
  test('default', () => {
    const files = SvgCharts.render(demo.dossier)
    expect(files.map((f) => f.name)).toEqual([
      'speedup.svg',
      'ablation.svg',
      'ladder.svg',
      'hot-contracts.svg',
      'hot-keys.svg',
      'blocks.svg',
    ])
    for (const file of files) {
      expect(file.svg.startsWith('<svg width="800" height="400"')).toBe(true)
      expect(file.svg).toMatch(/<path|<text/)
    }
  })

  test('behavior: byte-identical across renders in one process, whatever ran before', () => {
    const first = renderDemo()
    SvgCharts.render(hostile.dossier, { schedule: hostile.schedule, chain: hostile.chain })
    const second = renderDemo()
    expect(second.map((f) => f.svg)).toEqual(first.map((f) => f.svg))
    expect(first.map((f) => f.name)).toContain('gantt.svg')
    expect(first.map((f) => f.name)).toContain('critical-chain.svg')
  })

  test('behavior: gantt draws one bar per transaction', () => {
    const gantt = renderDemo().find((f) => f.name === 'gantt.svg')!
    const bars = gantt.svg.match(/ecmeta_series_index="0" ecmeta_data_index="\d+"/g) ?? []
    expect(new Set(bars).size).toBe(demo.dossier.tx_count)
  })

  test('behavior: hostile labels are escaped text', () => {
    const files = SvgCharts.render(hostile.dossier)
    const contracts = files.find((f) => f.name === 'hot-contracts.svg')!.svg
    expect(contracts).toContain('&lt;img src=x onerror=window.__PWNE')
    for (const file of files) {
      expect(file.svg).not.toMatch(/<(img|script|iframe)\b/i)
    }
  })

  test('options: width and height', () => {
    const [file] = SvgCharts.render(demo.dossier, { width: 640, height: 320 })
    expect(file!.svg.startsWith('<svg width="640" height="320"')).toBe(true)
  })
})

describe('markdown', () => {
  test('default', () => {
    const files = SvgCharts.render(demo.dossier).slice(0, 2)
    expect(SvgCharts.markdown(files, 'charts')).toBe(
      '## Charts\n\n![Speedup vs workers](charts/speedup.svg)\n\n![Scheduler ablation](charts/ablation.svg)\n',
    )
  })

  test('behavior: no files, no section', () => {
    expect(SvgCharts.markdown([], 'charts')).toBe('')
  })
})
