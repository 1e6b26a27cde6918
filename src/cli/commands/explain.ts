import type { Command } from 'commander'
import * as Explain from '../../analysis/Explain.ts'
import * as Pipeline from '../../analysis/Pipeline.ts'
import { UsageError } from '../../primitives/Errors.ts'
import * as Json from '../../primitives/Json.ts'
import * as ExplainText from '../../report/ExplainText.ts'
import * as Dir from '../../trace/Dir.ts'
import * as Labels from '../../trace/Labels.ts'
import { print } from '../io.ts'
import * as parse from '../parsers.ts'

type Options = {
  traceDir: string
  block: string
  tx: string
  json?: boolean
  includeFeeRecipient?: boolean
  labels?: string
  top: number
  full?: boolean
}

/** Registers `explain`. */
export function register(program: Command): void {
  program
    .command('explain')
    .description(
      'why a tx sits in its wave: the keys and earlier txs that hold it back most, its dependencies and longest chain to a root',
    )
    .requiredOption('--trace-dir <dir>', 'trace pack directory (only the asked block is read)')
    .requiredOption('--block <n>', 'block number')
    .requiredOption('--tx <i>', 'tx_index within the block')
    .option(
      '--labels <file>',
      'contract labels JSON (default: <trace-dir>/labels.json if present, else the bundled labels/base-known-contracts.json)',
    )
    .option(
      '--top <n>',
      `rows of each summary list and steps of the chain shown, 1..=${parse.limits.topRows}`,
      parse.intIn(1, parse.limits.topRows),
      5,
    )
    .option(
      '--full',
      'also list every direct dependency with every shared key, and the whole chain',
    )
    .option('--json', 'print JSON instead of text (always complete)')
    .option('--include-fee-recipient', 'count fee-recipient (FEE_CREDIT) credits as conflicts')
    .action((opts: Options) => {
      const blockNumber = integer('--block', opts.block)
      const txIndex = integer('--tx', opts.tx)
      // Only the manifest and the asked block are read: blocks are analyzed independently, and a
      // bad file elsewhere in the pack must not stop an explanation of a good block.
      const pack = Dir.readOne(opts.traceDir, blockNumber)
      const labels = Labels.forPack(opts.traceDir, opts.labels)
      const feeRecipient = opts.includeFeeRecipient ? 'include' : 'exclude'
      const block = Pipeline.run({ pack, labels }, { feeRecipient }).blocks[0]
      if (block === undefined) {
        const { startBlock, endBlock } = pack.manifest
        throw new UsageError(
          `trace pack ${opts.traceDir} has no block ${blockNumber} (range ${startBlock}..${endBlock})`,
        )
      }
      const explanation = Explain.build(block, txIndex, { labels })
      if (opts.json) print(Json.stringify(explanation as unknown as Json.Value))
      else {
        const { top, full } = opts
        process.stdout.write(ExplainText.render(explanation, { top, full, labels }))
      }
    })
}

function integer(flag: string, raw: string): number {
  const value = Number(raw)
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value)) {
    throw new UsageError(`invalid ${flag} \`${raw}\`; expected a non-negative integer`)
  }
  return value
}
