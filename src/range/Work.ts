/**
 * The work directory of a range run, `<out-dir>/.analyze-range/`: what `--resume` continues from.
 * `state.json` holds the run's options (a resumed run must use the same ones) and the partitions
 * whose tables are staged; `blocks-<range_start>.jsonl` holds one record per finished block, in
 * pack order, appended as each block finishes. A record is one line, so a run killed mid-write
 * leaves at most a torn last line, which `read` drops; everything before it is kept.
 */
import { appendFileSync, existsSync, readFileSync, rmSync, truncateSync } from 'node:fs'
import { join } from 'node:path'
import type { BlockSummary } from '../analysis/RangeTypes.ts'
import { BaseError } from '../primitives/Errors.ts'
import type * as Staging from '../tables/Staging.ts'
import * as Dir from '../trace/Dir.ts'
import type * as Issue from '../trace/Issue.ts'

/** The work directory's name inside the output directory. */
export const NAME = '.analyze-range'

/** One finished block: analyzed (its summary, its `blocks` row, its table offsets) or invalid. */
export type Record =
  | {
      readonly n: number
      /** The block's hash (its successor's parent-hash check reads it). */
      readonly hash: string | null
      readonly summary: BlockSummary
      readonly row: string
      /** Lengths of the partition's staged CSV parts after this block (with `--tables`). */
      readonly offsets?: Staging.Offsets
    }
  | {
      readonly n: number
      /** Present when the file parsed (an unparseable block is nobody's neighbour). */
      readonly hash?: string | null
      /** Its problems (the first `MAX_ISSUES`) and how many there were. */
      readonly issues: readonly Issue.Issue[]
      readonly issueCount: number
    }

/** Problems kept per invalid block. */
export const MAX_ISSUES = 20

/** The options a run's results depend on (a resumed run must match them). */
export type Options = { readonly [key: string]: string | number | null | readonly number[] }

/** An open work directory. */
export type Work = { readonly dir: string; readonly done: Set<number>; readonly options: Options }

/**
 * Opens the work directory of `outDir` for a run with `options`. Without `resume`, a previous
 * run's work is removed (`discarded` says whether there was one); with it, the previous run's
 * options must equal `options` (else `ResumeMismatchError`), and `resumed` says whether there was
 * anything to continue.
 */
export function open(
  outDir: string,
  options: Options,
  resume: boolean,
): { work: Work; resumed: boolean; discarded: boolean } {
  const dir = join(outDir, NAME)
  const state = join(dir, 'state.json')
  const existed = existsSync(state)
  if (resume && existed) {
    const saved = JSON.parse(readFileSync(state, 'utf8')) as { options: Options; done: number[] }
    const changed = Object.keys({ ...saved.options, ...options }).filter(
      (k) => JSON.stringify(saved.options[k]) !== JSON.stringify(options[k]),
    )
    if (changed.length > 0) throw new ResumeMismatchError(dir, changed)
    return { work: { dir, done: new Set(saved.done), options }, resumed: true, discarded: false }
  }
  rmSync(dir, { recursive: true, force: true })
  const work = { dir, done: new Set<number>(), options }
  save(work)
  return { work, resumed: false, discarded: existed }
}

/** Records `rangeStart`'s partition as staged. */
export function markDone(work: Work, rangeStart: number): void {
  work.done.add(rangeStart)
  save(work)
}

/** Appends one record to its partition's file. */
export function append(work: Work, rangeStart: number, record: Record): void {
  appendFileSync(file(work, rangeStart), `${JSON.stringify(record)}\n`)
}

/**
 * The complete records of a partition, in order, and the file's length up to the last of them
 * (a torn last line is not counted).
 */
export function read(work: Work, rangeStart: number): { records: Record[]; bytes: number } {
  const path = file(work, rangeStart)
  if (!existsSync(path)) return { records: [], bytes: 0 }
  const text = readFileSync(path, 'utf8')
  const records: Record[] = []
  let bytes = 0
  let start = 0
  for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
    const line = text.slice(start, end)
    let record: Record
    try {
      record = JSON.parse(line) as Record
    } catch {
      break
    }
    records.push(record)
    bytes += Buffer.byteLength(line) + 1
    start = end + 1
  }
  return { records, bytes }
}

/** Cuts a partition's file back to `bytes` (0 removes it). */
export function truncate(work: Work, rangeStart: number, bytes: number): void {
  const path = file(work, rangeStart)
  if (bytes === 0) rmSync(path, { force: true })
  else truncateSync(path, bytes)
}

/** Removes the work directory (after the outputs are written). */
export function remove(work: Work): void {
  rmSync(work.dir, { recursive: true, force: true })
}

function file(work: Work, rangeStart: number): string {
  return join(work.dir, `blocks-${rangeStart}.jsonl`)
}

function save(work: Work): void {
  const state = { options: work.options, done: [...work.done].sort((a, b) => a - b) }
  Dir.writeAtomically([
    { path: join(work.dir, 'state.json'), content: `${JSON.stringify(state, null, 2)}\n` },
  ])
}

/** `--resume` found a run with other options. */
export class ResumeMismatchError extends BaseError {
  override name = 'Work.ResumeMismatchError'
  constructor(dir: string, changed: readonly string[]) {
    super(
      `cannot resume: the interrupted run in ${dir} used other ${changed.join(', ')} than this one`,
      {
        code: 'RANGE_RESUME_MISMATCH',
        exitCode: 2,
        hints: [
          'rerun with the same flags to resume, or without --resume to start over (its work is discarded)',
        ],
      },
    )
  }
}
