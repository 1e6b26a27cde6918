import type { Command } from 'commander'
import * as BlockReport from '../../analysis/BlockReport.ts'
import * as Fmt from '../../primitives/Fmt.ts'
import * as ChromeTrace from '../../report/ChromeTrace.ts'
import * as HtmlBlockReport from '../../report/HtmlBlockReport.ts'
import * as MarkdownBlock from '../../report/MarkdownBlock.ts'
import type { BlockTrace } from '../../trace/BlockTrace.ts'
import * as Fixture from '../../trace/Fixture.ts'
import { type OutputFile, print, readJson, writeFiles } from '../io.ts'

/** Output flags shared by the single-block commands. */
export type BlockOutputs = { out: string; markdown: string; html: string; trace?: string }

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
    .action((opts: BlockOutputs & { fixture: string }) => {
      const trace = Fixture.parse(readJson(opts.fixture, 'fixture'), opts.fixture)
      const command = `parallel-evm-lab analyze-fixture --fixture ${opts.fixture}${outputFlags(opts)}`
      const report = writeBlockReport(trace, opts, command)
      print(`analyzed ${report.tx_count} txs from ${opts.fixture} into ${opts.out}`)
      print(blockHeadline(report))
    })
}

/** Builds the single-block report and writes JSON, Markdown, HTML and the optional trace atomically. */
export function writeBlockReport(
  trace: BlockTrace,
  opts: BlockOutputs,
  command: string,
): BlockReport.BlockReport {
  const report = BlockReport.build(trace, { fixture: true, rpc: false })
  const files: OutputFile[] = [
    { path: opts.out, content: BlockReport.toJson(report) },
    { path: opts.markdown, content: MarkdownBlock.render(report) },
    { path: opts.html, content: HtmlBlockReport.render(report, command) },
  ]
  if (opts.trace !== undefined)
    files.push({ path: opts.trace, content: ChromeTrace.renderBlock(report) })
  writeFiles(files)
  return report
}

/** ` --out O --markdown M --html H [--trace T]` for reconstructed commands. */
export function outputFlags(opts: BlockOutputs): string {
  const trace = opts.trace === undefined ? '' : ` --trace ${opts.trace}`
  return ` --out ${opts.out} --markdown ${opts.markdown} --html ${opts.html}${trace}`
}

/** `conflicts=<c> waves=<w> max_width=<m> ceiling=<x>x hash=<h>`. */
export function blockHeadline(r: BlockReport.BlockReport): string {
  return `conflicts=${r.conflict_pair_count} waves=${r.wave_count} max_width=${r.max_wave_width} ceiling=${Fmt.fixed(r.theoretical_parallelism_ceiling, 3)}x hash=${r.deterministic_hash}`
}
