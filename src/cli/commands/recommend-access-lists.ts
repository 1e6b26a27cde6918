import type { Command } from 'commander'
import * as Pipeline from '../../analysis/Pipeline.ts'
import * as Format from '../../report/Format.ts'
import * as Dir from '../../trace/Dir.ts'
import { print, writeFiles } from '../io.ts'
import * as Outputs from '../outputs.ts'
import * as Progress from '../progress.ts'

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
      async (opts: {
        traceDir: string
        out: string
        markdown?: string
        includeFeeRecipient?: boolean
      }) => {
        const pack = Dir.read(opts.traceDir)
        const feeRecipient = opts.includeFeeRecipient ? 'include' : 'exclude'
        // Hints never show labels, so none are loaded.
        const progress = Progress.forCommand(pack.blocks.length, 'blocks analyzed')
        const onBlock = () => progress.tick()
        const result = Pipeline.run({ pack, labels: [] }, { feeRecipient, onBlock })
        progress.done()
        const formats: Format.Name[] = ['hints']
        const paths: Partial<Record<Format.Name, string>> = { hints: opts.out }
        if (opts.markdown !== undefined) {
          formats.push('hints-markdown')
          paths['hints-markdown'] = opts.markdown
        }
        const context = { result, command: '', chartsJs: null }
        writeFiles(Outputs.place(await Format.render(formats, context), '.', paths))
        print(`wrote ${result.dossier.tx_count} observed access hint(s) to ${opts.out}`)
      },
    )
}
