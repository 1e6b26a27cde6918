/**
 * Range-level trace-pack checks (docs/original-lab.md §2.3 steps 3–4): block count, missing blocks
 * (bounded work whatever the range), and parent-hash chaining.
 */
import type * as Issue from './Issue.ts'
import type { Block, Manifest, TracePack } from './TracePack.ts'

/** Receives one issue's fields; the caller fixes the file. */
export type Sink = (
  fields: Omit<Issue.Issue, 'value' | 'file'> & { readonly value: unknown },
) => void

/** Most missing block numbers listed one by one before a single summary issue. */
export const MAX_MISSING_LISTED = 20

/** Path of a block file relative to the pack directory. */
export function blockFile(blockNumber: number): string {
  return `blocks/${blockNumber}.json`
}

/** Block count and missing blocks over the manifest range, without enumerating a huge range. */
export function checkCount(
  pack: TracePack,
  unreadable: readonly number[],
  sink: Sink,
  sinkFor: (rel: string) => Sink,
): void {
  checkPresent(
    pack.manifest,
    [...pack.blocks.map((b) => b.blockNumber), ...unreadable],
    sink,
    sinkFor,
  )
}

/**
 * The same from the block numbers that have a file (readable or not): block count and missing
 * blocks, of the range or of a sparse pack's `block_numbers`.
 */
export function checkPresent(
  manifest: Manifest,
  numbers: readonly number[],
  sink: Sink,
  sinkFor: (rel: string) => Sink,
): void {
  const { startBlock: start, endBlock: end, blockNumbers } = manifest
  if (start > end) return
  if (blockNumbers !== undefined) {
    checkListed(blockNumbers, numbers, sinkFor)
    return
  }
  const expected = end - start + 1
  const loaded = numbers.length
  if (loaded !== expected) {
    sink({
      path: 'end_block',
      code: 'block_count_mismatch',
      expected: `${expected} block files (start_block..=end_block)`,
      value: loaded,
      message: `manifest range expects ${expected} block files but loaded ${loaded}`,
    })
  }
  const present = [...new Set(numbers)].filter((n) => n >= start && n <= end).sort((a, b) => a - b)
  const missingCount = expected - present.length
  let listed = 0
  let next = start
  for (const n of [...present, end + 1]) {
    for (; next < n && listed < MAX_MISSING_LISTED; next++, listed++) {
      sinkFor(blockFile(next))({
        path: '',
        code: 'missing_block',
        expected: `a block file for every number in ${start}..=${end}`,
        value: undefined,
        message: `manifest range is missing block ${next}`,
      })
    }
    if (listed >= MAX_MISSING_LISTED) break
    next = n + 1
  }
  if (missingCount > listed) {
    sink({
      path: 'end_block',
      code: 'missing_blocks',
      expected: `a block file for every number in ${start}..=${end}`,
      value: missingCount,
      message: `manifest range is missing ${missingCount - listed} more blocks not listed individually`,
    })
  }
}

/** A sparse pack: every listed block present (at most `MAX_MISSING_LISTED` reported one by one). */
function checkListed(
  listed: readonly number[],
  numbers: readonly number[],
  sinkFor: (rel: string) => Sink,
): void {
  const present = new Set(numbers)
  const missing = listed.filter((n) => !present.has(n))
  for (const n of missing.slice(0, MAX_MISSING_LISTED))
    sinkFor(blockFile(n))({
      path: '',
      code: 'missing_block',
      expected: 'a block file for every number in block_numbers',
      value: undefined,
      message: `manifest block_numbers lists block ${n}, which has no file`,
    })
  if (missing.length > MAX_MISSING_LISTED)
    sinkFor('manifest.json')({
      path: 'block_numbers',
      code: 'missing_blocks',
      expected: 'a block file for every number in block_numbers',
      value: missing.length,
      message: `manifest block_numbers lists ${missing.length - MAX_MISSING_LISTED} more missing blocks not listed individually`,
    })
}

/** Parent-hash chaining between consecutive block numbers (reported on the later block). */
export function checkContinuity(blocks: readonly Block[], sinkFor: (rel: string) => Sink): void {
  for (let i = 1; i < blocks.length; i++) {
    const block = blocks[i]!
    checkParent(blocks[i - 1]!, block, sinkFor(blockFile(block.blockNumber)))
  }
}

/**
 * Parent-hash chaining of one pair: when `block` directly follows `previous` and both hashes are
 * known, `block.parentHash` must be `previous.blockHash` (a streaming reader checks pair by pair).
 */
export function checkParent(
  previous: Pick<Block, 'blockNumber' | 'blockHash'>,
  block: Pick<Block, 'blockNumber' | 'parentHash'>,
  sink: Sink,
): void {
  if (block.blockNumber !== previous.blockNumber + 1) return
  const { blockHash: hash } = previous
  const { parentHash: parent } = block
  if (hash === null || parent === null || hash === parent) return
  sink({
    path: 'parent_hash',
    code: 'parent_hash_mismatch',
    expected: `the previous block's hash ${hash}`,
    value: parent,
    message: `parent_hash \`${parent}\` does not match previous block ${previous.blockNumber} hash \`${hash}\``,
  })
}
