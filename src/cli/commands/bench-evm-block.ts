import { type Command, Option } from 'commander'
import * as Pipeline from '../../analysis/Pipeline.ts'
import * as Bench from '../../evm/Bench.ts'
import * as Generate from '../../evm/Generate.ts'
import type * as Mix from '../../evm/Mix.ts'
import { BaseError } from '../../primitives/Errors.ts'
import * as Fmt from '../../primitives/Fmt.ts'
import * as Json from '../../primitives/Json.ts'
import { print, writeFiles } from '../io.ts'
import { generatorOptions } from '../options.ts'
import * as parse from '../parsers.ts'
import * as Progress from '../progress.ts'
import { VERSION } from '../version.ts'

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
      new Option(
        '--threads <list>',
        `comma list of Block-STM thread counts (each at most max(16, 2 × cores), or ${parse.MAX_THREADS_ENV})`,
      )
        .argParser(parse.threadList)
        .default([1, 2, 4], '1,2,4'),
    )
    .addOption(
      new Option(
        '--repeats <n>',
        `interleaved rounds (sequential, then each thread count), 1..=${parse.limits.repeats}; times and speedups are medians`,
      )
        .argParser(parse.intIn(1, parse.limits.repeats))
        .default(3),
    )
    .requiredOption('--out <file>', 'write the JSON report here')
    .action(async (flags: Flags) => {
      const { txs, seed, pools, skew, users, mix, threads, repeats } = flags
      const phases = Progress.phasesForCommand()
      phases.start(`generating a ${txs}-tx block (deploying contracts, drawing transactions)`)
      const generated = await Generate.block({ txs, seed, pools, skew, users, mix })
      phases.start('executing it once with access capture for the analyzer')
      const analyzer = await analyze(generated)
      phases.start(
        `measuring: warm-up, then ${repeats} round(s) of sequential and Block-STM at ${threads.join(',')} thread(s)`,
      )
      const measured = await Bench.measure(generated, { threads, repeats }).finally(phases.done)
      const runtimeVersion = `node ${process.version}`
      const options = { threads, repeats, version: VERSION, runtimeVersion }
      const report = Bench.report(generated, measured, analyzer, options)
      const failed = report.runs.find((r) => !r.deterministic_passed)
      if (failed !== undefined) {
        throw new BaseError(
          `block-stm at ${failed.threads} thread(s) differs from sequential (state root or receipts); report was not written`,
          { code: 'STATE_MISMATCH' },
        )
      }
      writeFiles([
        { path: flags.out, content: Json.stringify(report, { floatKeys: Bench.floatKeys }) },
      ])
      for (const line of lines(report)) print(line)
      print(
        `wrote ${report.runs.length} block-stm run(s) for ${report.tx_count} txs to ${flags.out}`,
      )
    })
}

/**
 * The analyzer's view of the block (what `analyze-trace-pack` says of its captured pack); the
 * capture is dropped when this returns, before anything is timed.
 */
async function analyze(generated: Generate.Generated): Promise<Bench.Analyzer> {
  const pack = await Bench.capture(generated, VERSION)
  const block = Pipeline.run({ pack, labels: [] }).dossier.blocks[0]
  if (block === undefined)
    throw new BaseError('the generated trace pack has no block', { code: 'INTERNAL' })
  return {
    conflict_pair_count: block.conflict_pair_count,
    critical_path_length: block.critical_path_length,
    ceiling_by_tx: block.ceiling_by_tx,
    ceiling_by_gas: block.ceiling_by_gas,
  }
}

/** The side-by-side summary printed after the report is written. */
function lines(report: Bench.Report): string[] {
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
        `block-stm threads=${r.threads} root=${r.state_root} ms=${ms(r.elapsed_ns)} speedup=${Fmt.fixed(r.speedup_vs_sequential, 3)}x${r.speedup_vs_one_thread === null ? '' : ` vs_1_thread=${Fmt.fixed(r.speedup_vs_one_thread, 3)}x`} target=${Fmt.fixed(r.speedup_target, 2)}x overhead_us_per_tx=${Fmt.fixed(r.overhead_us_per_tx, 1)} reexec=${r.reexecutions} aborts=${r.aborts} waits=${r.dependency_waits} passed=${r.deterministic_passed}${r.fallback === null ? '' : ` fallback=${r.fallback}`}`,
    ),
  ]
}
