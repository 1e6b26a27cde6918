import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { type Command, Option } from 'commander'
import * as Dir from '../../trace/Dir.ts'
import * as DirBlocks from '../../trace/DirBlocks.ts'
import * as RangePack from '../../workload/RangePack.ts'
import { print } from '../io.ts'
import * as parse from '../parsers.ts'
import * as Progress from '../progress.ts'

type Flags = {
  readonly blocks: number
  readonly txsPerBlock: number
  readonly seed: number
  readonly firstBlock: number
  readonly out: string
}

/** Registers `generate-range-pack`. */
export function register(program: Command): void {
  program
    .command('generate-range-pack')
    .description(
      'generate a SYNTHETIC trace pack of many blocks (seeded: Zipf-popular tokens, pools and senders), for range benchmarks and tests',
    )
    .addOption(
      new Option('--blocks <n>', `blocks, 1..=${parse.limits.generatedBlocks}`)
        .argParser(parse.intIn(1, parse.limits.generatedBlocks))
        .makeOptionMandatory(),
    )
    .addOption(
      new Option('--txs-per-block <n>', `transactions per block, 1..=${parse.limits.txsPerBlock}`)
        .argParser(parse.intIn(1, parse.limits.txsPerBlock))
        .default(200),
    )
    .addOption(
      new Option('--seed <n>', 'generator seed (same seed and sizes → identical files)')
        .argParser(parse.count)
        .default(RangePack.defaults.seed),
    )
    .addOption(
      new Option('--first-block <n>', 'number of the first block (1 or more)')
        .argParser(parse.intIn(1, Number.MAX_SAFE_INTEGER - parse.limits.generatedBlocks))
        .default(RangePack.defaults.firstBlock),
    )
    .requiredOption('--out <dir>', 'trace-pack directory to write')
    .addHelpText(
      'after',
      '\nThe pack is synthetic (its manifest says so), with labels.json naming its contracts: a seeded model, not chain data. Blocks are written one by one (compact JSON), the manifest last, so an interrupted run leaves no readable pack.',
    )
    .action((flags: Flags) => {
      const options = {
        blocks: flags.blocks,
        txsPerBlock: flags.txsPerBlock,
        seed: flags.seed,
        firstBlock: flags.firstBlock,
      }
      const progress = Progress.create({
        total: flags.blocks,
        write: (text) => process.stderr.write(text),
        tty: process.stderr.isTTY === true,
      })
      rmSync(join(flags.out, 'manifest.json'), { force: true })
      for (let i = 0; i < flags.blocks; i++) {
        DirBlocks.writeCompact(flags.out, RangePack.block(options, i))
        progress.block(flags.txsPerBlock)
      }
      progress.done()
      const labels = `${JSON.stringify(RangePack.labels(), null, 2)}\n`
      Dir.writeAtomically([{ path: join(flags.out, 'labels.json'), content: labels }])
      Dir.writeManifest(flags.out, RangePack.manifest(options))
      print(
        `wrote a SYNTHETIC range of ${flags.blocks} blocks × ${flags.txsPerBlock} txs (seed ${flags.seed}) to ${flags.out}`,
      )
    })
}
