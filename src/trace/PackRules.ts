/**
 * The semantic checks of trace-pack-v1 (docs/original-lab.md §2.3 validation steps 1–4), run on a
 * normalized pack. Messages are the original lab's; every problem is reported, not only the first.
 */
import { join } from 'node:path'
import * as Fields from './Fields.ts'
import * as Issue from './Issue.ts'
import { blockFile, checkContinuity, checkCount, type Sink } from './PackRange.ts'
import type { Block, Manifest, TracePack, Tx } from './TracePack.ts'

/** Options of `check`. */
export type Options = {
  /** Directory the pack lives in; issue files are `<dir>/manifest.json`, `<dir>/blocks/<n>.json`. */
  readonly dir?: string
  /** Block numbers whose files exist but could not be parsed: they count as present. */
  readonly unreadable?: readonly number[]
}

const { HASH, ADDRESS, HASH_FORM, ADDRESS_FORM } = Fields
const U64_MAX = 2n ** 64n - 1n

/** Runs every semantic check; returns the issues unsorted. */
export function check(pack: TracePack, options: Options = {}): Issue.Issue[] {
  const { dir, unreadable = [] } = options
  const issues: Issue.Issue[] = []
  const fileOf = (rel: string) => inDir(dir, rel)
  const sinkFor =
    (rel: string): Sink =>
    (fields) =>
      issues.push(Issue.from({ file: fileOf(rel), ...fields }))
  const manifestSink = sinkFor('manifest.json')
  checkManifest(pack.manifest, manifestSink)
  const seen = new Set<number>()
  for (const block of pack.blocks) {
    const sink = sinkFor(blockFile(block.blockNumber))
    checkPlacement(block, pack.manifest, seen, sink)
    seen.add(block.blockNumber)
    checkBlock(block, sink)
  }
  checkCount(pack, unreadable, manifestSink, sinkFor)
  checkContinuity(pack.blocks, sinkFor)
  return issues
}

/** Runs the checks that need only one block (hashes, addresses, counts, gas); unsorted issues. */
export function checkBlockAlone(block: Block, options: Options = {}): Issue.Issue[] {
  const issues: Issue.Issue[] = []
  const rel = blockFile(block.blockNumber)
  const file = inDir(options.dir, rel)
  checkBlock(block, (fields) => issues.push(Issue.from({ file, ...fields })))
  return issues
}

/**
 * Runs one block's checks against its manifest (chain, range) and on its own, as `check` does for
 * that block (a streaming reader checks block by block; neighbours: `PackRange.checkParent`).
 */
export function checkBlockInPack(
  block: Block,
  manifest: Manifest,
  options: Options = {},
): Issue.Issue[] {
  const issues: Issue.Issue[] = []
  const file = inDir(options.dir, blockFile(block.blockNumber))
  const sink: Sink = (fields) => issues.push(Issue.from({ file, ...fields }))
  checkPlacement(block, manifest, new Set(), sink)
  checkBlock(block, sink)
  return issues
}

/** Runs the checks that need only the manifest (schema, blank fields, range); unsorted issues. */
export function checkManifestAlone(manifest: Manifest, options: Options = {}): Issue.Issue[] {
  const issues: Issue.Issue[] = []
  const rel = 'manifest.json'
  const file = inDir(options.dir, rel)
  checkManifest(manifest, (fields) => issues.push(Issue.from({ file, ...fields })))
  return issues
}

/** A sparse pack's `block_numbers`: strictly ascending, from `start_block` to `end_block`. */
function checkBlockNumbers(m: Manifest, sink: Sink): void {
  const numbers = m.blockNumbers
  if (numbers === undefined) return
  const expected = `block numbers strictly ascending from start_block (${m.startBlock}) to end_block (${m.endBlock})`
  const bad = numbers.findIndex((n, i) =>
    i === 0 ? n !== m.startBlock : n <= (numbers[i - 1] ?? n),
  )
  const last = numbers[numbers.length - 1]
  if (bad >= 0 || last !== m.endBlock)
    sink({
      path: bad >= 0 ? `block_numbers[${bad}]` : 'block_numbers',
      code: 'invalid_block_numbers',
      expected,
      value: bad >= 0 ? numbers[bad] : last,
      message: `block_numbers must list ${expected}`,
    })
}

function checkManifest(m: Manifest, sink: Sink): void {
  if (m.schemaVersion !== 'trace-pack-v1') {
    sink({
      path: 'schema_version',
      code: 'unsupported_schema_version',
      expected: 'trace-pack-v1',
      value: m.schemaVersion,
      message: `unsupported schema_version \`${m.schemaVersion}\`; expected \`trace-pack-v1\``,
    })
  }
  const required = [
    ['chain', m.chain],
    ['source', m.source],
    ['provenance', m.provenance],
    ['tracer_kind', m.tracerKind],
  ] as const
  for (const [key, value] of required) {
    if (value.trim() !== '') continue
    sink({
      path: key,
      code: 'empty_field',
      expected: 'a non-blank string',
      value,
      message: `${key} must not be empty`,
    })
  }
  if (m.startBlock > m.endBlock) {
    sink({
      path: 'start_block',
      code: 'invalid_range',
      expected: `start_block <= end_block (${m.endBlock})`,
      value: m.startBlock,
      message: 'start_block must be <= end_block',
    })
  }
  checkBlockNumbers(m, sink)
}

function checkPlacement(block: Block, m: Manifest, seen: Set<number>, sink: Sink): void {
  const n = block.blockNumber
  if (seen.has(n)) {
    sink({
      path: 'block_number',
      code: 'duplicate_block',
      expected: 'each block number once',
      value: n,
      message: `trace pack contains duplicate block ${n}`,
    })
  }
  if (block.chain !== m.chain) {
    sink({
      path: 'chain',
      code: 'chain_mismatch',
      expected: `the manifest chain \`${m.chain}\``,
      value: block.chain,
      message: `block chain \`${block.chain}\` does not match manifest chain \`${m.chain}\``,
    })
  }
  if (n < m.startBlock || n > m.endBlock) {
    sink({
      path: 'block_number',
      code: 'block_out_of_range',
      expected: `a block number in ${m.startBlock}..=${m.endBlock}`,
      value: n,
      message: 'block number outside manifest range',
    })
  }
}

function checkBlock(block: Block, sink: Sink): void {
  const n = block.blockNumber
  for (const [key, value] of [
    ['block_hash', block.blockHash],
    ['parent_hash', block.parentHash],
  ] as const) {
    if (value === null || HASH.test(value)) continue
    sink({
      path: key,
      code: 'invalid_hash',
      expected: HASH_FORM,
      value,
      message: `invalid ${key} \`${value}\`; expected ${HASH_FORM}`,
    })
  }
  if (block.txCount !== block.transactions.length) {
    sink({
      path: 'tx_count',
      code: 'tx_count_mismatch',
      expected: `${block.transactions.length} (the number of transactions)`,
      value: block.txCount,
      message: `tx_count ${block.txCount} does not match ${block.transactions.length} transactions`,
    })
  }
  if (block.sourceTxCount !== null && block.sourceTxCount < block.txCount) {
    sink({
      path: 'source_tx_count',
      code: 'source_tx_count_too_small',
      expected: `at least tx_count (${block.txCount})`,
      value: block.sourceTxCount,
      message: `source_tx_count ${block.sourceTxCount} is smaller than included tx_count ${block.txCount}`,
    })
  }
  const indices = new Set<number>()
  block.transactions.forEach((tx, i) => {
    checkTx(n, tx, `transactions[${i}]`, indices.has(tx.txIndex), sink)
    indices.add(tx.txIndex)
  })
  checkGas(block, sink)
}

function checkTx(n: number, tx: Tx, path: string, duplicate: boolean, sink: Sink): void {
  const at = `block ${n} tx_index ${tx.txIndex}`
  if (duplicate) {
    sink({
      path: `${path}.tx_index`,
      code: 'duplicate_tx_index',
      expected: 'each tx_index once per block',
      value: tx.txIndex,
      message: `trace pack block ${n} contains duplicate tx_index ${tx.txIndex}`,
    })
  }
  if (!HASH.test(tx.txHash)) {
    sink({
      path: `${path}.tx_hash`,
      code: 'invalid_tx_hash',
      expected: HASH_FORM,
      value: tx.txHash,
      message: `invalid tx hash at ${at}: \`${clip(tx.txHash)}\`; expected ${HASH_FORM}`,
    })
  }
  for (const key of ['from', 'to'] as const) {
    const value = tx[key]
    if (value !== null) address(value, `${path}.${key}`, `${at} ${key}`, sink)
  }
  tx.accesses.forEach((access, j) => {
    const here = `${path}.accesses[${j}]`
    address(access.address, `${here}.address`, `${at} access ${j} address`, sink)
    if (access.slot !== null && !HASH.test(access.slot)) {
      sink({
        path: `${here}.slot`,
        code: 'invalid_slot',
        expected: HASH_FORM,
        value: access.slot,
        message: `invalid storage key at ${at} access ${j}: \`${clip(access.slot)}\`; expected ${HASH_FORM}`,
      })
    }
    if (access.slot === null && (access.op === 'SLOAD' || access.op === 'SSTORE')) {
      sink({
        path: `${here}.slot`,
        code: 'missing_slot',
        expected: HASH_FORM,
        value: null,
        message: `invalid access at ${at} access ${j}: SLOAD/SSTORE access must include a storage slot`,
      })
    }
  })
}

function address(value: string, path: string, location: string, sink: Sink): void {
  if (ADDRESS.test(value)) return
  sink({
    path,
    code: 'invalid_address',
    expected: ADDRESS_FORM,
    value,
    message: `invalid address at ${location}: \`${clip(value)}\`; expected ${ADDRESS_FORM}`,
  })
}

function checkGas(block: Block, sink: Sink): void {
  if (block.totalGasUsed === null) return
  let sum = 0n
  for (const tx of block.transactions) {
    if (tx.gasUsed === null) return
    sum += BigInt(tx.gasUsed)
  }
  if (sum > U64_MAX) {
    sink({
      path: 'total_gas_used',
      code: 'gas_overflow',
      expected: 'a sum of gas_used values that fits in u64',
      value: sum,
      message: 'sum of transaction gas_used values overflows u64',
    })
  } else if (sum !== BigInt(block.totalGasUsed)) {
    sink({
      path: 'total_gas_used',
      code: 'gas_mismatch',
      expected: `${sum} (the sum of transaction gas_used values)`,
      value: block.totalGasUsed,
      message: `total_gas_used ${block.totalGasUsed} does not match sum of transaction gas_used values ${sum}`,
    })
  }
}

/** The file name issues carry: `rel` joined to the pack directory when one is given. */
function inDir(dir: string | undefined, rel: string): string {
  return dir === undefined || dir === '' ? rel : join(dir, rel)
}

function clip(text: string): string {
  return text.length <= Issue.MAX_VALUE_CHARS ? text : `${text.slice(0, Issue.MAX_VALUE_CHARS)}…`
}
