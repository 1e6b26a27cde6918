import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import * as AccessHints from '../../src/analysis/AccessHints.ts'
import * as BlockReport from '../../src/analysis/BlockReport.ts'
import * as Pipeline from '../../src/analysis/Pipeline.ts'
import * as MarkdownDossier from '../../src/report/MarkdownDossier.ts'
import * as MarkdownHints from '../../src/report/MarkdownHints.ts'
import * as Dir from '../../src/trace/Dir.ts'
import * as Fixture from '../../src/trace/Fixture.ts'
import * as Geth from '../../src/trace/Geth.ts'
import { addr, block, manifest, slot } from './packs.ts'

const oracle = (name: string) => readFileSync(`test/golden/original-lab/${name}`, 'utf8')
const json = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'))

/** The original's older demo pack (blocks 900000001-2), rebuilt in memory from its published data. */
function olderDemoMini() {
  const a = addr('11')
  const options = (hashBase: number) => ({
    hashBase,
    chain: 'synthetic-base-shaped',
    warnings: ['Block uses a synthetic number and is not a Base RPC capture.'],
  })
  const blocks = [
    block(
      900000001,
      [
        { gas: 100, accesses: [['read_write', a, slot(0)]] },
        { gas: 50, accesses: [['write', addr('22'), slot(1)]] },
        { gas: 120, accesses: [['write', a, slot(0)]] },
        { gas: 80, accesses: [['read', a, slot(2)]] },
      ],
      options(0x100),
    ),
    block(
      900000002,
      [
        { gas: 90, accesses: [['read_write', addr('33'), slot(7)]] },
        { gas: 110, accesses: [['read', a, slot(0)]] },
        { gas: 95, accesses: [['write', addr('33'), slot(7)]] },
      ],
      options(0x200),
    ),
  ]
  return {
    manifest: {
      ...manifest(blocks, ['Synthetic demo fixture; do not cite as real-chain evidence.']),
      chain: 'synthetic-base-shaped',
      provenance: 'synthetic-base-shaped demo fixture (not real Base data)',
      tracerKind: 'sanitized-geth-js-storage',
    },
    blocks,
    feeRecipient: 'excluded' as const,
  }
}

/**
 * Drops what this port adds to the summary (tracer coverage, edge types, fee-recipient handling,
 * the (pair, key) incidence note) and the two sections it renders differently on purpose (issue
 * 14): the scheduler ablation, pivoted to one row per worker count, and the hot storage slots,
 * which became hot keys (storage slots and account-level keys); and the execution ladder and the
 * hot-key "what if" (issue 15).
 */
function withoutAdditions(markdown: string): string {
  const lines = markdown
    .split('\n')
    .filter(
      (l) =>
        !l.startsWith('- Dependency types') &&
        !l.startsWith('- Fee-recipient credits') &&
        !l.startsWith('**Tracer coverage:**') &&
        !l.startsWith('Conflict contribution counts (conflicting pair, key) incidences'),
    )
  return withoutSections(lines.join('\n'), [
    'Scheduler Ablation',
    'Execution Ladder',
    'Hot Keys',
    'What If a Hot Key Stopped Conflicting',
  ])
}

/** The oracle without the sections the port renders differently. */
function withoutChanged(markdown: string): string {
  return withoutSections(markdown, ['Scheduler Ablation', 'Hot Storage Slots'])
}

/** Removes each `## <heading>` section (up to the next `## `) and collapses the blank lines left. */
function withoutSections(markdown: string, headings: readonly string[]): string {
  let out = markdown
  for (const heading of headings) {
    out = out.replace(new RegExp(`## ${heading}\\n[\\s\\S]*?(?=\\n## )`), '')
  }
  return out.replace(/\n{3,}/g, '\n\n')
}

describe('original lab oracles', () => {
  test('behavior: dossier summary reproduces the published demo-mini summary byte for byte', () => {
    const { dossier } = Pipeline.analyze({ ...olderDemoMini(), workers: [1, 2, 4, 8] })
    expect(withoutAdditions(MarkdownDossier.render(dossier))).toBe(
      withoutChanged(oracle('demo-mini.summary.md')),
    )
  })

  test('behavior: access hints reproduce the published demo-mini hints', () => {
    const hints = MarkdownHints.render(
      AccessHints.build(Pipeline.analyze({ ...olderDemoMini(), workers: [1] })),
    )
    const added = hints.indexOf('## Observed Access Lists')
    const warnings = hints.indexOf('## Warnings')
    expect(hints.slice(0, added) + hints.slice(warnings)).toBe(oracle('demo-mini.access-hints.md'))
  })

  test('behavior: committed demo-mini pack (loaded from disk) → 7 txs, 2 pairs, W=2 at bound', () => {
    const pack = Dir.read('fixtures/original-lab/trace-packs/demo-mini')
    const d = Pipeline.run({ pack, labels: [] }, { workers: [1, 2, 4, 8] }).dossier
    expect(d.tx_count).toBe(7)
    expect(d.conflict_pair_count).toBe(2)
    const w2 = d.worker_simulation[1]!
    expect([w2.makespan, w2.critical_path_bound]).toEqual([405, 405])
    expect(w2.idle_percentage.toFixed(2)).toBe('20.37')
    expect(w2.speedup_vs_one_worker.toFixed(3)).toBe('1.593')
    expect(d.theoretical_parallelism_ceiling_by_gas?.toFixed(3)).toBe('1.593')
  })

  test('behavior: revm-smoke-mini pack (no gas) → gas metrics unavailable', () => {
    const pack = Dir.read('fixtures/original-lab/trace-packs/revm-smoke-mini')
    const d = Pipeline.run({ pack, labels: [] }, { workers: [1, 2] }).dossier
    expect(d.total_gas_used).toBeNull()
    expect(d.theoretical_parallelism_ceiling_by_gas).toBeNull()
    expect(MarkdownDossier.render(d)).toContain(
      'Gas-weighted metrics: unavailable because gas is missing',
    )
  })

  test('behavior: base-mini fixture → 12 txs, 7 pairs, 3 waves, width 7, ceiling 4.000x', () => {
    const path = 'fixtures/original-lab/fixtures/base-mini-trace.json'
    const r = BlockReport.build(Fixture.parse(json(path), path), { fixture: true, rpc: false })
    expect([r.tx_count, r.conflict_pair_count, r.wave_count, r.max_wave_width]).toEqual([
      12, 7, 3, 7,
    ])
    expect(r.critical_path_length).toBe(3)
    expect(r.theoretical_parallelism_ceiling.toFixed(3)).toBe('4.000')
    expect(r.conflict_percentage.toFixed(3)).toBe('10.606')
    expect(r.access_model).toBe('declared-read-write-lower-bound')
    expect(r.warnings.map((w) => w.message)).toContain(BlockReport.LOWER_BOUND_WARNING)
  })

  test('behavior: geth struct-log fixture → 3 txs, 1 pair, 2 waves, ceiling 1.500x', () => {
    const path = 'fixtures/original-lab/fixtures/geth-mini-struct-logs.json'
    const r = BlockReport.build(Geth.parse(json(path), path), { fixture: true, rpc: false })
    expect([r.tx_count, r.conflict_pair_count, r.wave_count, r.max_wave_width]).toEqual([
      3, 1, 2, 2,
    ])
    expect(r.theoretical_parallelism_ceiling.toFixed(3)).toBe('1.500')
    expect(r.conflict_percentage.toFixed(3)).toBe('33.333')
    expect(r.access_model).toBe('declared-read-write-lower-bound')
  })
})
