/**
 * Replay benchmark (not a test): every bundled mainnet block, side by side in one run on one
 * machine — the sequential replay (Mgas/s), EVM Block-STM and the BAL-parallel engine at
 * `BENCH_THREADS` threads (speedups against sequential, medians of interleaved rounds), the
 * analyzer's ceiling by gas for the block, and pevm's published speedup where it publishes one.
 * Every engine runs on worker threads with the same young generation (the sequential replay on
 * the Block-STM pool's first worker); transactions are built before any clock starts. Every
 * round checks both engines against the sequential replay (receipts and post-state) and the
 * header.
 *
 *   npm run bench:replay                                               # all 52 blocks, 3 rounds
 *   BENCH_BLOCKS=46147,14029313 BENCH_REPEATS=1 BENCH_WARMUP_S=0 npm run bench:replay   # smoke run
 *   BENCH_OUT=replay-bench.json npm run bench:replay                   # also the rows as JSON
 *
 * Before any block is measured, the parallel engines run the selected blocks over and over for
 * `BENCH_WARMUP_S` seconds (default 60, untimed; at least one pass unless 0): a worker that only
 * executes in parallel runs reaches its steady speed after thousands of executions (docs/benchmarks.md),
 * and the sequential baseline's worker, which also leads every parallel run, is warmed by them too.
 * Speedups are medians with their spread (lowest–highest round) in brackets.
 */
import { writeFileSync } from 'node:fs'
import * as Pipeline from '../src/analysis/Pipeline.ts'
import * as BalApply from '../src/evm/BalApply.ts'
import * as BalParallel from '../src/evm/BalParallel.ts'
import * as BalPool from '../src/evm/BalPool.ts'
import * as BalReplay from '../src/evm/BalReplay.ts'
import * as BlockStm from '../src/evm/blockstm/BlockStm.ts'
import * as BlockStmPool from '../src/evm/blockstm/BlockStmPool.ts'
import * as Pack from '../src/evm/Pack.ts'
import type * as Replay from '../src/evm/Replay.ts'
import * as ReplayParallel from '../src/evm/ReplayParallel.ts'
import * as SystemCalls from '../src/evm/SystemCalls.ts'
import * as Fmt from '../src/primitives/Fmt.ts'
import * as Stats from '../src/primitives/Stats.ts'
import * as ReplayDir from '../src/trace/ReplayDir.ts'
import { envInt, machineLine } from './common.ts'

const data = process.env.BENCH_DATA ?? new URL('../data/mainnet/', import.meta.url).pathname
const repeats = envInt('BENCH_REPEATS', 3, 1, 50)
const threads = envInt('BENCH_THREADS', 2, 1, 64)
const out = process.env.BENCH_OUT
const warmupS = envInt('BENCH_WARMUP_S', 60, 0, 3600)

/**
 * pevm's published speedups over sequential for blocks of this set (its benchmark README, 32-vCPU
 * Graviton3, concurrency 8–12), as data/mainnet/README.md quotes them; blocks of 1–60 transactions
 * stay at 1x there. Context only: another engine, language and machine.
 */
const pevm: Readonly<Record<number, number>> = {
  13287210: 1.66,
  14029313: 3.74,
  14396881: 1.79,
  15199017: 3.41,
  12243999: 2.77,
  19933597: 1.78,
}

const pack = ReplayDir.open(data)
const numbers = process.env.BENCH_BLOCKS?.split(',').map(Number) ?? pack.numbers
const stmPool = BlockStmPool.create({ size: Math.max(threads, 1) })
const balPool = BalPool.create({ size: Math.max(threads, 1) })

type Row = {
  readonly number: number
  readonly txs: number
  readonly gas: bigint
  readonly sequentialMs: number
  readonly stm: number
  readonly bal: number
  /** Lowest and highest round. */
  readonly stmSpread: readonly [number, number]
  readonly balSpread: readonly [number, number]
  readonly overheadUs: number | null
  readonly overheadParallelUs: number | null
  readonly ceiling: number | null
  readonly fallback: string | null
  /** Why `BlockStm.plan` ran the block sequentially, or null. */
  readonly planned: string | null
  readonly aborts: number
}

console.log(machineLine())
console.log(
  `replay: ${numbers.length} blocks of ${data}; Block-STM and BAL-parallel at ${threads} threads; medians of ${repeats} interleaved rounds after one warm-up round per block`,
)
const rows: Row[] = []
try {
  const loaded: Loaded[] = []
  for (const n of numbers) loaded.push(await load(n))
  console.log(await warmUp(loaded))
  console.log('')
  console.log(
    '| block | txs | Mgas | sequential ms | Mgas/s | Block-STM | BAL-parallel | Block-STM overhead µs/tx (1 thread / all) | aborts | analyzer ceiling (gas) | pevm (published) |',
  )
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const block of loaded) {
    const row = await measure(block)
    rows.push(row)
    console.log(line(row))
  }
} finally {
  await stmPool.close()
  await balPool.close()
}
console.log('')
for (const text of summary(rows)) console.log(text)
if (out !== undefined) {
  const json = {
    machine: machineLine(),
    threads,
    repeats,
    warmupS,
    rows: rows.map((r) => ({ ...r, gas: Number(r.gas), pevm: pevm[r.number] ?? null })),
  }
  writeFileSync(out, `${JSON.stringify(json, null, 1)}\n`)
  console.log(`wrote ${out}`)
}

/** One block, replayed once with capture (untimed): its input, BAL and analyzer ceiling. */
type Loaded = {
  readonly n: number
  readonly input: Replay.Input
  readonly bal: Awaited<ReturnType<typeof BalReplay.record>>['built']['bal']
  readonly gas: bigint
  readonly ceiling: number | null
}

async function load(n: number): Promise<Loaded> {
  const block = ReplayDir.readBlock(pack, n)
  // The lab's BAL and the block's trace (for the analyzer) come from an untimed capturing replay.
  const { replayed, built } = await BalReplay.record(block, pack, { capture: 'accesses' })
  const input = replayed.input
  const traced = {
    header: input.header,
    txs: input.txs,
    results: replayed.result.results,
    mismatches: [],
  }
  const analysis = Pipeline.run({
    pack: Pack.fromReplay(pack.manifest, [traced], 'bench'),
    labels: [],
  })
  const ceiling = analysis.dossier.blocks[0]?.ceiling_by_gas ?? null
  return { n, input, bal: built.bal, gas: replayed.verdict.computed.gasUsed, ceiling }
}

/**
 * Runs both parallel engines over every block (Block-STM whatever its plan says, so its remote
 * workers execute too) until `BENCH_WARMUP_S` seconds have passed; untimed, unchecked.
 */
async function warmUp(blocks: readonly Loaded[]): Promise<string> {
  if (warmupS === 0) return 'warm-up: none (BENCH_WARMUP_S=0)'
  const started = performance.now()
  let passes = 0
  while (performance.now() - started < warmupS * 1000) {
    for (const { input, bal } of blocks) {
      const { genesis, txs } = input
      await BlockStm.run(genesis, txs, {
        pool: stmPool,
        threads,
        stateRoot: 'skip',
        planner: false,
      })
      await BalParallel.run(genesis, txs, bal, { pool: balPool, threads, stateRoot: 'skip' })
    }
    passes += 1
  }
  const seconds = (performance.now() - started) / 1000
  return `warm-up: ${passes} pass${passes === 1 ? '' : 'es'} of Block-STM and BAL-parallel over the ${blocks.length} blocks in ${Fmt.fixed(seconds, 0)} s (untimed)`
}

async function measure(block: Loaded): Promise<Row> {
  const { n, input, bal: blockBal, ceiling } = block
  const { genesis, txs } = input
  // Before EIP-161 a BAL cannot show the empty accounts calls create (docs/bal.md).
  const balRules = BalApply.rules(genesis.env.hardfork)
  await BlockStm.prepare(genesis, txs, { pool: stmPool })
  await BalParallel.prepare(genesis, txs, blockBal, { pool: balPool })
  const seq: number[] = []
  const stm: number[] = []
  const bal: number[] = []
  const one: number[] = []
  const all: number[] = []
  let last: BlockStm.Result | undefined
  for (let round = 0; round <= repeats; round++) {
    // The runs take turns going first: a run that follows another on the same worker inherits its
    // garbage (a major GC can land in it), so a fixed order would handicap whichever runs second.
    const runs = {
      s: () => BlockStm.sequential(genesis, txs, { pool: stmPool, stateRoot: 'skip' }),
      p: () => BlockStm.run(genesis, txs, { pool: stmPool, threads, stateRoot: 'skip' }),
      p1: () => BlockStm.run(genesis, txs, { pool: stmPool, threads: 1, stateRoot: 'skip' }),
      b: () =>
        BalParallel.run(genesis, txs, blockBal, { pool: balPool, threads, stateRoot: 'skip' }),
    }
    const order = rotate(['s', 'p', 'p1', 'b'] as const, round)
    const ran: Partial<{
      s: Awaited<ReturnType<typeof runs.s>>
      p: BlockStm.Result
      p1: BlockStm.Result
      b: BalParallel.Result
    }> = {}
    for (const name of order) {
      if (name === 'b') ran.b = await runs.b()
      else if (name === 's') ran.s = await runs.s()
      else if (name === 'p1' && threads === 1) continue
      else ran[name] = await runs[name]()
    }
    const s = ran.s as Awaited<ReturnType<typeof runs.s>>
    const p = ran.p as BlockStm.Result
    const p1 = ran.p1 ?? p
    const b = ran.b as BalParallel.Result
    check(n, input, s, { 'Block-STM': p, 'Block-STM at 1 thread': p1 })
    check(n, input, s, { 'BAL-parallel': b }, { emptyAsAbsent: !balRules.clearsEmpty })
    if (round === 0) continue // warm-up
    seq.push(Number(s.executionNs) / 1e6)
    stm.push(Number(s.executionNs) / Number(p.executionNs))
    bal.push(Number(s.executionNs) / Number(b.executionNs))
    const perTx = (ns: bigint, k: number) =>
      (k * Number(ns) - Number(s.executionNs)) / 1e3 / Math.max(txs.length, 1)
    one.push(perTx(p1.executionNs, 1))
    all.push(perTx(p.executionNs, threads))
    last = p
  }
  return {
    number: n,
    txs: txs.length,
    gas: block.gas,
    sequentialMs: Stats.median(seq),
    stm: Stats.median(stm),
    bal: Stats.median(bal),
    stmSpread: [Math.min(...stm), Math.max(...stm)],
    balSpread: [Math.min(...bal), Math.max(...bal)],
    overheadUs: txs.length === 0 ? null : Stats.median(one),
    overheadParallelUs: txs.length === 0 ? null : Stats.median(all),
    ceiling,
    fallback: last?.stats.fallback ?? null,
    planned: last?.stats.planned ?? null,
    aborts: last?.stats.aborts ?? 0,
  }
}

/** `items` rotated left by `k` places. */
function rotate<T>(items: readonly T[], k: number): T[] {
  const i = k % items.length
  return [...items.slice(i), ...items.slice(0, i)]
}

/** Every engine's run must equal the sequential replay (`ReplayParallel.differs`). */
function check(
  n: number,
  input: Replay.Input,
  sequential: {
    readonly results: Replay.Replayed['result']['results']
    readonly postState: Replay.Input['genesis']
  },
  runs: Readonly<
    Record<
      string,
      {
        readonly results: Replay.Replayed['result']['results']
        readonly postState: Replay.Input['genesis']
      }
    >
  >,
  options: { readonly emptyAsAbsent?: boolean } = {},
): void {
  const post = (g: Replay.Input['genesis']) => SystemCalls.postBlock(g, input.header).genesis
  const expected = { results: sequential.results, post: post(sequential.postState) }
  for (const [engine, run] of Object.entries(runs)) {
    const difference = ReplayParallel.differs(
      expected,
      {
        results: run.results,
        post: post(run.postState),
      },
      options,
    )
    if (difference !== null)
      throw new Error(`block ${n}: ${engine} differs from the sequential replay: ${difference}`)
  }
}

function line(r: Row): string {
  const mgas = Number(r.gas) / 1e6
  const fallback = r.fallback !== null ? ' (fallback)' : r.planned !== null ? ' (planned seq)' : ''
  return (
    `| ${r.number} | ${r.txs} | ${Fmt.fixed(mgas, 1)} | ${Fmt.fixed(r.sequentialMs, 1)} | ` +
    `${Fmt.fixed(r.sequentialMs > 0 ? mgas / (r.sequentialMs / 1e3) : 0, 1)} | ${Fmt.fixed(r.stm, 2)}x ${spread(r.stmSpread)}${fallback} | ` +
    `${Fmt.fixed(r.bal, 2)}x ${spread(r.balSpread)} | ${r.overheadUs === null ? '—' : `${Fmt.fixed(r.overheadUs, 0)} / ${Fmt.fixed(r.overheadParallelUs ?? 0, 0)}`} | ${r.aborts} | ` +
    `${r.ceiling === null ? '—' : Fmt.fixed(r.ceiling, 2)} | ${pevm[r.number] === undefined ? '—' : `${Fmt.fixed(pevm[r.number] as number, 2)}x`} |`
  )
}

function spread([low, high]: readonly [number, number]): string {
  return `(${Fmt.fixed(low, 2)}–${Fmt.fixed(high, 2)})`
}

function summary(rows: readonly Row[]): string[] {
  const gas = rows.reduce((sum, r) => sum + Number(r.gas), 0)
  const ms = rows.reduce((sum, r) => sum + r.sequentialMs, 0)
  const big = rows.filter((r) => r.txs >= 200 && (r.ceiling ?? 0) >= 2)
  const geomean = (xs: readonly number[]) =>
    xs.length === 0 ? 0 : Math.exp(xs.reduce((sum, x) => sum + Math.log(x), 0) / xs.length)
  const timed = rows.filter((r) => r.txs > 0)
  const below = timed.filter((r) => r.stm < 0.9)
  // A block planned sequential times the sequential path against itself: its ratio is noise.
  const ranStm = below.filter((r) => r.planned === null).length
  const named = below.map((r) => `${r.number}${r.planned !== null ? ' planned seq' : ''}`)
  return [
    `sequential replay: ${Fmt.fixed(gas / 1e6, 1)} Mgas in ${Fmt.fixed(ms / 1e3, 2)} s = ${Fmt.fixed(gas / 1e3 / ms, 1)} Mgas/s over the set (target ≥ 20)`,
    `Block-STM at ${threads} threads: geometric mean ${Fmt.fixed(geomean(big.map((r) => r.stm)), 2)}x over the ${big.length} blocks with ≥ 200 txs and a ceiling ≥ 2 (target ≥ 1.4); ${Fmt.fixed(geomean(timed.map((r) => r.stm)), 2)}x over all ${timed.length} blocks with transactions; lowest ${Fmt.fixed(Math.min(...timed.map((r) => r.stm)), 2)}x; ${below.length} blocks below 0.9x${below.length > 0 ? ` (${named.join(', ')})` : ''}, ${ranStm} of them run by Block-STM`,
    `BAL-parallel at ${threads} threads: geometric mean ${Fmt.fixed(geomean(big.map((r) => r.bal)), 2)}x over the same ${big.length} blocks; ${Fmt.fixed(geomean(timed.map((r) => r.bal)), 2)}x over all`,
  ]
}
