import { type Command, Option } from 'commander'
import * as AccessKey from '../../model/AccessKey.ts'
import * as State from '../../model/State.ts'
import * as Tx from '../../model/Tx.ts'
import * as Fmt from '../../primitives/Fmt.ts'
import * as Workload from '../../workload/Workload.ts'
import { print } from '../io.ts'
import { seedOption, syntheticTxsOption, vmStepsOption, workloadOption } from '../options.ts'
import * as parse from '../parsers.ts'

type Flags = {
  readonly workload: Workload.Kind
  readonly txs: number
  readonly conflict: number
  readonly seed: bigint
  readonly vmSteps: number
}

/** Registers `inspect`: prints a generated workload's parameters and its first ten txs. */
export function register(program: Command): void {
  program
    .command('inspect')
    .description('print a generated workload: parameters, conflict rate and a sample of txs')
    .addOption(workloadOption())
    .addOption(syntheticTxsOption('transactions to generate', 20))
    .addOption(
      new Option('--conflict <ratio>', 'hot-key probability per tx, 0.0..=1.0')
        .argParser(parse.ratio)
        .default(0.5),
    )
    .addOption(seedOption())
    .addOption(vmStepsOption())
    .action((flags: Flags) => {
      for (const line of describe(flags)) print(line)
    })
}

/** The lines `inspect` prints. */
function describe(flags: Flags): string[] {
  const w = Workload.generate({
    kind: flags.workload,
    txCount: flags.txs,
    requestedConflict: flags.conflict,
    vmSteps: flags.vmSteps,
    seed: flags.seed,
  })
  const lines = [
    `workload: ${w.kind}`,
    `txs: ${w.txCount}`,
    `seed: ${w.seed}`,
    `vm_steps: ${w.vmSteps}`,
    `requested_conflict: ${Fmt.fixed(w.requestedConflict, 3)}`,
    `observed_conflict: ${Fmt.fixed(w.observedConflict, 6)}`,
    `initial_state_hash: ${State.hash(w.initialState)}`,
    'sample:',
  ]
  for (const tx of w.txs.slice(0, 10)) {
    lines.push(`tx ${tx.id} ${Tx.debug(tx.kind)}`)
    lines.push(`  reads: [${tx.declaredReads.map(AccessKey.display).join(', ')}]`)
    lines.push(`  writes: [${tx.declaredWrites.map(AccessKey.display).join(', ')}]`)
  }
  return lines
}
