/**
 * Folding a range's blocks, in pack order, into its aggregates: each worker reply becomes a work
 * record (analyzed, or invalid with its problems, after the parent-hash check against the block
 * before it), and each record — new or replayed by `--resume` — is added to the range.
 */
import * as Range from '../analysis/Range.ts'
import type { SkippedBlock } from '../analysis/RangeTypes.ts'
import * as Dir from '../trace/Dir.ts'
import * as DirBlocks from '../trace/DirBlocks.ts'
import * as Issue from '../trace/Issue.ts'
import * as Errors from './Errors.ts'
import type { BlockReply, Parsed } from './protocol.ts'
import * as Work from './Work.ts'

/** The running state the ordered stream of blocks updates. */
export type State = {
  readonly acc: Range.Accumulator
  /** The last block that parsed (its successor's parent-hash check). */
  previous: Pick<Parsed, 'blockNumber' | 'blockHash'> | undefined
  done: number
  readonly skipInvalid: boolean
  readonly dir: string
}

/** The record of one reply; an invalid block fails the run unless invalid blocks are skipped. */
export function recordOf(state: State, reply: BlockReply): Work.Record {
  const parent =
    reply.parsed !== undefined && state.previous !== undefined
      ? DirBlocks.parentIssue(state.dir, state.previous, reply.parsed)
      : undefined
  const issues = [...(reply.kind === 'invalid' ? reply.issues : []), ...(parent ? [parent] : [])]
  const hash = reply.parsed?.blockHash
  if (issues.length === 0 && reply.kind === 'analyzed') {
    return { n: reply.number, hash: hash ?? null, summary: reply.summary, row: reply.row }
  }
  const sorted = Issue.sort(issues)
  if (!state.skipInvalid) throw new Errors.InvalidBlockError(state.dir, sorted)
  return {
    n: reply.number,
    ...(hash === undefined ? {} : { hash }),
    issues: sorted.slice(0, Work.MAX_ISSUES),
    issueCount: sorted.length,
  }
}

/** Folds one record into the range (replayed or new). */
export function apply(state: State, record: Work.Record): void {
  if (record.hash !== undefined) state.previous = { blockNumber: record.n, blockHash: record.hash }
  if ('summary' in record) {
    Range.add(state.acc, record.summary)
    return
  }
  if (!state.skipInvalid) throw new Errors.InvalidBlockError(state.dir, record.issues)
  Range.skip(state.acc, skippedOf(state.dir, record.n, record.issues, record.issueCount))
}

function skippedOf(
  dir: string,
  n: number,
  issues: readonly Issue.Issue[],
  count: number,
): SkippedBlock {
  return {
    block_number: n,
    file: Dir.blockPath(dir, n),
    issue_count: count,
    issues: issues.slice(0, 5).map(Issue.render),
  }
}

/** Lists a block the manifest names but that has no file (from its `missing_block` issue). */
export function listMissing(acc: Range.Accumulator, issue: Issue.Issue): void {
  const match = /(\d+)\.json$/.exec(issue.file)
  if (issue.code !== 'missing_block' || match === null) return
  Range.missing(acc, {
    block_number: Number(match[1]),
    file: issue.file,
    issue_count: 1,
    issues: [Issue.render(issue)],
  })
}
