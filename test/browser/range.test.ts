/**
 * Opens the range page in headless Chromium (Debian `chromium` + playwright-core): every inlined
 * SVG chart is drawn, nothing is fetched, nothing errors, tables sort. Fails, never skips, when
 * Chromium is missing.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import * as Run from '../../src/range/Run.ts'
import * as Format from '../../src/report/Format.ts'
import * as Labels from '../../src/trace/Labels.ts'
import { writePack } from '../range/packs.ts'
import * as Chromium from './chromium.ts'

let dir = ''
let context: BrowserContext | undefined

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'range-browser-'))
  context = await Chromium.launch(join(dir, 'profile'))
})

afterAll(async () => {
  await context?.close()
  if (dir !== '') rmSync(dir, { recursive: true, force: true })
})

type Drawn = { label: string; width: number; height: number; shapes: number }

/** In-page: per chart figure, its label, drawn size and number of SVG shapes. */
const drawn = `Array.from(document.querySelectorAll('figure.svgchart')).map((f) => {
  const svg = f.querySelector('svg')
  const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 }
  return { label: f.getAttribute('aria-label'), width: box.width, height: box.height,
    shapes: svg ? svg.querySelectorAll('path, rect, text').length : 0 }
})`

describe('RangeHtml.render in Chromium', () => {
  test('default: every chart drawn, no errors, no requests; tables sort', async () => {
    const pack = writePack(join(dir, 'pack'), { blocks: 8, txsPerBlock: 30 })
    const result = await Run.run({
      dir: pack,
      outDir: join(dir, 'out'),
      threads: 1,
      labels: Labels.forPack(pack),
      workers: [1, 2, 4],
    })
    const files = await Format.renderRange(['html'], {
      dossier: result.dossier,
      blocksCsv: result.blocksCsv,
      command: 'parallel-evm-lab analyze-range --trace-dir pack --out-dir out',
    })
    const visit = await Chromium.open(context!, join(dir, 'range.html'), files[0]!.content)
    expect(visit.consoleErrors).toEqual([])
    expect(visit.blocked).toEqual([])
    const charts = await visit.page.evaluate<Drawn[]>(drawn)
    expect(charts.length).toBe(11)
    for (const c of charts) {
      expect(c.width, c.label).toBeGreaterThan(300)
      expect(c.height, c.label).toBeGreaterThan(150)
      expect(c.shapes, c.label).toBeGreaterThan(10)
    }
    const text = await visit.page.evaluate<string>('document.body.innerText')
    expect(text).not.toContain('Charts unavailable')
    expect(text).toContain('Wrapped ether (synthetic)')
    // Sorting the hot-contracts table by its first column reorders the rows.
    const firstCells = `Array.from(document.querySelectorAll('#hot-contracts tbody tr td:first-child')).map((td) => td.getAttribute('data-v'))`
    const before = await visit.page.evaluate<string[]>(firstCells)
    await visit.page.click('#hot-contracts th:first-child')
    const after = await visit.page.evaluate<string[]>(firstCells)
    expect(after).toEqual([...before].sort())
    expect(after).not.toEqual(before)
  })
})
