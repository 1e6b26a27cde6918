import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import * as Packs from '../../test/browser/packs.ts'
import * as HtmlDossier from './HtmlDossier.ts'

const hostile = Packs.fromPack(Packs.HOSTILE_PACK, Packs.HOSTILE_LABELS)
const demo = Packs.fromPack(Packs.DEMO_MINI)

function render(built: Packs.Built, chartsJs: string | null = null, command?: string): string {
  return HtmlDossier.render(built.dossier, {
    chartsJs,
    schedule: built.schedule,
    chain: built.chain,
    command,
  })
}

/** Text between `<script…>` and `</script>` of every script element, in page order. */
function scripts(html: string): { open: string; body: string }[] {
  return [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/gi)].map((m) => ({
    open: m[1] ?? '',
    body: m[2] ?? '',
  }))
}

describe('render', () => {
  test('default', () => {
    const html = render(demo)
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true)
    expect(html).toContain('<title>Contention Dossier</title>')
    expect(html).toContain('<p class="subtitle">base blocks 38014901-38014902</p>')
    for (const heading of [
      'Worker Simulation',
      'Scheduler Ablation',
      'Worst Serializing Transactions',
      'Hot Contracts',
      'Hot Keys',
      'Warning Summary',
      'Commands',
      'What This Does Not Prove',
    ]) {
      expect(html).toContain(`<h2>${heading}</h2>`)
    }
    expect(html).toContain(
      '<div class="label">conflict pairs</div><div class="value">2 (22.222%)</div>',
    )
    expect(html).toContain('Overlap is broader than serialization')
    expect(html).toContain('Full per-transaction warnings are preserved in dossier.json.')
  })

  test('behavior: a single-block dossier shows no worst-block lists (they would repeat the block)', () => {
    expect(render(demo)).toContain('<h2>Worst Blocks</h2>')
    const one = Packs.fromPack(Packs.NO_GAS)
    expect(one.dossier.block_count).toBe(1)
    expect(render(one)).not.toContain('Worst Blocks')
    expect(render(one)).toContain('<h2>Worst Serializing Transactions</h2>')
  })

  test('behavior: conflict incidences, edge types and the ready-wait unit are explained', () => {
    const html = render(demo)
    expect(html).toContain('conflict incidences (pair, key)')
    expect(html).toContain('counts k times')
    expect(html).toContain('pairs of all three types')
    expect(html).toContain('ready wait (gas)')
    expect(html).toContain(
      'Ready-queue wait: the sum over transactions of the time each was ready but not started, in gas.',
    )
    // One row per worker count, not per (strategy, workers) pair.
    const ablation = /<section id="scheduler-ablation">[\s\S]*?<\/section>/.exec(html)![0]
    expect(ablation.match(/<tr><td class="num" data-v="\d+">/g)).toHaveLength(
      2 * demo.dossier.worker_simulation.length,
    )
  })

  test('behavior: byte-identical for equal input', () => {
    expect(render(demo, 'var x = 1')).toBe(render(demo, 'var x = 1'))
  })

  test('behavior: hostile strings never become markup', () => {
    const html = render(hostile, null, 'cmd </script><script>window.__PWNED__=11</script>')
    expect(html).not.toMatch(/<(img|iframe|svg)\b/i)
    expect(html).not.toContain('<i>chain</i>')
    const tags = scripts(html)
    expect(tags.map((t) => t.open)).toEqual([' type="application/json" id="dossier-data"', ''])
    expect(html).toContain('&lt;img src=x onerror=window.__PWNED__=8&gt;')
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;window.__PWNED__=9&lt;/script&gt;')
    expect(html).toContain('&amp;lt;b&amp;gt;already-escaped')
    expect(html).toContain('&lt;i&gt;chain&lt;/i&gt; blocks 1-2')
    const data = JSON.parse(tags[0]!.body) as { charts: { id: string; tips?: string[][] }[] }
    const contracts = data.charts.find((c) => c.id === 'hot-contracts')!
    expect(contracts.tips!.flat()).toContain('<img src=x onerror=window.__PWNED__=8>')
  })

  test('behavior: the CSP allows exactly the inline scripts, by hash', () => {
    const html = render(demo, 'window.lib = "</script>"')
    const csp = /content="(default-src[^"]*)"/.exec(html)![1]!
    const hashes = [...csp.matchAll(/'sha256-([^']+)'/g)].map((m) => m[1])
    const executable = scripts(html).filter((t) => t.open === '')
    expect(executable).toHaveLength(2)
    expect(hashes).toEqual(
      executable.map((t) => createHash('sha256').update(t.body, 'utf8').digest('base64')),
    )
    expect(csp).toContain("default-src 'none'")
    expect(csp).not.toContain('unsafe-eval')
  })

  test('behavior: missing gas renders as unavailable and the speedup ceiling falls back to tx', () => {
    const html = render(Packs.fromPack(Packs.NO_GAS))
    expect(html).toContain(
      '<div class="label">gas ceiling</div><div class="value">unavailable</div>',
    )
    expect(html).toContain('critical-path ceiling 1.500x (by tx)')
    expect(html).not.toContain('id="chart-blocks"')
  })

  test('options: command', () => {
    expect(render(demo, null, 'parallel-evm-lab demo')).toContain(
      '<pre>parallel-evm-lab demo</pre>',
    )
  })
})
