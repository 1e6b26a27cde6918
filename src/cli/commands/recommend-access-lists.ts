import type { Command } from 'commander'
import * as AccessHints from '../../analysis/AccessHints.ts'
import * as MarkdownHints from '../../report/MarkdownHints.ts'
import { type OutputFile, print, writeFiles } from '../io.ts'
import { loadPackInput } from './analyze-trace-pack.ts'

/** Registers `recommend-access-lists`. */
export function register(program: Command): void {
  program
    .command('recommend-access-lists')
    .description(
      'observed access hints per tx (EIP-2930 shaped, observed only: not complete access lists)',
    )
    .requiredOption('--trace-dir <dir>', 'trace pack directory')
    .requiredOption('--out <file>', 'hints JSON')
    .option('--markdown <file>', 'hints Markdown')
    .option(
      '--include-fee-recipient',
      'keep fee-recipient (FEE_CREDIT) credits in the observations',
    )
    .action(
      (opts: {
        traceDir: string
        out: string
        markdown?: string
        includeFeeRecipient?: boolean
      }) => {
        const report = AccessHints.build(
          loadPackInput(opts.traceDir, opts.includeFeeRecipient === true),
        )
        const files: OutputFile[] = [{ path: opts.out, content: AccessHints.toJson(report) }]
        if (opts.markdown !== undefined)
          files.push({ path: opts.markdown, content: MarkdownHints.render(report) })
        writeFiles(files)
        print(`wrote ${report.tx_hints.length} observed access hint(s) to ${opts.out}`)
      },
    )
}
