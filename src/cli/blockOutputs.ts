import * as BlockReport from '../analysis/BlockReport.ts'
import * as Format from '../report/Format.ts'
import type { BlockTrace } from '../trace/BlockTrace.ts'
import { type OutputFile, writeFiles } from './io.ts'

/** Output flags of the single-block commands (`analyze-fixture`, `analyze-trace`). */
export type Paths = { out: string; markdown: string; html: string; trace?: string }

/** Builds the single-block report and writes JSON, Markdown, HTML and the optional trace atomically. */
export function write(trace: BlockTrace, opts: Paths, command: string): BlockReport.BlockReport {
  const report = BlockReport.build(trace, { fixture: true, rpc: false })
  const paths: [Format.BlockName, string | undefined][] = [
    ['json', opts.out],
    ['markdown', opts.markdown],
    ['html', opts.html],
    ['trace', opts.trace],
  ]
  const files: OutputFile[] = []
  for (const [format, path] of paths) {
    if (path !== undefined)
      files.push({ path, content: Format.blockRenderers[format](report, command) })
  }
  writeFiles(files)
  return report
}

/** ` --out O --markdown M --html H [--trace T]` for reconstructed commands. */
export function flags(opts: Paths): string {
  const trace = opts.trace === undefined ? '' : ` --trace ${opts.trace}`
  return ` --out ${opts.out} --markdown ${opts.markdown} --html ${opts.html}${trace}`
}
