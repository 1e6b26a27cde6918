import { type Command, InvalidArgumentError, Option } from 'commander'
import * as DossierBlock from '../../analysis/DossierBlock.ts'
import * as BlockStm from '../../evm/BlockStm.ts'
import * as BlockStmPool from '../../evm/BlockStmPool.ts'
import * as Execute from '../../evm/Execute.ts'
import * as Generate from '../../evm/Generate.ts'
import * as Genesis from '../../evm/Genesis.ts'
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

type Flags = {
  readonly txs: number
  readonly seed: number
  readonly pools: number
  readonly skew: number
  readonly users: number
  readonly mix: Mix.Mix
  readonly threads: readonly number[]
  readonly out: string
}

/** One Block-STM run of the report. */
type RunRow = {
  threads: number
  state_root: string
  deterministic_passed: boolean
  elapsed_ns: bigint
  speedup_vs_sequential: number
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
  'speedup_target',
  'reexecution_percent',
])

/** Registers `bench-evm-block`: sequential vs Block-STM on a generated block, with the analyzer's ceiling. */
export function register(program: Command): void {
  const d = Generate.defaults
  program
    .command('bench-evm-block')
    .description(
      'generate a block as generate-evm-block does, run it sequentially and with Block-STM at each thread count, and compare (state root, receipts, time, re-executions, analyzer ceiling)',
    )
    .addOption(
      new Option('--txs <n>', 'transactions in the block').argParser(positive).default(d.txs),
    )
    .addOption(new Option('--seed <n>', 'RNG seed').argParser(parse.count).default(d.seed))
    .addOption(
      new Option('--pools <p>', 'ERC-20/WETH Uniswap V2 pools (1..=64)')
        .argParser(positive)
        .default(d.pools),
    )
    .addOption(
      new Option('--skew <s>', 'Zipf exponent of pool/token popularity (0 = uniform)')
        .argParser(parse.nonNegativeNumber)
        .default(d.skew),
    )
    .addOption(
      new Option('--users <n>', 'funded sender accounts').argParser(positive).default(d.users),
    )
    .addOption(
      new Option('--mix <weights>', `kind=weight list (kinds: ${Mix.kinds.join(', ')})`)
        .argParser(parse.mix)
        .default(d.mix, Mix.format(d.mix)),
    )
    .addOption(
      new Option('--threads <list>', 'comma list of Block-STM thread counts')
        .argParser(parse.threadList)
        .default([1, 2, 4], '1,2,4'),
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
  // The capture (hundreds of MB of access records) is dropped before anything is timed: kept
  // alive, its major GCs stall the Block-STM coordinator (and the sequential loop).
  const analysis = await captureAndAnalyze(generated, flags.threads)
  const ceiling = analysis.ceiling_by_gas ?? analysis.ceiling_by_tx
  await Execute.run(genesis, txs, { stateRoot: 'skip' }) // untimed warm-up without the capture hooks
  // The sequential baseline times its transaction loop only: building a full state manager from
  // the genesis is setup that Block-STM does lazily, and timing it would flatter Block-STM.
  const sequential = await Execute.run(genesis, txs, { stateRoot: 'skip' })
  const sequentialNs = sequential.executionNs
  const sequentialRoot = await Genesis.stateRoot(sequential.postState)
  const pool = BlockStmPool.create({ size: Math.max(...flags.threads) })
  const runs: RunRow[] = []
  try {
    await pool.ready()
    // Untimed, like the sequential state manager: the pre-state is loaded into every worker once.
    await BlockStm.prepare(genesis, txs, { pool })
    // Untimed warm-up: a fresh worker's JIT is cold, while the main thread ran this block twice
    // (capture and warm-up) before its timed run. `2 × size` runs on all workers give each worker
    // about the same two blocks' worth of executions.
    for (let i = 0; i < 2 * pool.size; i++)
      await BlockStm.run(genesis, txs, { threads: pool.size, pool, stateRoot: 'skip' })
    for (const threads of flags.threads) {
      const start = performance.now()
      const run = await BlockStm.run(genesis, txs, { threads, pool, stateRoot: 'skip' })
      const elapsed = nanos(start)
      const root = await Genesis.stateRoot(run.postState)
      const receiptsEqual = run.results.every(
        (r, i) =>
          r.gasUsed === sequential.results[i]?.gasUsed &&
          r.status === sequential.results[i]?.status,
      )
      runs.push({
        threads,
        state_root: root,
        deterministic_passed:
          root === sequentialRoot && receiptsEqual && run.results.length === txs.length,
        elapsed_ns: elapsed,
        speedup_vs_sequential: Number(sequentialNs) / Number(elapsed),
        speedup_target: Math.min(threads, ceiling),
        executions: run.stats.executions,
        reexecutions: run.stats.reexecutions,
        reexecution_percent: txs.length === 0 ? 0 : (run.stats.reexecutions / txs.length) * 100,
        validations: run.stats.validations,
        aborts: run.stats.aborts,
        dependency_waits: run.stats.dependencyWaits,
        fallback: run.stats.fallback,
      })
    }
  } finally {
    await pool.close()
  }
  return {
    version: VERSION,
    runtime_version: `node ${process.version}`,
    tx_count: txs.length,
    seed: flags.seed,
    pools: flags.pools,
    skew: flags.skew,
    users: flags.users,
    mix: Mix.format(flags.mix),
    total_gas_used: sequential.totalGasUsed,
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
    `block: ${report.tx_count} txs, total_gas_used=${report.total_gas_used}, analyzer ceiling ${ceiling}`,
    `sequential           root=${report.sequential.state_root} ms=${ms(report.sequential.elapsed_ns)} baseline`,
    ...report.runs.map(
      (r) =>
        `block-stm threads=${r.threads} root=${r.state_root} ms=${ms(r.elapsed_ns)} speedup=${Fmt.fixed(r.speedup_vs_sequential, 3)}x target=${Fmt.fixed(r.speedup_target, 2)}x reexec=${r.reexecutions} aborts=${r.aborts} waits=${r.dependency_waits} passed=${r.deterministic_passed}${r.fallback === null ? '' : ` fallback=${r.fallback}`}`,
    ),
  ]
}

function nanos(start: number): bigint {
  return BigInt(Math.max(Math.round((performance.now() - start) * 1e6), 1))
}

function positive(text: string): number {
  const value = parse.count(text)
  if (value === 0) throw new InvalidArgumentError(`expected a positive integer, got \`${text}\``)
  return value
}
