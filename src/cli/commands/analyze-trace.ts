import type { Command } from 'commander'
import { UsageError } from '../../primitives/Errors.ts'
import * as Headline from '../../report/Headline.ts'
import * as Geth from '../../trace/Geth.ts'
import * as BlockOutputs from '../blockOutputs.ts'
import { print, readJson } from '../io.ts'

/** Registers `analyze-trace`. */
export function register(program: Command): void {
  program
    .command('analyze-trace')
    .description(
      'Geth struct-log fixture → parallelism report (storage accesses only: a lower bound)',
    )
    .requiredOption('--format <format>', 'input format (only geth-struct-logs)')
    .requiredOption('--fixture <file>', 'Geth struct-log fixture JSON')
    .requiredOption('--out <file>', 'report JSON')
    .requiredOption('--markdown <file>', 'report Markdown')
    .requiredOption('--html <file>', 'report HTML')
    .option('--trace <file>', 'Chrome trace-event wave layout')
    .action((opts: BlockOutputs.Paths & { fixture: string; format: string }) => {
      if (opts.format !== 'geth-struct-logs') {
        throw new UsageError(`unknown --format \`${opts.format}\`; expected geth-struct-logs`)
      }
      const trace = Geth.parse(
        readJson(opts.fixture, 'geth-struct-logs trace fixture'),
        opts.fixture,
      )
      const command = `parallel-evm-lab analyze-trace --format geth-struct-logs --fixture ${opts.fixture}${BlockOutputs.flags(opts)}`
      const report = BlockOutputs.write(trace, opts, command)
      print(
        `analyzed geth-struct-logs ${report.tx_count} txs from ${opts.fixture} into ${opts.out}`,
      )
      print(Headline.block(report))
    })
}
