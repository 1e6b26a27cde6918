/**
 * `--measured FILE` (repeatable), shared by `analyze-trace-pack` and `analyze-range`: the
 * `replay --json` / `--out` reports whose Block-STM and BAL-parallel timings become the execution
 * ladder's measured rung (`analysis/Measured.ts`). Read and checked before any analysis.
 */
import { Option } from 'commander'
import * as Measured from '../analysis/Measured.ts'
import { UsageError } from '../primitives/Errors.ts'
import { readJson } from './io.ts'
import * as parse from './parsers.ts'

/** The option: each use adds a file, at most `limits.measuredReports`. */
export function option(): Option {
  return new Option(
    '--measured <file>',
    `a replay JSON report (replay --engine block-stm|bal --threads … --out FILE) whose timings fill the ladder's measured rung; repeatable, at most ${parse.limits.measuredReports}; timings never enter the hash`,
  ).argParser((value: string, previous: string[] | undefined) => {
    const files = [...(previous ?? []), value]
    if (files.length > parse.limits.measuredReports)
      throw new UsageError(
        `--measured: at most ${parse.limits.measuredReports} reports (got ${files.length})`,
      )
    return files
  })
}

/** Reads and parses every report (a bad file fails naming it, the JSON path and what was expected). */
export function read(files: readonly string[] | undefined): Measured.Report[] {
  return (files ?? []).map((file) => Measured.parse(readJson(file, 'replay report'), file))
}
