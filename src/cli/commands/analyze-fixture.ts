import type { Command } from 'commander'
import * as Headline from '../../report/Headline.ts'
import * as Fixture from '../../trace/Fixture.ts'
import * as BlockOutputs from '../blockOutputs.ts'
import { print, readJson } from '../io.ts'

/** Registers `analyze-fixture`. */
export function register(program: Command): void {
  program
    .command('analyze-fixture')
    .description('normalized single-block fixture → parallelism report (JSON, Markdown, HTML)')
    .requiredOption('--fixture <file>', 'normalized block access trace JSON')
    .requiredOption('--out <file>', 'report JSON')
    .requiredOption('--markdown <file>', 'report Markdown')
    .requiredOption('--html <file>', 'report HTML')
    .option('--trace <file>', 'Chrome trace-event wave layout')
    .action((opts: BlockOutputs.Paths & { fixture: string }) => {
      const trace = Fixture.parse(readJson(opts.fixture, 'fixture'), opts.fixture)
      const command = `parallel-evm-lab analyze-fixture --fixture ${opts.fixture}${BlockOutputs.flags(opts)}`
      const report = BlockOutputs.write(trace, opts, command)
      print(`analyzed ${report.tx_count} txs from ${opts.fixture} into ${opts.out}`)
      print(Headline.block(report))
    })
}
