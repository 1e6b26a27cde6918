import { Command, CommanderError } from 'commander'
import { BaseError } from '../primitives/Errors.ts'
import * as Redact from '../rpc/Redact.ts'
import { commands } from './commands/index.ts'
import * as Io from './io.ts'
import { VERSION } from './version.ts'

/**
 * Builds the CLI program for `argv`: every subcommand is listed, but only the one `argv` names
 * (`cmd …` or `help cmd`) is loaded and registered in full; the others are light stand-ins that
 * carry the name and summary the top-level help lists. `'all'` loads every command (tests).
 */
export async function createProgram(argv: readonly string[] | 'all' = []): Promise<Command> {
  const program = new Command('parallel-evm-lab')
    .description('Deterministic parallel execution and EVM trace analysis workbench')
    .version(VERSION)
    .option('--debug', 'print error causes and stack traces')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ subcommandTerm: (cmd) => `${cmd.name()} [options]` })
    .exitOverride()
  const wanted = argv === 'all' ? null : commandName(argv)
  for (const entry of commands) {
    if (wanted === null || entry.name === wanted) (await entry.load()).register(program)
    else program.command(entry.name).description(entry.summary)
  }
  for (const sub of program.commands)
    sub.exitOverride().showHelpAfterError('(run with --help for usage)')
  program.hook('preAction', (_program, action) => Io.checkWritable(outputPaths(action)))
  return program
}

/**
 * The option names that hold output files or directories, across every command: a command names
 * its outputs with these flags, and each is checked writable (`Io.checkWritable`) before the
 * command's action does any work.
 */
export const OUTPUT_OPTIONS = [
  'out',
  'outDir',
  'markdown',
  'html',
  'trace',
  'memo',
  'traceOut',
  'balOut',
] as const

function outputPaths(command: Command): string[] {
  const opts = command.opts<Record<string, unknown>>()
  return OUTPUT_OPTIONS.flatMap((key) => (typeof opts[key] === 'string' ? [opts[key]] : []))
}

/** The subcommand `argv` runs or asks help for (`cmd …`, `help cmd`); global flags come first. */
function commandName(argv: readonly string[]): string | undefined {
  const words = argv.filter((arg) => !arg.startsWith('-'))
  return words[0] === 'help' ? words[1] : words[0]
}

/** Runs the CLI; the only place errors are caught and mapped to exit codes. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const program = await createProgram(argv)
    await program.parseAsync([...argv], { from: 'user' })
    return typeof process.exitCode === 'number' ? process.exitCode : 0
  } catch (err) {
    return report(err, argv.includes('--debug'), redactorFor(argv))
  }
}

/**
 * The last line of defence for RPC secrets: whatever an error says (an unexpected error's message,
 * a cause chain, a stack), every RPC URL the command could have used (`--rpc-url` values and the
 * `BASE_RPC_URL` / `ETH_RPC_URL` variables) is redacted from it.
 */
export function redactorFor(argv: readonly string[]): (text: string) => string {
  const urls = argv.flatMap((arg, i) =>
    arg === '--rpc-url'
      ? [argv[i + 1] ?? '']
      : arg.startsWith('--rpc-url=')
        ? [arg.slice('--rpc-url='.length)]
        : [],
  )
  for (const name of ['BASE_RPC_URL', 'ETH_RPC_URL']) urls.push(process.env[name] ?? '')
  const secrets = urls.filter((u) => u.trim() !== '').flatMap((u) => Redact.secretsOf(u.trim()))
  return (text) => Redact.redact(text, secrets)
}

function report(err: unknown, debug: boolean, redact: (text: string) => string): number {
  const write = (text: string) => process.stderr.write(redact(text))
  // Commander already printed help or the usage error. `--help`, `help` and `--version` exit 0;
  // a bad flag, or no subcommand at all (help on stderr), is a usage error.
  if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2
  if (err instanceof BaseError) {
    write(`error[${err.code}]: ${err.shortMessage}\n`)
    for (const hint of err.hints) write(`  ${hint}\n`)
    if (err.details) write(`Details: ${err.details}\n`)
    if (debug) printCauses(err, write)
    return err.exitCode
  }
  write(`error[INTERNAL]: ${err instanceof Error ? err.message : String(err)}\n`)
  if (debug && err instanceof Error && err.stack) write(`${err.stack}\n`)
  return 1
}

function printCauses(err: Error, write: (text: string) => void): void {
  let cause = err.cause
  while (cause !== undefined) {
    write(`Caused by: ${cause instanceof Error ? cause.message : String(cause)}\n`)
    cause = cause instanceof Error ? cause.cause : undefined
  }
  if (err.stack) write(`${err.stack}\n`)
}
