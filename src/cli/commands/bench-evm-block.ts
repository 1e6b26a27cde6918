import { type Command, Option } from 'commander'
import * as DossierBlock from '../../analysis/DossierBlock.ts'
import * as BlockStm from '../../evm/blockstm/BlockStm.ts'
import * as BlockStmPool from '../../evm/blockstm/BlockStmPool.ts'
import * as Execute from '../../evm/Execute.ts'
import * as Generate from '../../evm/Generate.ts'
import * as Mix from '../../evm/Mix.ts'
import * as Pack from '../../evm/Pack.ts'
import { BaseError } from '../../primitives/Errors.ts'
import * as Fmt from '../../primitives/Fmt.ts'
import * as Json from '../../primitives/Json.ts'
import * as Normalized from '../../trace/Normalized.ts'
import * as TracePack from '../../trace/TracePack.ts'
import { print, writeFiles } from '../io.ts'
import * as parse from '../parsers.ts'
import { VERSION } from '../version.ts'
import { generatorOptions } from './generate-evm-block.ts'

type Flags = {
  readonly txs: number
  readonly seed: number
  readonly pools: number
  readonly skew: number
  readonly users: number
  readonly mix: Mix.Mix
  readonly threads: readonly number[]
  readonly repeats: number
  readonly out: string
}

/** One Block-STM run of the report. */
type RunRow = {
  threads: number
  state_root: string
  deterministic_passed: boolean
  elapsed_ns: bigint
  /** Median over the rounds of sequential ms / this run's ms (paired within each round). */
  speedup_vs_sequential: number
  /** The same against Block-STM at 1 thread (null when 1 is not among the thread counts). */
  speedup_vs_one_thread: number | null
  speedup_target: number
  executions: number
  reexecutions: number
  reexecution_percent: number
  validations: number
  aborts: number
  dependency_waits: number
  fallback: string | null
}

const floatKeys = new Set([
  'skew',
  'ceiling_by_tx',
  'ceiling_by_gas',
  'speedup_vs_sequential',
  'speedup_vs_one_thread',
  'speedup_target',
  'reexecution_percent',
])

/** Registers `bench-evm-block`: sequential vs Block-STM on a generated block, with the analyzer's ceiling. */
export function register(program: Command): void {
  const command = program
    .command('bench-evm-block')
    .description(
      'generate a block as generate-evm-block does, run it sequentially and with Block-STM at each thread count, and compare (state root, receipts, time, re-executions, analyzer ceiling)',
    )
  for (const option of generatorOptions()) command.addOption(option)
  command
    .addOption(
      new Option('--threads <list>', 'comma list of Block-STM thread counts')
        .argParser(parse.threadList)
        .default([1, 2, 4], '1,2,4'),
    )
    .addOption(
      new Option(
        '--repeats <n>',
        'interleaved rounds (sequential, then each thread count); times and speedups are medians',
      )
        .argParser(parse.positive)
        .default(3),
    )
    .requiredOption('--out <file>', 'write the JSON report here')
    .action(async (flags: Flags) => {
      const report = await benchEvmBlock(flags)
      const failed = report.runs.find((r) => !r.deterministic_passed)
      if (failed !== undefined) {
        throw new BaseError(
          `block-stm at ${failed.threads} thread(s) differs from sequential (state root or receipts); report was not written`,
          { code: 'STATE_MISMATCH' },
        )
      }
      writeFiles([{ path: flags.out, content: Json.stringify(report, { floatKeys }) }])
      for (const line of lines(report)) print(line)
      print(
        `wrote ${report.runs.length} block-stm run(s) for ${report.tx_count} txs to ${flags.out}`,
      )
    })
}

/** Generates the block, measures sequential and Block-STM runs and the analyzer's ceiling. */
export async function benchEvmBlock(flags: Omit<Flags, 'out'>) {
  const generated = await Generate.block({
    txs: flags.txs,
    seed: flags.seed,
    pools: flags.pools,
    skew: flags.skew,
    users: flags.users,
    mix: flags.mix,
  })
  const { genesis, txs } = generated
  // The capture (hundreds of MB of access records) is analyzed and dropped before anything runs.
  const analysis = await captureAndAnalyze(generated, flags.threads)
  const ceiling = analysis.ceiling_by_gas ?? analysis.ceiling_by_tx
  const pool = BlockStmPool.create({ size: Math.max(...flags.threads) })
  // The baseline runs on a worker of its own: the same kind of isolate as the Block-STM leader
  // (fresh heap, same JIT warm-up), without its garbage landing in the leader's heap.
  const baseline = BlockStmPool.create({ size: 1 })
  // Per round, the timings only: keeping whole results would keep a post-state per run alive.
  const rounds: { sequentialNs: bigint; stmNs: bigint[] }[] = []
  let sequentialRoot = ''
  let totalGasUsed = 0n
  // Per thread count: its state root (first round), whether every round matched sequential,
  // and the counters of its last run.
  const roots: string[] = flags.threads.map(() => '')
  const passed: boolean[] = flags.threads.map(() => true)
  const stats: BlockStm.Stats[] = []
  try {
    await Promise.all([pool.ready(), baseline.ready()])
    // Untimed, like the sequential state manager: the pre-state is loaded into every worker once.
    await BlockStm.prepare(genesis, txs, { pool })
    await BlockStm.prepare(genesis, txs, { pool: baseline })
    // Untimed warm-up: two sequential runs, and `2 × size` Block-STM runs at full width, which
    // give each Block-STM worker about two blocks' worth of executions too.
    const reference = await BlockStm.sequential(genesis, txs, { pool: baseline })
    sequentialRoot = reference.stateRoot ?? ''
    totalGasUsed = reference.totalGasUsed
    const expected = Json.stringify(reference.postState)
    const matches = (r: Execute.Result) =>
      receiptsEqual(r, reference) && Json.stringify(r.postState) === expected
    await BlockStm.sequential(genesis, txs, { pool: baseline, stateRoot: 'skip' })
    for (let i = 0; i < 2 * pool.size; i++)
      await BlockStm.run(genesis, txs, { threads: pool.size, pool, stateRoot: 'skip' })
    // Interleaved rounds (sequential, then each thread count): a slow spell of the machine hits
    // both sides of a round, and the medians below drop the outliers.
    for (let round = 0; round < flags.repeats; round++) {
      const sequential = await BlockStm.sequential(genesis, txs, {
        pool: baseline,
        stateRoot: 'skip',
      })
      if (!matches(sequential))
        throw new BaseError('the sequential baseline is not deterministic', { code: 'INTERNAL' })
      const stmNs: bigint[] = []
      for (const [i, threads] of flags.threads.entries()) {
        // A Merkle root of the full state takes ~30 s at 68k slots, so it is computed in the first round;
        // every round compares the whole post-state and every receipt with sequential's.
        const stateRoot = round === 0 ? 'merkle' : 'skip'
        const run = await BlockStm.run(genesis, txs, { threads, pool, stateRoot })
        if (round === 0) roots[i] = run.stateRoot ?? ''
        const same = matches(run) && (round > 0 || run.stateRoot === sequentialRoot)
        passed[i] = (passed[i] ?? false) && same
        stats[i] = run.stats
        stmNs.push(run.executionNs)
      }
      rounds.push({ sequentialNs: sequential.executionNs, stmNs })
    }
  } finally {
    await Promise.all([pool.close(), baseline.close()])
  }
  if (rounds.length === 0) throw new BaseError('no benchmark round ran', { code: 'INTERNAL' })
  const sequentialNs = median(rounds.map((r) => r.sequentialNs))
  const one = flags.threads.indexOf(1)
  // Median over the rounds of a/b, paired within each round.
  const speedup = (a: (r: (typeof rounds)[number]) => bigint, b: number) =>
    medianOf(rounds.map((r) => Number(a(r)) / Number(r.stmNs[b] as bigint)))
  const runs: RunRow[] = flags.threads.map((threads, i) => {
    const last = stats[i] as BlockStm.Stats
    return {
      threads,
      state_root: roots[i] ?? '',
      deterministic_passed: passed[i] ?? false,
      elapsed_ns: median(rounds.map((r) => r.stmNs[i] as bigint)),
      speedup_vs_sequential: speedup((r) => r.sequentialNs, i),
      speedup_vs_one_thread: one < 0 ? null : speedup((r) => r.stmNs[one] as bigint, i),
      speedup_target: Math.min(threads, ceiling),
      executions: last.executions,
      reexecutions: last.reexecutions,
      reexecution_percent: txs.length === 0 ? 0 : (last.reexecutions / txs.length) * 100,
      validations: last.validations,
      aborts: last.aborts,
      dependency_waits: last.dependencyWaits,
      fallback: last.fallback,
    }
  })
  return {
    version: VERSION,
    runtime_version: `node ${process.version}`,
    tx_count: txs.length,
    seed: flags.seed,
    pools: flags.pools,
    skew: flags.skew,
    users: flags.users,
    mix: Mix.format(flags.mix),
    repeats: flags.repeats,
    total_gas_used: totalGasUsed,
    analyzer: analysis,
    sequential: { state_root: sequentialRoot, elapsed_ns: sequentialNs },
    runs,
  }
}

async function captureAndAnalyze(generated: Generate.Generated, threads: readonly number[]) {
  const captured = await Execute.run(generated.genesis, generated.txs, { capture: 'accesses' })
  return analyze(generated, captured, threads)
}

/** The analyzer's view of the block's captured trace (`analyze-trace-pack` numbers for this block). */
function analyze(
  generated: Generate.Generated,
  captured: Execute.Result,
  threads: readonly number[],
) {
  const pack = TracePack.normalize(Pack.from(generated, captured, VERSION))
  const block = pack.blocks[0]
  if (block === undefined)
    throw new BaseError('the generated trace pack has no block', { code: 'INTERNAL' })
  const trace = Normalized.fromBlock(block, pack.manifest)
  const input = { block, trace, feeCreditDropped: Normalized.feeCreditCount(block) }
  const { entry } = DossierBlock.analyze(input, threads)
  return {
    conflict_pair_count: entry.conflict_pair_count,
    critical_path_length: entry.critical_path_length,
    ceiling_by_tx: entry.ceiling_by_tx,
    ceiling_by_gas: entry.ceiling_by_gas,
  }
}

type Report = Awaited<ReturnType<typeof benchEvmBlock>>

/** The side-by-side summary printed after the report is written. */
function lines(report: Report): string[] {
  const a = report.analyzer
  const ceiling =
    a.ceiling_by_gas === null
      ? `${Fmt.fixed(a.ceiling_by_tx, 2)} (by tx)`
      : `${Fmt.fixed(a.ceiling_by_gas, 2)} (by gas)`
  const ms = (ns: bigint) => Fmt.fixed(Number(ns) / 1e6, 1)
  return [
    `block: ${report.tx_count} txs, total_gas_used=${report.total_gas_used}, analyzer ceiling ${ceiling}; medians of ${report.repeats} interleaved round(s)`,
    `sequential           root=${report.sequential.state_root} ms=${ms(report.sequential.elapsed_ns)} baseline`,
    ...report.runs.map(
      (r) =>
        `block-stm threads=${r.threads} root=${r.state_root} ms=${ms(r.elapsed_ns)} speedup=${Fmt.fixed(r.speedup_vs_sequential, 3)}x${r.speedup_vs_one_thread === null ? '' : ` vs_1_thread=${Fmt.fixed(r.speedup_vs_one_thread, 3)}x`} target=${Fmt.fixed(r.speedup_target, 2)}x reexec=${r.reexecutions} aborts=${r.aborts} waits=${r.dependency_waits} passed=${r.deterministic_passed}${r.fallback === null ? '' : ` fallback=${r.fallback}`}`,
    ),
  ]
}

function receiptsEqual(run: Execute.Result, sequential: Execute.Result): boolean {
  const receipt = (r: Execute.TxResult | undefined) =>
    r && `${r.txIndex} ${r.gasUsed} ${r.status} ${r.error} ${r.output}`
  return (
    run.results.length === sequential.results.length &&
    run.results.every((r, i) => receipt(r) === receipt(sequential.results[i]))
  )
}

/** The median (the lower middle one for an even count). */
function medianOf(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.floor((sorted.length - 1) / 2)] as number
}

function median(xs: readonly bigint[]): bigint {
  const sorted = [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return sorted[Math.floor((sorted.length - 1) / 2)] as bigint
}
