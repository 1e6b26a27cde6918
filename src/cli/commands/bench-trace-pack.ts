import { type Command, Option } from 'commander'
import * as Pipeline from '../../analysis/Pipeline.ts'
import * as Bench from '../../exec/Bench.ts'
import { BaseError } from '../../primitives/Errors.ts'
import * as Fmt from '../../primitives/Fmt.ts'
import * as Json from '../../primitives/Json.ts'
import * as Dir from '../../trace/Dir.ts'
import type * as TracePack from '../../trace/TracePack.ts'
import * as FromTracePack from '../../workload/FromTracePack.ts'
import { print, writeFiles } from '../io.ts'
import { zeroCostNote } from '../options.ts'
import * as parse from '../parsers.ts'
import * as Progress from '../progress.ts'
import { VERSION } from '../version.ts'

type Flags = {
  readonly traceDir: string
  readonly mode: Bench.Selection
  readonly threads: readonly number[]
  readonly vmStepsPerGas: number
  readonly repeats: number
  readonly includeFeeRecipient?: boolean
  readonly out: string
}

/** The fixed description of how pack accesses become model keys. */
const ACCESS_TOPOLOGY =
  'observed trace-pack access keys, under the analyzer key rules (fee-recipient credits dropped unless --include-fee-recipient; balance, nonce, code and account keys kept distinct), mapped to deterministic synthetic model keys (storage slot → contract slot, each account-level key → its own model account); every tx reads its observed reads and writes each observed write with a digest of everything it read'

/** The fixed caveats of a trace-derived benchmark. */
const CAVEATS = [
  'synthetic execution over observed access topology; not EVM replay and not a TPS or Ggas/s measurement',
  'access-list scheduling uses the observed read/write sets, which are lower bounds when traces omit reads; the toy txs have no contract semantics',
  'equivalence is checked on the toy state: each tx writes digests of what it read, so a schedule that reorders a dependency changes the final state',
]

/** Registers `bench-trace-pack`: synthetic execution over a trace pack's observed access topology. */
export function register(program: Command): void {
  program
    .command('bench-trace-pack')
    .description('benchmark the executors on txs whose access sets come from a trace pack')
    .requiredOption('--trace-dir <dir>', 'trace-pack directory (manifest.json + blocks/)')
    .addOption(
      new Option('--mode <mode>', parse.modeChoices()).argParser(parse.mode).default('all'),
    )
    .addOption(
      new Option(
        '--threads <list>',
        `comma list of thread counts, one run each (each at most max(16, 2 × cores), or ${parse.MAX_THREADS_ENV})`,
      )
        .argParser(parse.threadList)
        .default([1, 2, 4, 8, 16], '1,2,4,8,16'),
    )
    .addOption(
      new Option(
        '--vm-steps-per-gas <n>',
        `CPU busy-loop iterations per unit of receipt gas, 0..=${parse.limits.vmStepsPerGas} (0: txs cost nothing, so parallel modes measure only coordination overhead)`,
      )
        .argParser(parse.intIn(0, parse.limits.vmStepsPerGas))
        .default(0),
    )
    .addOption(
      new Option(
        '--repeats <n>',
        `timed rounds after an untimed warm-up round, 1..=${parse.limits.repeats}; times and speedups are medians`,
      )
        .argParser(parse.intIn(1, parse.limits.repeats))
        .default(3),
    )
    .option(
      '--include-fee-recipient',
      'count fee-recipient (FEE_CREDIT) credits as conflicts, as analyze-trace-pack does with this flag',
    )
    .requiredOption('--out <file>', 'write the trace-derived benchmark JSON here')
    .action(async (flags: Flags) => {
      const pack = load(flags.traceDir)
      const feeRecipient = flags.includeFeeRecipient ? 'include' : 'exclude'
      const { vmStepsPerGas } = flags
      const workload = FromTracePack.build(pack, { vmStepsPerGas, feeRecipient })
      const ceiling = analyzerCeiling(pack, feeRecipient)
      const runs = await runAll(workload, flags)
      const report = toWire(pack, workload, flags, runs, ceiling)
      writeFiles([{ path: flags.out, content: Json.stringify(report, { floatKeys }) }])
      print(
        `wrote trace-derived benchmark for ${workload.txs.length} txs from ${flags.traceDir} to ${flags.out}`,
      )
      print(
        `conflicts=${workload.conflictPairs} observed_conflict=${Fmt.fixed(workload.observedConflict, 6)} (analyzer: ${ceiling.pairs} pairs, ${Fmt.fixed(ceiling.conflictPercentage, 3)}% within blocks) runs=${runs.length} medians of ${flags.repeats} round(s) after a warm-up`,
      )
      for (const line of sideBySide(runs, ceiling)) print(line)
      if (flags.vmStepsPerGas === 0)
        print(zeroCostNote('--vm-steps-per-gas', '--vm-steps-per-gas 10'))
    })
}

function load(dir: string): TracePack.TracePack {
  try {
    return Dir.read(dir)
  } catch (err) {
    if (!(err instanceof BaseError)) throw err
    throw new BaseError(`failed to load trace pack ${dir}: ${err.shortMessage}`, {
      code: err.code,
      hints: err.hints,
      cause: err,
    })
  }
}

/**
 * Per thread count one report: an untimed warm-up round (JIT, worker start-up), then `repeats`
 * timed rounds over every thread count in turn, reduced to medians (`Bench.median`). Every run of
 * every round must equal sequential.
 */
async function runAll(workload: FromTracePack.Workload, flags: Flags): Promise<Bench.Report[]> {
  const input: Bench.Input = {
    workload: 'trace-pack',
    txCount: workload.txs.length,
    requestedConflict: workload.observedConflict,
    observedConflict: workload.observedConflict,
    vmSteps: flags.vmStepsPerGas,
    seed: 0n,
    initialState: workload.initialState,
    txs: workload.txs,
  }
  const progress = Progress.forCommand((flags.repeats + 1) * flags.threads.length, 'runs')
  try {
    return await Bench.withWorkers(Math.max(...flags.threads), async (pool) => {
      const once = async (threads: number) => {
        const report = await Bench.run(input, {
          mode: flags.mode,
          threads,
          version: VERSION,
          runtimeVersion: `node ${process.version}`,
          ...(pool ? { pool } : {}),
        })
        progress.tick()
        if (report.modes.some((row) => !row.deterministicPassed)) {
          throw new BaseError(
            `trace-derived benchmark produced a state mismatch at ${threads} thread(s); report was not written`,
            { code: 'STATE_MISMATCH' },
          )
        }
        return report
      }
      for (const threads of flags.threads) await once(threads)
      const rounds: Bench.Report[][] = flags.threads.map(() => [])
      for (let round = 0; round < flags.repeats; round++) {
        for (const [i, threads] of flags.threads.entries()) rounds[i]!.push(await once(threads))
      }
      return rounds.map((reports) => Bench.median(reports))
    })
  } finally {
    progress.done()
  }
}

const floatKeys: ReadonlySet<string> = new Set([
  ...Bench.floatKeys,
  'tx_coverage_percentage',
  'by_tx',
  'by_gas',
  'conflict_percentage',
])

function toWire(
  pack: TracePack.TracePack,
  workload: FromTracePack.Workload,
  flags: Flags,
  runs: readonly Bench.Report[],
  ceiling: Ceiling,
) {
  const txCount = workload.txs.length
  const sampled = pack.blocks.some((b) => b.sourceTxCount !== null)
  const sourceTxCount = pack.blocks.reduce((sum, b) => sum + (b.sourceTxCount ?? b.txCount), 0)
  return {
    report_version: 'trace-derived-benchmark-v1',
    trace_dir: flags.traceDir,
    chain: pack.manifest.chain,
    start_block: pack.manifest.startBlock,
    end_block: pack.manifest.endBlock,
    tx_count: txCount,
    source_tx_count: sampled ? sourceTxCount : undefined,
    tx_coverage_percentage: sourceTxCount === 0 ? 100 : (txCount / sourceTxCount) * 100,
    observed_conflict: workload.observedConflict,
    conflict_pairs: workload.conflictPairs,
    vm_steps_per_gas: flags.vmStepsPerGas,
    fee_recipient: flags.includeFeeRecipient ? 'included' : 'excluded',
    repeats: flags.repeats,
    timing: TIMING,
    access_topology: ACCESS_TOPOLOGY,
    caveats: CAVEATS,
    analyzer_ceiling: {
      by_tx: ceiling.byTx,
      by_gas: ceiling.byGas,
      scope: CEILING_SCOPE,
      conflict_pair_count: ceiling.pairs,
      conflict_percentage: ceiling.conflictPercentage,
    },
    runs: runs.map(Bench.toWire),
  }
}

/** What the reported analyzer ceiling bounds. */
const CEILING_SCOPE =
  'theoretical ceiling of the contention analyzer for the same pack (blocks analyzed independently, run back to back): total / critical path, by tx count and by gas; a measured speedup at t threads is bounded by min(t, ceiling) when per-tx work is proportional to gas'

/** How the figures were measured. */
const TIMING =
  'one untimed warm-up round, then the timed rounds (every thread count in turn); elapsed_ns and tx_per_sec are medians over the rounds, speedup_vs_sequential is the median of the speedups paired within each run'

export type Ceiling = {
  readonly byTx: number
  readonly byGas: number | null
  readonly pairs: number
  readonly conflictPercentage: number
}

/** The analyzer's view of the same pack, with the same fee-recipient handling. */
function analyzerCeiling(pack: TracePack.TracePack, feeRecipient: 'exclude' | 'include'): Ceiling {
  const { dossier } = Pipeline.run({ pack, labels: [] }, { feeRecipient })
  return {
    byTx: dossier.theoretical_parallelism_ceiling_by_tx,
    byGas: dossier.theoretical_parallelism_ceiling_by_gas,
    pairs: dossier.conflict_pair_count,
    conflictPercentage: dossier.conflict_percentage,
  }
}

/**
 * One line per (threads, mode): measured speedup next to min(threads, analyzer ceiling), flagged
 * when it is above that bound by more than 5% (a measured speedup cannot beat it: timing noise).
 */
export function sideBySide(runs: readonly Bench.Report[], ceiling: Ceiling): string[] {
  const bound = ceiling.byGas ?? ceiling.byTx
  const lines = [
    `analyzer ceiling: by_tx=${Fmt.fixed(ceiling.byTx, 3)}x by_gas=${ceiling.byGas === null ? 'unavailable' : `${Fmt.fixed(ceiling.byGas, 3)}x`}`,
  ]
  for (const run of runs) {
    const limit = Math.min(run.threads, bound)
    for (const row of run.modes) {
      if (row.speedupVsSequential === null) continue
      const noisy = row.speedupVsSequential > limit * 1.05 ? ` ${ABOVE_BOUND}` : ''
      lines.push(
        `threads=${run.threads} ${row.mode} speedup=${Fmt.fixed(row.speedupVsSequential, 3)}x bound=min(threads, ceiling)=${Fmt.fixed(limit, 3)}x${noisy}`,
      )
    }
  }
  return lines
}

/** Printed after a speedup above its bound. */
const ABOVE_BOUND =
  '(above its bound: timing noise; raise --repeats or --vm-steps-per-gas for a steadier figure)'
