import { join } from 'node:path'
import type { Command } from 'commander'
import * as Measured from '../../analysis/Measured.ts'
import * as Pipeline from '../../analysis/Pipeline.ts'
import { UsageError } from '../../primitives/Errors.ts'
import * as Format from '../../report/Format.ts'
import * as Headline from '../../report/Headline.ts'
import * as Dir from '../../trace/Dir.ts'
import * as Labels from '../../trace/Labels.ts'
import { print, writeFiles } from '../io.ts'
import * as MeasuredOption from '../measured.ts'
import { parseWorkers } from '../options.ts'
import * as Outputs from '../outputs.ts'
import * as parse from '../parsers.ts'
import * as Progress from '../progress.ts'

type Options = {
  traceDir: string
  workers: string
  out?: string
  markdown?: string
  html?: string
  trace?: string
  outDir?: string
  memo?: string
  labels?: string
  includeFeeRecipient?: boolean
  top?: number
  json?: boolean
  measured?: string[]
}

/** Where each requested format goes (the CSVs and charts go beside the JSON and the summary). */
type Paths = {
  readonly json: string
  readonly markdown: string
  readonly html: string
  readonly trace?: string
  readonly memo?: string
}

/** Registers `analyze-trace-pack`. */
export function register(program: Command): void {
  program
    .command('analyze-trace-pack')
    .description(
      'trace pack → contention dossier (JSON, Markdown, HTML, CSV sidecars, Chrome trace)',
    )
    .requiredOption('--trace-dir <dir>', 'trace pack directory')
    .option(
      '--workers <list>',
      `simulated worker counts, comma-separated, each 1..=${parse.limits.simulatedWorkers} (1 is always added: it is the speedup baseline)`,
      '1,2,4,8',
    )
    .option('--out <file>', 'dossier JSON (CSV sidecars go beside it)')
    .option('--markdown <file>', 'executive summary Markdown')
    .option('--html <file>', 'dossier HTML page')
    .option('--trace <file>', 'Chrome trace-event wave layout')
    .option('--memo <file>', 'optimization memo Markdown (generated from the dossier)')
    .option('--out-dir <dir>', 'write every format into DIR (dossier.json, summary.md, …)')
    .option(
      '--labels <file>',
      'contract labels JSON (default: <trace-dir>/labels.json if present, else the bundled labels/base-known-contracts.json)',
    )
    .option('--include-fee-recipient', 'count fee-recipient (FEE_CREDIT) credits as conflicts')
    .option(
      '--top <n>',
      `rows of every hot table, 1..=${parse.limits.topRows} (default: 10 for the range, 5 per block)`,
      parse.intIn(1, parse.limits.topRows),
    )
    .addOption(MeasuredOption.option())
    .option('--json', 'print the headline as JSON on stdout (for scripts) instead of text')
    .action(async (opts: Options) => {
      const paths = outputPaths(opts)
      const workers = parseWorkers(opts.workers) // a bad list fails before the pack is read
      const phases = Progress.phasesForCommand(opts)
      phases.start(`reading ${opts.traceDir}`)
      const pack = Dir.read(opts.traceDir)
      // Labels before the analysis: a bad --labels file fails before the work, not after it.
      const labels = Labels.forPack(opts.traceDir, opts.labels)
      const measured = Measured.build(MeasuredOption.read(opts.measured), packBlocks(pack))
      phases.done()
      const feeRecipient = opts.includeFeeRecipient ? 'include' : 'exclude'
      const progress = Progress.forCommand(pack.blocks.length, 'blocks analyzed', opts)
      const onBlock = () => progress.tick()
      const result = Pipeline.run(
        { pack, labels },
        { workers, feeRecipient, top: opts.top, onBlock, measured },
      )
      progress.done()
      const formats: Format.Name[] = ['json', 'markdown', 'html', 'charts']
      if (paths.trace !== undefined) formats.push('trace')
      if (paths.memo !== undefined) formats.push('memo')
      formats.push('csv')
      const context = { result, command: commandLine(opts, paths), chartsJs: Outputs.chartsJs() }
      phases.start('rendering the reports')
      const files = Outputs.place(await Format.render(formats, context), '.', paths)
      writeFiles(files)
      phases.done()
      if (opts.json) {
        print(
          Headline.dossierJson(
            result.dossier,
            files.map((f) => f.path),
          ),
        )
        return
      }
      print(`analyzed trace pack ${opts.traceDir} into ${paths.json}`)
      print(Headline.dossier(result.dossier))
    })
}

/** The pack's blocks as the measured reports are checked against them. */
function packBlocks(pack: ReturnType<typeof Dir.read>): Measured.PackBlock[] {
  return pack.blocks.map((b) => ({
    number: b.blockNumber,
    hash: b.blockHash,
    gasUsed: b.totalGasUsed,
  }))
}

function outputPaths(opts: Options): Paths {
  const inDir = (name: string) => (opts.outDir === undefined ? undefined : join(opts.outDir, name))
  const json = opts.out ?? inDir('dossier.json')
  const markdown = opts.markdown ?? inDir('summary.md')
  const html = opts.html ?? inDir('dossier.html')
  if (json === undefined || markdown === undefined || html === undefined) {
    throw new UsageError(
      'analyze-trace-pack needs --out, --markdown and --html, or --out-dir DIR',
      {
        hints: ['example: analyze-trace-pack --trace-dir PACK --out-dir out/dossier'],
      },
    )
  }
  const trace = opts.trace ?? inDir('schedule.trace.json')
  const memo = opts.memo ?? inDir('optimization-memo.md')
  return {
    json,
    markdown,
    html,
    ...(trace === undefined ? {} : { trace }),
    ...(memo === undefined ? {} : { memo }),
  }
}

function commandLine(opts: Options, paths: Paths): string {
  const parts = [
    'parallel-evm-lab analyze-trace-pack',
    `--trace-dir ${opts.traceDir}`,
    `--workers ${opts.workers}`,
  ]
  parts.push(`--out ${paths.json}`, `--markdown ${paths.markdown}`, `--html ${paths.html}`)
  if (paths.trace !== undefined) parts.push(`--trace ${paths.trace}`)
  if (paths.memo !== undefined) parts.push(`--memo ${paths.memo}`)
  if (opts.labels !== undefined) parts.push(`--labels ${opts.labels}`)
  if (opts.includeFeeRecipient) parts.push('--include-fee-recipient')
  if (opts.top !== undefined) parts.push(`--top ${opts.top}`)
  for (const file of opts.measured ?? []) parts.push(`--measured ${file}`)
  return parts.join(' ')
}
