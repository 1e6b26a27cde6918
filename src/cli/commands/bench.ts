import { type Command, Option } from 'commander'
import * as Bench from '../../exec/Bench.ts'
import { BaseError } from '../../primitives/Errors.ts'
import * as Fmt from '../../primitives/Fmt.ts'
import * as Json from '../../primitives/Json.ts'
import * as BenchTrace from '../../report/BenchTrace.ts'
import * as Workload from '../../workload/Workload.ts'
import { type OutputFile, print, writeFiles } from '../io.ts'
import {
  seedOption,
  syntheticTxsOption,
  vmStepsOption,
  workloadOption,
  zeroCostNote,
} from '../options.ts'
import * as parse from '../parsers.ts'
import * as Progress from '../progress.ts'
import { VERSION } from '../version.ts'

type Flags = {
  readonly workload: Workload.Kind
  readonly txs: number
  readonly conflict: number
  readonly mode: Bench.Selection
  readonly threads: number
  readonly seed: bigint
  readonly vmSteps: number
  readonly out: string
  readonly trace?: string
}

/** Registers `bench`: synthetic benchmark of the executors. */
export function register(program: Command): void {
  program
    .command('bench')
    .description(
      'synthetic benchmark of the sequential, access-list, optimistic and Block-STM executors',
    )
    .addOption(workloadOption())
    .addOption(syntheticTxsOption('transactions to generate', 1000))
    .addOption(
      new Option('--conflict <ratio>', 'hot-key probability per tx, 0.0..=1.0')
        .argParser(parse.ratio)
        .default(0.5),
    )
    .addOption(
      new Option('--mode <mode>', parse.modeChoices()).argParser(parse.mode).default('all'),
    )
    .addOption(
      new Option(
        '--threads <n>',
        `worker threads for the parallel phases (0 = 1; at most max(16, 2 × cores), or ${parse.MAX_THREADS_ENV})`,
      )
        .argParser(parse.threads)
        .default(4),
    )
    .addOption(seedOption())
    .addOption(vmStepsOption())
    .requiredOption('--out <file>', 'write the BenchmarkReport JSON here')
    .option('--trace <file>', 'also write a Chrome trace of the mode runs')
    .action(async (flags: Flags) => {
      const generating = Progress.phasesForCommand()
      generating.start(`generating ${flags.txs} ${flags.workload} txs`)
      const workload = Workload.generate({
        kind: flags.workload,
        txCount: flags.txs,
        requestedConflict: flags.conflict,
        vmSteps: flags.vmSteps,
        seed: flags.seed,
      })
      generating.done()
      const report = await benchmark(toInput(workload), flags.mode, Math.max(flags.threads, 1))
      if (report.modes.some((row) => !row.deterministicPassed)) {
        throw new BaseError(
          'parallel execution produced a state mismatch; report was not written',
          {
            code: 'STATE_MISMATCH',
          },
        )
      }
      const files: OutputFile[] = [{ path: flags.out, content: renderReport(report) }]
      if (flags.trace !== undefined)
        files.push({ path: flags.trace, content: BenchTrace.render(report) })
      writeFiles(files)
      print(`wrote ${report.modes.length} mode(s) for ${report.txCount} txs to ${flags.out}`)
      for (const row of report.modes) print(summaryLine(row))
      if (flags.vmSteps === 0 && report.modes.some((row) => row.speedupVsSequential !== null))
        print(zeroCostNote('--vm-steps', '--vm-steps 100000'))
    })
}

/** Runs one BenchmarkReport on a pool of `threads` workers (in-process when threads is 1). */
async function benchmark(
  input: Bench.Input,
  mode: Bench.Selection,
  threads: number,
): Promise<Bench.Report> {
  const phases = Progress.phasesForCommand()
  const onMode = (m: string) => phases.start(`${m}: ${input.txCount} txs on ${threads} thread(s)`)
  try {
    return await Bench.withWorkers(threads, (pool) =>
      Bench.run(input, {
        mode,
        threads,
        version: VERSION,
        runtimeVersion: `node ${process.version}`,
        onMode,
        ...(pool ? { pool } : {}),
      }),
    )
  } finally {
    phases.done()
  }
}

/** A generated workload as benchmark input. */
function toInput(workload: Workload.Workload): Bench.Input {
  return {
    workload: workload.kind,
    txCount: workload.txCount,
    requestedConflict: workload.requestedConflict,
    observedConflict: workload.observedConflict,
    vmSteps: workload.vmSteps,
    seed: workload.seed,
    initialState: workload.initialState,
    txs: workload.txs,
  }
}

/** The report as pretty serde-style JSON. */
function renderReport(report: Bench.Report): string {
  return Json.stringify(Bench.toWire(report), { floatKeys: Bench.floatKeys })
}

/** `<mode> hash=<16hex> tx/s=<{:.2}> speedup=<{:.3}x | baseline>`. */
function summaryLine(row: Bench.Row): string {
  const speedup =
    row.speedupVsSequential === null ? 'baseline' : `${Fmt.fixed(row.speedupVsSequential, 3)}x`
  return `${row.mode} hash=${row.stateHash} tx/s=${Fmt.fixed(row.txPerSec, 2)} speedup=${speedup}`
}
