import type { Command } from 'commander'
import * as Json from '../../primitives/Json.ts'
import * as Dir from '../../trace/Dir.ts'
import * as Issue from '../../trace/Issue.ts'
import { print } from '../io.ts'

/** Output of `check`: what to print on stdout and the exit code (0 valid, 1 invalid). */
export type Result = { readonly exitCode: 0 | 1; readonly lines: readonly string[] }

/** Registers `validate-trace-pack`. */
export function register(program: Command): void {
  program
    .command('validate-trace-pack')
    .description(
      'check a trace-pack-v1 directory and report every problem (file, JSON path, value)',
    )
    .requiredOption('--trace-dir <dir>', 'trace pack directory (manifest.json + blocks/<n>.json)')
    .option('--json', 'print the issues as a JSON array')
    .action((opts: { traceDir: string; json?: boolean }) => {
      const result = check(opts.traceDir, { format: opts.json ? 'json' : 'text' })
      for (const line of result.lines) print(line)
      process.exitCode = result.exitCode
    })
}

/**
 * Validates a pack directory and renders the outcome. Throws `Dir.NotFoundError` only when there
 * is no pack at all; every data problem becomes an issue line.
 */
export function check(dir: string, options: { readonly format?: 'text' | 'json' } = {}): Result {
  const { format = 'text' } = options
  const { pack, issues } = Dir.validateDir(dir)
  if (issues.length === 1 && issues[0]?.code === 'not_found') throw new Dir.NotFoundError(dir)
  if (format === 'json') {
    return { exitCode: pack ? 0 : 1, lines: [Json.stringify(issues.map(toJson))] }
  }
  if (pack === undefined) {
    const noun = issues.length === 1 ? 'issue' : 'issues'
    return {
      exitCode: 1,
      lines: [...issues.map(Issue.render), `invalid: ${dir}: ${issues.length} ${noun}`],
    }
  }
  const txs = pack.blocks.reduce((sum, b) => sum + b.transactions.length, 0)
  const accesses = pack.blocks.reduce(
    (sum, b) => sum + b.transactions.reduce((n, t) => n + t.accesses.length, 0),
    0,
  )
  return {
    exitCode: 0,
    lines: [`ok: ${dir}: ${pack.blocks.length} blocks, ${txs} txs, ${accesses} accesses`],
  }
}

function toJson(issue: Issue.Issue): Json.Value {
  const { file, path, code, expected, value, message } = issue
  return { file, path, code, expected, value, message }
}
