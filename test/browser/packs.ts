/**
 * Builds dossier pages from committed trace packs through the real pipeline (pack loader →
 * labels → Pipeline.run → schedule/critical chain), the same steps the CLI takes.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type * as Dossier from '../../src/analysis/Dossier.ts'
import * as Pipeline from '../../src/analysis/Pipeline.ts'
import * as Schedule from '../../src/analysis/Schedule.ts'
import * as HtmlDossier from '../../src/report/HtmlDossier.ts'
import * as Dir from '../../src/trace/Dir.ts'
import * as Labels from '../../src/trace/Labels.ts'
import type * as TracePack from '../../src/trace/TracePack.ts'

export type Built = {
  readonly result: Pipeline.Result
  readonly dossier: Dossier.Dossier
  readonly schedule: Schedule.Schedule
  readonly chain: Schedule.Chain | null
}

/** Analyzes a pack directory with optional labels, as `analyze-trace-pack` does. */
export function fromPack(dir: string, labelsFile?: string, workers = [1, 2, 4, 8]): Built {
  const pack = Dir.read(dir)
  const labels = labelsFile === undefined ? [] : Labels.read(labelsFile)
  return built(Pipeline.run({ pack, labels }, { workers }))
}

function built(result: Pipeline.Result): Built {
  return { result, dossier: result.dossier, ...Schedule.fromResult(result) }
}

/** Text of the chart library, resolved the way the CLI resolves it. */
export function chartsJs(): string {
  const require = createRequire(import.meta.url)
  return readFileSync(require.resolve(HtmlDossier.CHARTS_MODULE), 'utf8')
}

/** The full page for a built dossier. */
export function page(built: Built, command?: string): string {
  return HtmlDossier.render(built.dossier, {
    chartsJs: chartsJs(),
    schedule: built.schedule,
    chain: built.chain,
    command,
  })
}

export const DEMO_MINI = 'fixtures/original-lab/trace-packs/demo-mini'
export const NO_GAS = 'fixtures/original-lab/trace-packs/revm-smoke-mini'
export const HOSTILE_PACK = 'fixtures/hostile/pack'
export const HOSTILE_LABELS = 'fixtures/hostile/labels.json'

/**
 * A synthetic one-block pack of `txCount` txs with skewed (Zipf-like) hot slots, built in memory:
 * a page-size smoke input (the page must open quickly for a 500-tx block).
 */
export function synthetic(txCount: number): Built {
  const hex = (n: number, width: number) => `0x${n.toString(16).padStart(width, '0')}`
  const transactions: TracePack.Tx[] = []
  let seed = 7
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed / 2147483648
  }
  for (let i = 0; i < txCount; i++) {
    const accesses: TracePack.Access[] = []
    for (let k = 0; k < 4; k++) {
      const rank = Math.floor(1 / (next() + 0.002)) % 200
      accesses.push({
        address: hex(1 + (rank % 17), 40),
        slot: hex(rank, 64),
        kind: next() < 0.4 ? 'write' : 'read',
        op: null,
        pc: null,
        depth: null,
        gasRemaining: null,
      })
    }
    accesses.sort((a, b) => (a.address + a.slot < b.address + b.slot ? -1 : 1))
    transactions.push({
      txIndex: i,
      txHash: hex(i + 1, 64),
      from: hex(0xaa, 40),
      to: null,
      gasUsed: 21000 + Math.floor(next() * 200000),
      status: '0x1',
      accesses,
      warnings: [],
    })
  }
  const block: TracePack.Block = {
    chain: 'synthetic',
    blockNumber: 1,
    blockHash: null,
    parentHash: null,
    txCount,
    sourceTxCount: null,
    totalGasUsed: transactions.reduce((s, t) => s + (t.gasUsed ?? 0), 0),
    transactions,
    warnings: [],
  }
  const manifest: TracePack.Manifest = {
    schemaVersion: 'trace-pack-v1',
    chain: 'synthetic',
    source: 'in-memory',
    provenance: 'synthetic page-size smoke pack (not chain data)',
    startBlock: 1,
    endBlock: 1,
    createdByToolVersion: '0.1.0',
    tracerKind: 'synthetic',
    notes: [],
    warnings: [],
  }
  return built(
    Pipeline.run(
      { pack: { manifest, blocks: [block] }, labels: [] },
      { workers: [1, 2, 4, 8, 16] },
    ),
  )
}
