import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Command } from 'commander'
import * as Dossier from '../../analysis/Dossier.ts'
import * as Labels from '../../analysis/Labels.ts'
import * as Schedule from '../../analysis/Schedule.ts'
import { UsageError } from '../../primitives/Errors.ts'
import * as Fmt from '../../primitives/Fmt.ts'
import * as ChromeTrace from '../../report/ChromeTrace.ts'
import * as Csv from '../../report/Csv.ts'
import * as HtmlDossier from '../../report/HtmlDossier.ts'
import * as MarkdownDossier from '../../report/MarkdownDossier.ts'
import * as Memo from '../../report/Memo.ts'
import * as Dir from '../../trace/Dir.ts'
import * as Normalized from '../../trace/Normalized.ts'
import type * as TracePack from '../../trace/TracePack.ts'
import { type OutputFile, print, readJson, readText, writeFiles } from '../io.ts'
import * as parse from '../parsers.ts'

/** Default worker list of `analyze-trace-pack`. */
export const DEFAULT_WORKERS = '1,2,4,8'

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
      DEFAULT_WORKERS,
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
    .action(async (opts: Options) => {
      const paths = outputPaths(opts)
      const includeFeeRecipient = opts.includeFeeRecipient === true
      const workers = parseWorkers(opts.workers) // a bad list fails before the pack is read
      const input = loadPackInput(opts.traceDir, includeFeeRecipient)
      const dossier = analyzeInput(input, workers, opts.labels, opts.traceDir)
      const command = commandLine(opts, paths)
      writeFiles(await dossierFiles(dossier, input.blocks, paths, command))
      print(`analyzed trace pack ${opts.traceDir} into ${paths.out}`)
      print(headline(dossier))
    })
}

/** Where each dossier format goes; null = not requested. */
export type DossierPaths = {
  readonly out: string
  readonly markdown: string
  readonly html: string
  readonly trace: string | null
  readonly memo: string | null
}

/** Loads a pack, converts every block, builds the dossier and applies labels. */
export function analyzePack(
  dir: string,
  options: { workers: readonly number[]; labels: string | undefined; includeFeeRecipient: boolean },
): Dossier.Dossier {
  const input = loadPackInput(dir, options.includeFeeRecipient)
  return analyzeInput(input, options.workers, options.labels, dir)
}

/** Builds the dossier for already-loaded pack input and applies labels. */
export function analyzeInput(
  input: Omit<Dossier.Input, 'workers'>,
  workers: readonly number[],
  labels: string | undefined,
  traceDir?: string,
): Dossier.Dossier {
  // Labels first: a bad --labels file fails before the analysis, not after it.
  const known = loadLabels(labels, traceDir)
  return Labels.apply(Dossier.build({ ...input, workers }), known)
}

/** Reads a pack directory and converts each block to its normalized trace. */
export function loadPackInput(
  dir: string,
  includeFeeRecipient: boolean,
): Omit<Dossier.Input, 'workers'> {
  return packInput(Dir.read(dir), includeFeeRecipient)
}

/** Converts an already-loaded pack into dossier input (each block → its normalized trace). */
export function packInput(
  pack: TracePack.TracePack,
  includeFeeRecipient: boolean,
): Omit<Dossier.Input, 'workers'> {
  const feeRecipient = includeFeeRecipient ? 'include' : 'exclude'
  return {
    manifest: pack.manifest,
    blocks: pack.blocks.map((block) => ({
      block,
      trace: Normalized.fromBlock(block, pack.manifest, { feeRecipient }),
      feeCreditDropped: includeFeeRecipient ? 0 : Normalized.feeCreditCount(block),
    })),
    feeRecipient: includeFeeRecipient ? 'included' : 'excluded',
  }
}

/** The package root (works from src/ and dist/), for bundled data. */
export function packageRoot(): string {
  return fileURLToPath(new URL('../../../', import.meta.url))
}

/**
 * Loads contract labels: `--labels FILE`; else a `labels.json` inside the pack directory (written
 * by `generate-evm-block`); else the bundled Base labels resolved from the package (not the CWD).
 */
export function loadLabels(file: string | undefined, traceDir?: string): Labels.Labels {
  const packLabels = traceDir === undefined ? null : join(traceDir, 'labels.json')
  const path =
    file ??
    (packLabels !== null && existsSync(packLabels)
      ? packLabels
      : join(packageRoot(), 'labels', 'base-known-contracts.json'))
  if (file === undefined && !existsSync(path)) return []
  return Labels.parse(readJson(path, 'contract labels'), path)
}

/**
 * Parses `--workers`: comma list (at most `parse.limits.listEntries` entries), parts trimmed, empty
 * parts skipped, each an integer in 1..=`parse.limits.simulatedWorkers`. Errors name `--workers` (the
 * original said `--threads`).
 */
export function parseWorkers(raw: string): number[] {
  const parts = raw
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')
  if (parts.length === 0) throw new UsageError('invalid --workers list: list must not be empty')
  if (parts.length > parse.limits.listEntries)
    throw new UsageError(
      `invalid --workers list: ${parts.length} entries; at most ${parse.limits.listEntries} are accepted`,
    )
  return parts.map((p) => {
    if (!/^\d+$/.test(p) || !Number.isSafeInteger(Number(p))) {
      throw new UsageError(`invalid --workers list: invalid worker count \`${p}\``, {
        hints: ['expected positive integers such as --workers 1,2,4,8'],
      })
    }
    if (Number(p) === 0) throw new UsageError('invalid --workers list: worker count must be > 0')
    if (Number(p) > parse.limits.simulatedWorkers)
      throw new UsageError(
        `invalid --workers list: worker count ${p} is above ${parse.limits.simulatedWorkers} (simulated workers; a block has fewer parallel transactions than that)`,
      )
    return Number(p)
  })
}

/**
 * Every output file of a dossier: JSON, Markdown summary with static SVG charts in `charts/`
 * beside it, the self-contained HTML page, optional trace and memo, CSVs beside the JSON.
 */
export async function dossierFiles(
  d: Dossier.Dossier,
  blocks: Dossier.Input['blocks'],
  paths: DossierPaths,
  command: string,
): Promise<OutputFile[]> {
  const { schedule, graph } = Schedule.forDossier(d, blocks)
  // echarts costs ~0.5 s to import: load it only when a dossier is actually rendered.
  const SvgCharts = await import('../../report/SvgCharts.ts')
  const svgs = SvgCharts.render(d, { schedule, graph })
  const chartsJs = readText(
    createRequire(import.meta.url).resolve(HtmlDossier.CHARTS_MODULE),
    'chart library',
  )
  const summary = `${MarkdownDossier.render(d)}\n\n${SvgCharts.markdown(svgs, 'charts')}`
  const files: OutputFile[] = [
    { path: paths.out, content: Dossier.toJson(d) },
    { path: paths.markdown, content: summary },
    { path: paths.html, content: HtmlDossier.render(d, { chartsJs, schedule, graph, command }) },
  ]
  for (const svg of svgs) {
    files.push({ path: join(dirname(paths.markdown), 'charts', svg.name), content: svg.svg })
  }
  if (paths.trace !== null) files.push({ path: paths.trace, content: ChromeTrace.renderDossier(d) })
  if (paths.memo !== null) files.push({ path: paths.memo, content: Memo.render(d) })
  for (const csv of Csv.render(d))
    files.push({ path: join(dirname(paths.out), csv.name), content: csv.content })
  return files
}

/** The second stdout line of `analyze-trace-pack`. */
export function headline(d: Dossier.Dossier): string {
  const gas = d.theoretical_parallelism_ceiling_by_gas
  return `blocks=${d.block_count} txs=${d.tx_count} conflicts=${d.conflict_pair_count} (${Fmt.fixed(d.conflict_percentage, 3)}%) tx_ceiling=${Fmt.fixed(d.theoretical_parallelism_ceiling_by_tx, 3)}x gas_ceiling=${gas === null ? 'unavailable' : `${Fmt.fixed(gas, 3)}x`}`
}

function outputPaths(opts: Options): DossierPaths {
  const inDir = (name: string) => (opts.outDir === undefined ? null : join(opts.outDir, name))
  const out = opts.out ?? inDir('dossier.json')
  const markdown = opts.markdown ?? inDir('summary.md')
  const html = opts.html ?? inDir('dossier.html')
  if (out === null || markdown === null || html === null) {
    throw new UsageError(
      'analyze-trace-pack needs --out, --markdown and --html, or --out-dir DIR',
      {
        hints: ['example: analyze-trace-pack --trace-dir PACK --out-dir out/dossier'],
      },
    )
  }
  return {
    out,
    markdown,
    html,
    trace: opts.trace ?? inDir('schedule.trace.json'),
    memo: opts.memo ?? inDir('optimization-memo.md'),
  }
}

function commandLine(opts: Options, paths: DossierPaths): string {
  const parts = [
    'parallel-evm-lab analyze-trace-pack',
    `--trace-dir ${opts.traceDir}`,
    `--workers ${opts.workers}`,
  ]
  parts.push(`--out ${paths.out}`, `--markdown ${paths.markdown}`, `--html ${paths.html}`)
  if (paths.trace !== null) parts.push(`--trace ${paths.trace}`)
  if (paths.memo !== null) parts.push(`--memo ${paths.memo}`)
  if (opts.labels !== undefined) parts.push(`--labels ${opts.labels}`)
  if (opts.includeFeeRecipient) parts.push('--include-fee-recipient')
  return parts.join(' ')
}
