/**
 * EIP-7928 access lists → trace-pack-v1 (`import-bal`, `collect-block-range --tracer bal`). A BAL
 * gives, per transaction, exactly what it changed (post-values by block access index); reads it
 * records per block only. So each transaction gets its writes (slots as SSTORE, account fields as
 * BALANCE/NONCE/CODE, the fee recipient's credit as FEE_CREDIT) and no reads, and the block-level
 * reads are summarized in the block's warnings: no transaction writes those keys, so they can
 * never make two transactions conflict.
 */
import * as Bal from './Bal.ts'
import * as Fields from './Fields.ts'
import type * as Issue from './Issue.ts'
import * as TracePack from './TracePack.ts'

/** Manifest `tracer_kind` of BAL-only packs. */
export const tracerKind = 'eip-7928-bal'

/** Manifest warnings of BAL-only packs: what they can and cannot show. */
export const warnings = [
  "BAL-only pack: each transaction's writes come from the EIP-7928 access list (its net changes, exact); write-write conflicts are exact",
  'a BAL records reads per block, not per transaction: no transaction has reads here, so read-after-write dependencies are missing and every ceiling is an upper bound (the true dependency graph has these edges and possibly more)',
  'a BAL lists net changes only: a value written and restored within a transaction, or written in a reverted call, is not a write here',
]

/** A block as the importer needs it: number, hashes, fee recipient, BAL commitment, transactions. */
export type BlockInfo = {
  readonly number: number
  readonly hash: string | null
  readonly parentHash: string | null
  /** The fee recipient (`miner`): its balance changes become FEE_CREDIT. */
  readonly miner: string | null
  /** The header's `blockAccessListHash` (Amsterdam on), else null. */
  readonly blockAccessListHash: string | null
  readonly transactions: readonly {
    readonly hash: string
    readonly from: string | null
    readonly to: string | null
  }[]
}

/** Receipt facts per transaction when known (a collector has them; a BAL file alone does not). */
export type Receipt = { readonly gasUsed: number | null; readonly status: string | null }

/**
 * The trace-pack block of a BAL: per transaction its writes, in key order. Index 0 and n+1
 * (system calls, withdrawals) belong to no transaction; a block warning counts them.
 */
export function block(
  bal: Bal.Bal,
  info: BlockInfo,
  chain: string,
  receipts: readonly (Receipt | null)[] = [],
): TracePack.Block {
  const miner = info.miner?.toLowerCase() ?? null
  const transactions = info.transactions.map((tx, position): TracePack.Tx => {
    const parties = new Set([tx.from?.toLowerCase(), tx.to?.toLowerCase()])
    const fee = (address: string) => address === miner && !parties.has(address)
    const receipt = receipts[position] ?? null
    return {
      txIndex: position,
      txHash: tx.hash.toLowerCase(),
      from: tx.from?.toLowerCase() ?? null,
      to: tx.to?.toLowerCase() ?? null,
      gasUsed: receipt?.gasUsed ?? null,
      status: receipt?.status ?? null,
      accesses: Bal.writesAt(bal, position + 1).map((w) => access(w, fee)),
      warnings: [],
    }
  })
  const everyGas = transactions.every((t) => t.gasUsed !== null)
  return {
    chain,
    blockNumber: info.number,
    blockHash: info.hash?.toLowerCase() ?? null,
    parentHash: info.parentHash?.toLowerCase() ?? null,
    txCount: transactions.length,
    sourceTxCount: null,
    totalGasUsed: everyGas ? transactions.reduce((sum, t) => sum + (t.gasUsed ?? 0), 0) : null,
    transactions,
    warnings: blockWarnings(bal, info.transactions.length, everyGas),
  }
}

function access(w: Bal.Write, fee: (address: string) => boolean): TracePack.Access {
  const at = { pc: null, depth: null, gasRemaining: null }
  if (w.field === 'storage')
    return { address: w.address, slot: w.slot, kind: 'write', op: 'SSTORE', ...at }
  const op =
    w.field === 'balance' ? (fee(w.address) ? 'FEE_CREDIT' : 'BALANCE') : w.field.toUpperCase()
  return { address: w.address, slot: null, kind: 'write', op, ...at }
}

/** What the block's BAL holds beyond the transactions' writes, in words. */
function blockWarnings(bal: Bal.Bal, n: number, gas: boolean): string[] {
  const reads = bal.reduce((sum, a) => sum + a.storageReads.length, 0)
  const readers = bal.filter((a) => a.storageReads.length > 0).length
  const untouched = bal.filter(
    (a) =>
      a.storageChanges.length === 0 &&
      a.balanceChanges.length === 0 &&
      a.nonceChanges.length === 0 &&
      a.codeChanges.length === 0 &&
      a.storageReads.length === 0,
  ).length
  const outside = (index: number) => Bal.writesAt(bal, index).length
  const out = [
    `BAL block-level reads (no transaction attribution): ${reads} storage slots of ${readers} accounts only read, ${untouched} accounts accessed without a change or a slot read; no transaction writes them, so they cannot conflict`,
    `BAL writes outside the transactions: ${outside(0)} at index 0 (before the first), ${outside(n + 1)} at index ${n + 1} (after the last)`,
  ]
  if (!gas) out.push('gas per transaction is not in a BAL: gas is null (no receipts)')
  return out
}

/** A parse result: `value` only when the input parsed without issues. */
export type Parsed<T> = { readonly value?: T; readonly issues: readonly Issue.Issue[] }

/**
 * Reads the block a BAL belongs to from an `eth_getBlockByNumber(n, true)` answer (or one with
 * transaction hashes only): number, hash, parentHash, miner, blockAccessListHash, and each
 * transaction's hash, from and to. Other fields are ignored.
 */
export function blockInfoFromJson(value: unknown, file: string): Parsed<BlockInfo> {
  const ctx = Fields.context(file)
  const obj = Fields.object(ctx, value, '')
  if (obj === undefined) return { issues: ctx.issues }
  const number = quantity(ctx, obj, 'number')
  const hash = optional(ctx, obj, '', 'hash', Fields.HASH, Fields.HASH_FORM)
  const parentHash = optional(ctx, obj, '', 'parentHash', Fields.HASH, Fields.HASH_FORM)
  const miner = optional(ctx, obj, '', 'miner', Fields.ADDRESS, Fields.ADDRESS_FORM)
  const balHash = optional(ctx, obj, '', 'blockAccessListHash', Fields.HASH, Fields.HASH_FORM)
  const raw = Fields.member(obj, 'transactions')
  const transactions: BlockInfo['transactions'][number][] = []
  if (!Array.isArray(raw)) Fields.wrongType(ctx, 'transactions', 'an array of transactions', raw)
  else
    raw.forEach((item, i) => {
      const tx = txOf(ctx, item, `transactions[${i}]`)
      if (tx !== undefined) transactions.push(tx)
    })
  if (ctx.issues.length > 0 || number === undefined) return { issues: ctx.issues }
  return {
    value: {
      number,
      hash: hash ?? null,
      parentHash: parentHash ?? null,
      miner: miner ?? null,
      blockAccessListHash: balHash ?? null,
      transactions,
    },
    issues: [],
  }
}

function txOf(ctx: Fields.Context, value: unknown, path: string) {
  if (typeof value === 'string') {
    if (Fields.HASH.test(value)) return { hash: value, from: null, to: null }
    Fields.report(ctx, {
      path,
      code: 'invalid_hex',
      expected: Fields.HASH_FORM,
      value,
      message: `expected a transaction hash (${Fields.HASH_FORM}) or a transaction object`,
    })
    return undefined
  }
  const obj = Fields.object(ctx, value, path)
  if (obj === undefined) return undefined
  const hash = optional(ctx, obj, path, 'hash', Fields.HASH, Fields.HASH_FORM)
  if (hash === undefined) {
    if (Fields.member(obj, 'hash') === undefined) Fields.string(ctx, obj, path, 'hash')
    return undefined
  }
  const from = optional(ctx, obj, path, 'from', Fields.ADDRESS, Fields.ADDRESS_FORM)
  const to = optional(ctx, obj, path, 'to', Fields.ADDRESS, Fields.ADDRESS_FORM)
  return { hash, from: from ?? null, to: to ?? null }
}

/** An optional hex member: absent or null → undefined; present but malformed → an issue. */
function optional(
  ctx: Fields.Context,
  obj: Fields.JsonObject,
  path: string,
  key: string,
  pattern: RegExp,
  form: string,
): string | undefined {
  const value = Fields.member(obj, key)
  if (value === undefined || value === null) return undefined
  if (typeof value === 'string' && pattern.test(value)) return value.toLowerCase()
  Fields.report(ctx, {
    path: Fields.join(path, key),
    code: typeof value === 'string' ? 'invalid_hex' : 'wrong_type',
    expected: form,
    value,
    message: `expected ${form}`,
  })
  return undefined
}

function quantity(ctx: Fields.Context, obj: Fields.JsonObject, key: string): number | undefined {
  const value = Fields.member(obj, key)
  if (typeof value === 'string' && /^0x[0-9a-fA-F]{1,13}$/.test(value)) {
    const n = Number.parseInt(value.slice(2), 16)
    if (Number.isSafeInteger(n)) return n
  }
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value
  const form = 'a block number (hex quantity or integer, at most 2^53-1)'
  Fields.report(ctx, {
    path: key,
    code: value === undefined ? 'missing_field' : 'invalid_quantity',
    expected: form,
    value,
    message: value === undefined ? `missing required field \`${key}\`` : `expected ${form}`,
  })
  return undefined
}

/**
 * The trace pack of BAL-only blocks (any order; sparse numbers are listed in the manifest's
 * `blockNumbers`).
 */
export function pack(
  blocks: readonly TracePack.Block[],
  fields: {
    readonly chain: string
    readonly source: string
    readonly provenance: string
    readonly notes: readonly string[]
    readonly toolVersion: string
  },
): TracePack.TracePack {
  const sorted = [...blocks].sort((a, b) => a.blockNumber - b.blockNumber)
  const numbers = sorted.map((b) => b.blockNumber)
  const start = numbers[0] ?? 0
  const end = numbers[numbers.length - 1] ?? 0
  const contiguous = end - start + 1 === numbers.length
  return {
    manifest: {
      schemaVersion: TracePack.SCHEMA_VERSION,
      chain: fields.chain,
      source: fields.source,
      provenance: fields.provenance,
      startBlock: start,
      endBlock: end,
      ...(contiguous ? {} : { blockNumbers: numbers }),
      createdByToolVersion: fields.toolVersion,
      tracerKind,
      notes: [...fields.notes],
      warnings,
    },
    blocks: sorted,
  }
}
