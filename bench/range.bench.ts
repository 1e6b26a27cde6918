/**
 * Streaming range analysis at scale (issue 16): SYNTHETIC ranges (`workload/RangePack.ts`, the
 * pack `generate-range-pack` writes) of 1,000 and 10,000 blocks × 200 txs, analyzed by
 * `range/Run.ts` with Parquet tables and the range dossier's files (what `analyze-range
 * --tables` writes), each run in a child process of its own so its peak RSS is
 * its own (`process.resourceUsage().maxRSS`, worker threads included). Pack generation is not
 * timed. Prints, side by side: time and peak RSS per size, time(10,000)/time(1,000), and 1 vs 2
 * worker threads on the first size in interleaved rounds (`BENCH_ROUNDS`, default 3, at most 20; the
 * order alternates), as the median of the per-round ratios with the lowest and highest.
 *
 * Targets on the 2-core machine: 10,000 blocks with tables under 10 minutes, peak RSS under 2 GiB,
 * time(10,000)/time(1,000) ≤ 11, 2 workers ≥ 1.6x faster than 1.
 *
 * Not part of the tests; run `npm run bench:range` on a quiet machine (~3 GB of disk under the
 * temp directory for the 10,000-block pack, removed afterwards). Smoke run at small sizes:
 *   BENCH_SIZES=20,100 BENCH_TXS=50 npx tsx bench/range.bench.ts
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as Stats from '../src/primitives/Stats.ts'
import * as Run from '../src/range/Run.ts'
import * as Format from '../src/report/Format.ts'
import * as Dir from '../src/trace/Dir.ts'
import * as DirBlocks from '../src/trace/DirBlocks.ts'
import * as RangePack from '../src/workload/RangePack.ts'
import { envInt, machineLine } from './common.ts'

type Measured = {
  blocks: number
  threads: number
  ms: number
  /** Of `ms`, the time after the last block was folded: the last partition's Parquet, the files. */
  tailMs: number
  rssMiB: number
  headline: string
}

const here = fileURLToPath(import.meta.url)

if (process.argv[2] === 'child') await child(process.argv[3] ?? '{}')
else await main()

async function main(): Promise<void> {
  const sizes = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number)
  const txs = Number(process.env.BENCH_TXS ?? '200')
  const rounds = envInt('BENCH_ROUNDS', 3, 1, 20)
  const cores = availableParallelism()
  const root = mkdtempSync(join(tmpdir(), 'bench-range-'))
  console.log(machineLine())
  console.log(
    `load average before: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  )
  try {
    const results: Measured[] = []
    const ratios: number[] = []
    for (const [i, blocks] of sizes.entries()) {
      const pack = generate(join(root, `pack-${blocks}`), blocks, txs)
      if (i === 0 && cores > 1) {
        const at = (threads: number) => measure(root, pack, blocks, threads)
        for (let r = 0; r < rounds; r++) {
          // The order alternates: even rounds run 1 thread first, odd rounds last.
          let one: Measured
          let many: Measured
          if (r % 2 === 0) {
            one = at(1)
            many = at(cores)
          } else {
            many = at(cores)
            one = at(1)
          }
          ratios.push(one.ms / many.ms)
          results.push(many)
        }
      } else results.push(measure(root, pack, blocks, cores))
      rmSync(pack, { recursive: true, force: true })
    }
    report(results, ratios, sizes, cores)
  } finally {
    rmSync(root, { recursive: true, force: true })
    console.log(
      `load average after: ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
    )
  }
}

function generate(dir: string, blocks: number, txsPerBlock: number): string {
  const options = { blocks, txsPerBlock, seed: 16, firstBlock: RangePack.defaults.firstBlock }
  const start = performance.now()
  for (let i = 0; i < blocks; i++) DirBlocks.writeCompact(dir, RangePack.block(options, i))
  Dir.writeManifest(dir, RangePack.manifest(options))
  console.log(
    `generated ${blocks} blocks × ${txsPerBlock} txs in ${((performance.now() - start) / 1000).toFixed(1)} s (not timed below)`,
  )
  return dir
}

/** One analysis with tables, in a child process of its own. */
function measure(root: string, pack: string, blocks: number, threads: number): Measured {
  const out = join(root, `out-${blocks}-${threads}`)
  const args = JSON.stringify({ pack, out, tables: join(out, 'tables'), threads })
  const result = spawnSync(process.execPath, ['--import', 'tsx', here, 'child', args], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  })
  rmSync(out, { recursive: true, force: true })
  if (result.status !== 0) throw new Error(`child failed: ${result.stderr}`)
  const measured = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as Measured
  console.log(
    `${blocks} blocks, ${threads} worker thread(s): ${(measured.ms / 1000).toFixed(1)} s (after the last block: ${(measured.tailMs / 1000).toFixed(1)} s), peak RSS ${measured.rssMiB.toFixed(0)} MiB — ${measured.headline}`,
  )
  return measured
}

function report(
  results: readonly Measured[],
  ratios: readonly number[],
  sizes: readonly number[],
  cores: number,
): void {
  const at = (blocks: number, threads: number) =>
    results.filter((r) => r.blocks === blocks && r.threads === threads)
  const first = sizes[0]!
  const last = sizes[sizes.length - 1]!
  const small = at(first, cores)
  const large = at(last, cores)[0]
  if (small.length > 0 && large && last !== first) {
    const smallMs = Stats.median(small.map((r) => r.ms))
    console.log(
      `time(${last})/time(${first}) = ${(large.ms / smallMs).toFixed(2)} (target ≤ 11 for 10,000 vs 1,000 blocks; ${first} blocks: median of ${small.length})`,
    )
  }
  if (ratios.length > 0)
    console.log(
      `${cores} workers vs 1 on ${first} blocks: ${Stats.median(ratios).toFixed(2)}x (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}, median of ${ratios.length} interleaved rounds; target ≥ 1.6x)`,
    )
  if (large)
    console.log(
      `${last} blocks with tables: ${(large.ms / 60_000).toFixed(2)} min (target < 10), peak RSS ${large.rssMiB.toFixed(0)} MiB (target < 2048)`,
    )
}

/** The child: one timed run, then one JSON line with its time and peak RSS. */
async function child(json: string): Promise<void> {
  const { pack, out, tables, threads } = JSON.parse(json) as {
    pack: string
    out: string
    tables: string
    threads: number
  }
  const start = performance.now()
  let lastBlock = start
  const result = await Run.run({
    dir: pack,
    outDir: out,
    tables,
    threads,
    labels: [],
    workers: [1, 2, 4, 8],
    onBlock: () => {
      lastBlock = performance.now()
    },
  })
  // What analyze-range writes besides the tables, as it writes it.
  const context = { dossier: result.dossier, blocksCsv: result.blocksCsv, command: 'bench' }
  const files = await Format.renderRange(['json', 'markdown', 'charts', 'html', 'csv'], context)
  Dir.writeAtomically(files.map((f) => ({ path: join(out, f.path), content: f.content })))
  const end = performance.now()
  const ms = end - start
  result.cleanup()
  const d = result.dossier
  const headline = `blocks=${d.block_count} txs=${d.tx_count} conflicts=${d.conflict_pair_count} gas_ceiling=${d.theoretical_parallelism_ceiling_by_gas?.toFixed(3)}x`
  const rssMiB = process.resourceUsage().maxRSS / 1024
  const tailMs = end - lastBlock
  console.log(JSON.stringify({ blocks: d.block_count, threads, ms, tailMs, rssMiB, headline }))
}
