/**
 * Analyzer benchmark: synthetic blocks with Zipf-distributed hot keys, built in memory
 * (scripts/synthetic.ts), at 1k txs / 50k accesses and 10k txs / 500k accesses. Prints time per
 * access for each and the ratio. Distribution (env overrides): 10% of accesses hit shared keys
 * drawn by Zipf rank (s = 1.0) over 2·txs keys, 20% of those write; the rest touch tx-private slots. Not part of the tests; run `npm run bench:analyze` on a quiet machine.
 *   BENCH_SCALE=0.1 npx tsx bench/analyze.bench.ts   (smoke run at a tenth of the size)
 */
import { performance } from 'node:perf_hooks'
import { zipfBlock } from '../scripts/synthetic.ts'
import * as Pipeline from '../src/analysis/Pipeline.ts'
import * as Normalized from '../src/trace/Normalized.ts'
import type * as TracePack from '../src/trace/TracePack.ts'

const scale = Number(process.env.BENCH_SCALE ?? '1')
const ACCESSES_PER_TX = 50
const ZIPF_S = Number(process.env.BENCH_ZIPF_S ?? '1.0')
const WRITE_SHARE = Number(process.env.BENCH_WRITE_SHARE ?? '0.2')
const HOT_SHARE = Number(process.env.BENCH_HOT_SHARE ?? '0.1')

type Result = { txs: number; accesses: number; ms: number; pairs: number; heapMb: number }

function measure(txs: number): Result {
  const block = zipfBlock({
    blockNumber: 1,
    txs,
    accessesPerTx: ACCESSES_PER_TX,
    keys: txs * 2,
    s: ZIPF_S,
    hotShare: HOT_SHARE,
    writeShare: WRITE_SHARE,
    seed: 7,
  })
  const manifest: TracePack.Manifest = {
    schemaVersion: 'trace-pack-v1',
    chain: 'synthetic-bench',
    source: 'bench/analyze.bench.ts',
    provenance: 'synthetic benchmark block (Zipf hot keys); not real chain data',
    startBlock: 1,
    endBlock: 1,
    createdByToolVersion: '0.1.0',
    tracerKind: 'synthetic-generator',
    notes: [],
    warnings: [],
  }
  const trace = Normalized.fromBlock(block, manifest)
  const input = {
    manifest,
    blocks: [{ block, trace, feeCreditDropped: 0 }],
    feeRecipient: 'excluded' as const,
  }
  const start = performance.now()
  const { dossier: d } = Pipeline.analyze({ ...input, workers: [1, 2, 4, 8, 16] })
  const ms = performance.now() - start
  const heapMb = process.memoryUsage().heapUsed / 2 ** 20
  return { txs, accesses: txs * ACCESSES_PER_TX, ms, pairs: d.conflict_pair_count, heapMb }
}

const small = measure(Math.round(1_000 * scale))
const large = measure(Math.round(10_000 * scale))
for (const r of [small, large]) {
  console.log(
    `${r.txs} txs / ${r.accesses} accesses: ${r.ms.toFixed(1)} ms (${((r.ms * 1e6) / r.accesses).toFixed(0)} ns/access), ${r.pairs} conflict pairs, heap in use after the run ${r.heapMb.toFixed(0)} MiB (garbage included)`,
  )
}
console.log(
  `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (whole process, input packs included)`,
)
console.log(
  `ratio time(large)/time(small) = ${(large.ms / small.ms).toFixed(2)} (targets: large < 5000 ms, ratio <= 15)`,
)
