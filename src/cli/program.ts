import { Command, CommanderError } from 'commander'
import { BaseError } from '../primitives/Errors.ts'
import { commands } from './commands/index.ts'
import { VERSION } from './version.ts'

/** Builds the CLI program with every subcommand registered. */
export function createProgram(): Command {
  const program = new Command('parallel-evm-lab')
    .description('Deterministic parallel execution and EVM trace analysis workbench')
    .version(VERSION)
    .option('--debug', 'print error causes and stack traces')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
  for (const register of commands) register(program)
  for (const sub of program.commands)
    sub.exitOverride().showHelpAfterError('(run with --help for usage)')
  return program
}

/** Runs the CLI; the only place errors are caught and mapped to exit codes. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = createProgram()
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return typeof process.exitCode === 'number' ? process.exitCode : 0
  } catch (err) {
    return report(err, argv.includes('--debug'))
  }
}

function report(err: unknown, debug: boolean): number {
  // Commander already printed help or the usage error. `--help`, `help` and `--version` exit 0;
  // a bad flag, or no subcommand at all (help on stderr), is a usage error.
  if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2
  if (err instanceof BaseError) {
    process.stderr.write(`error[${err.code}]: ${err.shortMessage}\n`)
    for (const hint of err.hints) process.stderr.write(`  ${hint}\n`)
    if (err.details) process.stderr.write(`Details: ${err.details}\n`)
    if (debug) printCauses(err)
    return err.exitCode
  }
  process.stderr.write(`error[INTERNAL]: ${err instanceof Error ? err.message : String(err)}\n`)
  if (debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`)
  return 1
}

function printCauses(err: Error): void {
  let cause = err.cause
  while (cause !== undefined) {
    process.stderr.write(`Caused by: ${cause instanceof Error ? cause.message : String(cause)}\n`)
    cause = cause instanceof Error ? cause.cause : undefined
  }
  if (err.stack) process.stderr.write(`${err.stack}\n`)
}
