import { type Command, Option } from 'commander'
import * as Bench from '../../exec/Bench.ts'
import type * as Pool from '../../exec/Pool.ts'
import * as Verify from '../../exec/Verify.ts'
import { BaseError, UsageError } from '../../primitives/Errors.ts'
import * as Fmt from '../../primitives/Fmt.ts'
import * as Workload from '../../workload/Workload.ts'
import { print } from '../io.ts'
import { syntheticTxsOption, vmStepsOption, workloadOption } from '../options.ts'
import * as parse from '../parsers.ts'
import * as Progress from '../progress.ts'

type Flags = {
  readonly workload: Workload.Kind
  readonly txs: number
  readonly conflicts: readonly number[]
  readonly threads: readonly number[]
  readonly seedStart: bigint
  readonly seedEnd: bigint
  readonly vmSteps: number
}

/** Registers `verify`: access-list, optimistic and Block-STM must equal sequential over a seed sweep. */
export function register(program: Command): void {
  program
    .command('verify')
    .description(
      'check that access-list, optimistic and Block-STM runs equal sequential (full state) over a sweep',
    )
    .addOption(workloadOption())
    .addOption(syntheticTxsOption('transactions per workload', 100))
    .addOption(
      new Option('--conflicts <list>', 'comma list of conflict ratios')
        .argParser(parse.ratioList)
        .default([0, 0.5], '0.0,0.5'),
    )
    .addOption(
      new Option(
        '--threads <list>',
        `comma list of thread counts (each at most max(16, 2 × cores), or ${parse.MAX_THREADS_ENV})`,
      )
        .argParser(parse.threadList)
        .default([1, 2], '1,2'),
    )
    .addOption(new Option('--seed-start <n>', 'first seed').argParser(parse.u64).default(1n, '1'))
    .addOption(
      new Option('--seed-end <n>', 'last seed (inclusive)').argParser(parse.u64).default(5n, '5'),
    )
    .addOption(vmStepsOption())
    .action(async (flags: Flags) => {
      if (flags.seedStart > flags.seedEnd)
        throw new UsageError('--seed-start must be <= --seed-end')
      if (flags.seedEnd - flags.seedStart >= BigInt(parse.limits.seeds))
        throw new UsageError(
          `--seed-start..--seed-end spans ${flags.seedEnd - flags.seedStart + 1n} seeds; at most ${parse.limits.seeds} are accepted`,
        )
      const checked = await Bench.withWorkers(Math.max(...flags.threads), (pool) =>
        sweep(flags, pool),
      )
      print(
        `verified ${checked} workload/thread combinations for workload=${flags.workload} txs=${flags.txs} seeds=${flags.seedStart}..=${flags.seedEnd}`,
      )
    })
}

async function sweep(flags: Flags, pool: Pool.Pool | undefined): Promise<number> {
  let checked = 0
  const seeds = Number(flags.seedEnd - flags.seedStart) + 1
  const progress = Progress.forCommand(seeds * flags.conflicts.length, 'workloads verified')
  try {
    checked = await sweepWith(flags, pool, () => progress.tick())
  } finally {
    progress.done()
  }
  return checked
}

async function sweepWith(
  flags: Flags,
  pool: Pool.Pool | undefined,
  onWorkload: () => void,
): Promise<number> {
  let checked = 0
  for (let seed = flags.seedStart; seed <= flags.seedEnd; seed++) {
    for (const conflict of flags.conflicts) {
      const workload = Workload.generate({
        kind: flags.workload,
        txCount: flags.txs,
        requestedConflict: conflict,
        vmSteps: flags.vmSteps,
        seed,
      })
      const result = await Verify.run(workload.initialState, workload.txs, {
        threads: flags.threads,
        ...(pool ? { pool } : {}),
      })
      const first = result.mismatches[0]
      if (first !== undefined) throw mismatch(flags.workload, seed, conflict, first)
      checked += result.checked
      onWorkload()
    }
  }
  return checked
}

function mismatch(workload: string, seed: bigint, conflict: number, m: Verify.Mismatch): BaseError {
  return new BaseError(
    `${m.mode} mismatch workload=${workload} seed=${seed} conflict=${Fmt.display(conflict)} threads=${m.threads} sequential=${m.sequentialHash} ${m.mode}=${m.hash}`,
    { code: 'STATE_MISMATCH' },
  )
}
