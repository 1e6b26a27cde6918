/**
 * Opens dossier pages in headless Chromium (Debian `chromium` + playwright-core). Fails, never
 * skips, when Chromium is missing: CI installs it via .ci/run.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import * as Chromium from './chromium.ts'
import * as Packs from './packs.ts'

let dir = ''
let context: BrowserContext | undefined

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dossier-browser-'))
  context = await Chromium.launch(join(dir, 'profile'))
})

afterAll(async () => {
  await context?.close()
  if (dir !== '') rmSync(dir, { recursive: true, force: true })
})

function visit(name: string, html: string): Promise<Chromium.Visit> {
  return Chromium.open(context!, join(dir, `${name}.html`), html)
}

type Ink = { id: string; rendered: boolean; ink: number }

/** In-page: per chart container, its rendered flag and the count of painted canvas pixels. */
const chartInk = `Array.from(document.querySelectorAll('.chart')).map((el) => {
  let ink = 0
  for (const canvas of Array.from(el.querySelectorAll('canvas'))) {
    const ctx = canvas.getContext('2d')
    if (!ctx || canvas.width === 0) continue
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) ink++
  }
  return { id: el.id, rendered: el.getAttribute('data-rendered') === 'true', ink }
})`

/** In-page: opens tooltips (the one HTML sink, ECharts) on labelled charts; returns their text. */
const openTooltips = `(() => {
  const texts = []
  for (const id of ['chart-gantt', 'chart-hot-keys', 'chart-hot-contracts']) {
    const el = document.getElementById(id)
    const chart = echarts.getInstanceByDom(el)
    for (let i = 0; i < 3; i++) {
      chart.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: i })
      texts.push(el.textContent)
    }
  }
  return texts.join('\\n')
})()`

type PageState = { pwned: unknown; injected: number; scripts: number; text: string }

/** In-page: did any payload run or create elements? */
const pageState = `({
  pwned: window.__PWNED__ === undefined ? null : window.__PWNED__,
  injected: document.querySelectorAll('img, iframe, body svg, object, embed').length,
  scripts: document.scripts.length,
  text: document.body.innerText,
})`

describe('HtmlDossier.render in Chromium', () => {
  test('default: demo dossier renders every chart with no errors and no requests', async () => {
    const built = Packs.fromPack(Packs.DEMO_MINI)
    const { page, consoleErrors, blocked, loadMs } = await visit('demo', Packs.page(built))
    console.log(`demo dossier: ready in ${loadMs.toFixed(0)} ms`)
    expect(consoleErrors).toEqual([])
    expect(blocked).toEqual([])
    const charts = await page.evaluate<Ink[]>(chartInk)
    expect(charts.map((c) => c.id)).toEqual([
      'chart-speedup',
      'chart-ablation',
      'chart-ladder',
      'chart-gantt',
      'chart-hot-contracts',
      'chart-hot-keys',
      'chart-critical-chain',
      'chart-blocks',
    ])
    for (const chart of charts) {
      expect(chart.rendered, chart.id).toBe(true)
      expect(chart.ink, chart.id).toBeGreaterThan(500)
    }
    await page.close()
  })

  test('behavior: a 500-tx block renders every chart', async () => {
    const built = Packs.synthetic(500)
    const html = Packs.page(built)
    const { page, consoleErrors, blocked, loadMs } = await visit('block500', html)
    console.log(
      `500-tx dossier: ${(html.length / 1024).toFixed(0)} KiB, ready in ${loadMs.toFixed(0)} ms`,
    )
    expect(consoleErrors).toEqual([])
    expect(blocked).toEqual([])
    const charts = await page.evaluate<Ink[]>(chartInk)
    expect(charts.map((c) => c.id)).toContain('chart-gantt')
    for (const chart of charts) expect(chart.ink, chart.id).toBeGreaterThan(500)
    await page.close()
  })

  test('behavior: a pack without gas renders with unit durations', async () => {
    const built = Packs.fromPack(Packs.NO_GAS)
    const { page, consoleErrors, blocked } = await visit('nogas', Packs.page(built))
    expect(consoleErrors).toEqual([])
    expect(blocked).toEqual([])
    const charts = await page.evaluate<Ink[]>(chartInk)
    // No gas: the ladder's ceilings are gas ceilings, so it has no chart.
    expect(charts.map((c) => [c.id, c.rendered])).toEqual([
      ['chart-speedup', true],
      ['chart-ablation', true],
      ['chart-gantt', true],
      ['chart-hot-contracts', true],
      ['chart-hot-keys', true],
      ['chart-critical-chain', true],
    ])
    await page.close()
  })

  test('behavior: hostile labels, provenance and warnings stay inert text', async () => {
    const built = Packs.fromPack(Packs.HOSTILE_PACK, Packs.HOSTILE_LABELS)
    const html = Packs.page(built, 'analyze </script><script>window.__PWNED__=11</script>')
    const { page, consoleErrors, blocked } = await visit('hostile', html)
    expect(consoleErrors).toEqual([])
    expect(blocked).toEqual([])
    const tips = await page.evaluate<string>(openTooltips)
    expect(tips).toContain('<img src=x onerror=window.__PWNED__=8>')
    expect(tips).toContain('</script><script>window.__PWNED__=9</script>')
    expect(tips).toContain('block 1 · tx 0')
    const state = await page.evaluate<PageState>(pageState)
    expect(state.pwned).toBeNull()
    expect(state.injected).toBe(0)
    expect(state.scripts).toBe(3)
    expect(state.text).toContain('<img src=x onerror=window.__PWNED__=8>')
    expect(state.text).toContain('</script><script>window.__PWNED__=9</script>')
    expect(state.text).toContain('&lt;b&gt;already-escaped&lt;/b&gt;')
    expect(state.text).toContain('analyze </script><script>window.__PWNED__=11</script>')
    await page.close()
  })

  test('behavior: tables sort by column and copy buttons carry full values', async () => {
    const built = Packs.fromPack(Packs.HOSTILE_PACK, Packs.HOSTILE_LABELS)
    const { page } = await visit('sort', Packs.page(built))
    const order = () =>
      page.$$eval('#hot-contracts tbody tr', (rows) =>
        rows.map((r) => r.querySelector('td')?.getAttribute('data-v') ?? ''),
      )
    const header = page.locator('#hot-contracts th', { hasText: 'gas covered' })
    await header.click()
    const ascending = await order()
    await header.click()
    const descending = await order()
    expect(ascending).toEqual([
      '0x3333333333333333333333333333333333333333',
      '0x2222222222222222222222222222222222222222',
      '0x1111111111111111111111111111111111111111',
    ])
    expect(descending).toEqual([...ascending].reverse())
    const copy = await page.$eval('#hot-contracts tbody button.copy', (b) =>
      b.getAttribute('data-copy'),
    )
    expect(copy).toMatch(/^0x[0-9a-f]{40}$/)
    await page.close()
  })
})
