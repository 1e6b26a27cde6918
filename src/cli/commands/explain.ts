import type { Command } from 'commander'
import * as Explain from '../../analysis/Explain.ts'
import * as Pipeline from '../../analysis/Pipeline.ts'
import { UsageError } from '../../primitives/Errors.ts'
import * as Json from '../../primitives/Json.ts'
import * as ExplainText from '../../report/ExplainText.ts'
import * as Dir from '../../trace/Dir.ts'
import { print } from '../io.ts'

/** Registers `explain`. */
export function register(program: Command): void {
  program
    .command('explain')
    .description(
      'why a tx sits in its wave: direct dependencies, keys and edge types, longest chain to a root',
    )
    .requiredOption('--trace-dir <dir>', 'trace pack directory')
    .requiredOption('--block <n>', 'block number')
    .requiredOption('--tx <i>', 'tx_index within the block')
    .option('--json', 'print JSON instead of text')
    .option('--include-fee-recipient', 'count fee-recipient (FEE_CREDIT) credits as conflicts')
    .action(
      (opts: {
        traceDir: string
        block: string
        tx: string
        json?: boolean
        includeFeeRecipient?: boolean
      }) => {
        const blockNumber = integer('--block', opts.block)
        const txIndex = integer('--tx', opts.tx)
        const pack = Dir.read(opts.traceDir)
        const feeRecipient = opts.includeFeeRecipient ? 'include' : 'exclude'
        // Blocks are analyzed independently, so only the asked block is.
        const only = { ...pack, blocks: pack.blocks.filter((b) => b.blockNumber === blockNumber) }
        const block = Pipeline.run({ pack: only, labels: [] }, { feeRecipient }).blocks[0]
        if (block === undefined) {
          const { startBlock, endBlock } = pack.manifest
          throw new UsageError(
            `trace pack ${opts.traceDir} has no block ${blockNumber} (range ${startBlock}..${endBlock})`,
          )
        }
        const explanation = Explain.build(block, txIndex)
        if (opts.json) print(Json.stringify(explanation as unknown as Json.Value))
        else process.stdout.write(ExplainText.render(explanation))
      },
    )
}

function integer(flag: string, raw: string): number {
  const value = Number(raw)
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value)) {
    throw new UsageError(`invalid ${flag} \`${raw}\`; expected a non-negative integer`)
  }
  return value
}
