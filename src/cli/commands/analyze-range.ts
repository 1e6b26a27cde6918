import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { type Command, Option } from 'commander'
import * as Run from '../../range/Run.ts'
import * as Format from '../../report/Format.ts'
import * as Headline from '../../report/Headline.ts'
import * as Labels from '../../trace/Labels.ts'
import { checkWritable, print, printErr, writeFiles } from '../io.ts'
import * as MeasuredOption from '../measured.ts'
import { parseWorkers } from '../options.ts'
import * as parse from '../parsers.ts'
import * as Progress from '../progress.ts'

type Flags = {
  readonly traceDir: string
  readonly outDir: string
  readonly tables?: string
  readonly workers: string
  readonly threads: number
  readonly labels?: string
  readonly includeFeeRecipient?: boolean
  readonly skipInvalidBlocks?: boolean
  readonly resume?: boolean
  readonly partitionBlocks: number
  readonly measured?: string[]
}

/** Registers `analyze-range`. */
export function register(program: Command): void {
  program
    .command('analyze-range')
    .description(
      'trace pack of any length → range dossier (distributions, time series, hot state) block by block in bounded memory, optional Parquet tables',
    )
    .requiredOption('--trace-dir <dir>', 'trace pack directory')
    .requiredOption(
      '--out-dir <dir>',
      'write range.json, summary.md, charts/, range.html and blocks.csv here',
    )
    .option(
      '--tables <dir>',
      'also write Parquet tables (blocks, txs, keys, edges) here, through DuckDB (docs/tables.md)',
    )
    .option(
      '--workers <list>',
      `simulated worker counts, comma-separated, each 1..=${parse.limits.simulatedWorkers} (1 is always added)`,
      '1,2,4,8',
    )
    .addOption(
      new Option(
        '--threads <n>',
        `worker threads analyzing blocks (at most max(16, 2 × cores), or ${parse.MAX_THREADS_ENV})`,
      )
        .argParser(parse.threadCount)
        .default(availableParallelism(), 'one per core'),
    )
    .option(
      '--labels <file>',
      'contract labels JSON (default: <trace-dir>/labels.json if present, else the bundled labels)',
    )
    .option('--include-fee-recipient', 'count fee-recipient (FEE_CREDIT) credits as conflicts')
    .option(
      '--skip-invalid-blocks',
      'analyze the other blocks when a block file is invalid or missing, and list it in the dossier (default: the first one fails the run)',
    )
    .option(
      '--resume',
      'continue the interrupted run whose work is in <out-dir>/.analyze-range (same flags)',
    )
    .addOption(
      new Option(
        '--partition-blocks <n>',
        `block numbers per table partition (range_start = n − n mod this), 1..=${parse.limits.partitionBlocks}`,
      )
        .argParser(parse.intIn(1, parse.limits.partitionBlocks))
        .default(Run.PARTITION_BLOCKS),
    )
    .addOption(MeasuredOption.option())
    .addHelpText(
      'after',
      '\nCtrl-C stops the run and writes no output; rerun with --resume to continue. Range dossier and tables: docs/range.md, docs/tables.md.',
    )
    .action(async (flags: Flags) => {
      const workers = parseWorkers(flags.workers)
      if (flags.tables !== undefined) checkWritable([flags.tables])
      const labels = Labels.forPack(flags.traceDir, flags.labels)
      const measured = MeasuredOption.read(flags.measured)
      const controller = new AbortController()
      const interrupt = () => controller.abort()
      process.once('SIGINT', interrupt)
      let progress: ReturnType<typeof Progress.create> | undefined
      const onBlock = (_done: number, total: number, txs: number) => {
        progress ??= Progress.create({
          total,
          write: (text) => process.stderr.write(text),
          tty: process.stderr.isTTY === true,
        })
        progress.block(txs)
      }
      try {
        const result = await Run.run({
          dir: flags.traceDir,
          outDir: flags.outDir,
          tables: flags.tables,
          workers,
          threads: flags.threads,
          feeRecipient: flags.includeFeeRecipient ? 'include' : 'exclude',
          labels,
          skipInvalid: flags.skipInvalidBlocks === true,
          resume: flags.resume === true,
          partitionBlocks: flags.partitionBlocks,
          measured,
          signal: controller.signal,
          onBlock,
        })
        progress?.done()
        if (result.discarded)
          printErr(`note: discarded the work of an earlier unfinished run in ${flags.outDir}`)
        if (result.resumedBlocks > 0)
          printErr(`resumed: ${result.resumedBlocks} blocks taken over from the interrupted run`)
        const context = {
          dossier: result.dossier,
          blocksCsv: result.blocksCsv,
          command: commandLine(flags),
        }
        const files = await Format.renderRange(
          ['json', 'markdown', 'charts', 'html', 'csv'],
          context,
        )
        writeFiles(files.map((f) => ({ path: join(flags.outDir, f.path), content: f.content })))
        result.cleanup()
        print(`analyzed trace pack ${flags.traceDir} block by block into ${flags.outDir}`)
        if (flags.tables !== undefined) print(`tables: ${flags.tables}`)
        print(Headline.range(result.dossier))
        for (const s of result.dossier.skipped_blocks.slice(0, 20))
          printErr(`skipped block ${s.block_number}: ${s.issues[0] ?? ''}`)
      } finally {
        progress?.clear()
        process.removeListener('SIGINT', interrupt)
      }
    })
}

function commandLine(flags: Flags): string {
  const parts = [
    'parallel-evm-lab analyze-range',
    `--trace-dir ${flags.traceDir}`,
    `--out-dir ${flags.outDir}`,
  ]
  if (flags.tables !== undefined) parts.push(`--tables ${flags.tables}`)
  parts.push(`--workers ${flags.workers}`)
  if (flags.labels !== undefined) parts.push(`--labels ${flags.labels}`)
  if (flags.includeFeeRecipient) parts.push('--include-fee-recipient')
  if (flags.skipInvalidBlocks) parts.push('--skip-invalid-blocks')
  if (flags.partitionBlocks !== Run.PARTITION_BLOCKS)
    parts.push(`--partition-blocks ${flags.partitionBlocks}`)
  for (const file of flags.measured ?? []) parts.push(`--measured ${file}`)
  return parts.join(' ')
}
