/**
 * trace-pack-v1, domain form (camelCase). The snake_case wire form lives only in `Wire.ts`, which
 * also converts (`blockFromJson`, `blockToJson`, …); `Dir.ts` reads and writes directories. Gas and
 * counters are JS numbers: the validator rejects anything that is not a non-negative safe integer
 * (> 2^53-1 is "absurd" for gas and indices).
 */

import * as Errors from '../primitives/Errors.ts'
import * as Order from '../primitives/Order.ts'
import * as Issue from './Issue.ts'
import * as PackRules from './PackRules.ts'

export const SCHEMA_VERSION = 'trace-pack-v1'

/** Wire-level access kinds, in their canonical sort order. */
export const accessKinds = [
  'read',
  'write',
  'read_write',
  'account_touch',
  'call',
  'create',
  'selfdestruct',
] as const
export type AccessKind = (typeof accessKinds)[number]

/**
 * `op` conventions beyond the original lab's SLOAD/SSTORE (free text on the wire, so packs stay
 * loadable by the original): a slotless access whose op is one of these names a single account
 * field, so the analyzer keys it as `balance:`, `nonce:` or `code:` instead of `account:`.
 * `FEE_CREDIT` is the block fee recipient's balance credit that every tx makes; the analyzer
 * excludes it from conflicts by default (it commutes; Block-STM engines apply it lazily).
 */
export const accountOps = ['BALANCE', 'NONCE', 'CODE', 'FEE_CREDIT'] as const
export type AccountOp = (typeof accountOps)[number]

export type Access = {
  readonly address: string
  readonly slot: string | null
  readonly kind: AccessKind
  readonly op: string | null
  readonly pc: number | null
  readonly depth: number | null
  readonly gasRemaining: number | null
}

export type Tx = {
  readonly txIndex: number
  readonly txHash: string
  readonly from: string | null
  readonly to: string | null
  readonly gasUsed: number | null
  readonly status: string | null
  readonly accesses: readonly Access[]
  readonly warnings: readonly string[]
}

export type Block = {
  readonly chain: string
  readonly blockNumber: number
  readonly blockHash: string | null
  readonly parentHash: string | null
  readonly txCount: number
  /** Transactions in the source block when only a sample was collected; `null` = omitted on the wire. */
  readonly sourceTxCount: number | null
  readonly totalGasUsed: number | null
  readonly transactions: readonly Tx[]
  readonly warnings: readonly string[]
}

export type Manifest = {
  readonly schemaVersion: string
  readonly chain: string
  readonly source: string
  readonly provenance: string
  readonly startBlock: number
  readonly endBlock: number
  /**
   * Our extension for sparse packs (the bundled mainnet blocks are not consecutive): the block
   * numbers the pack holds, ascending, from `startBlock` to `endBlock`. Absent: every number of
   * the range (the original lab's only form, which it reads and writes unchanged).
   */
  readonly blockNumbers?: readonly number[]
  readonly createdByToolVersion: string
  readonly tracerKind: string
  readonly notes: readonly string[]
  readonly warnings: readonly string[]
}

export type TracePack = {
  readonly manifest: Manifest
  readonly blocks: readonly Block[]
}

/** Options of `validate`. */
export type ValidateOptions = PackRules.Options

/**
 * Returns a canonical copy (docs/original-lab.md §2.3): strings trimmed and lowercased where the
 * format says so, ops uppercased, warnings and notes sorted and deduplicated, accesses sorted with
 * exact duplicates removed, transactions and blocks stable-sorted. Idempotent.
 */
export function normalize(pack: TracePack): TracePack {
  return canonical(pack, normalizeBlock)
}

/** `normalize`, but each block only by `normalizeValues` (transactions and accesses in file order). */
export function normalizeValuesOnly(pack: TracePack): TracePack {
  return canonical(pack, normalizeValues)
}

function canonical(pack: TracePack, block: (b: Block) => Block): TracePack {
  return {
    manifest: normalizeManifest(pack.manifest),
    blocks: pack.blocks.map(block).sort(Order.by((b) => b.blockNumber, Order.numbers)),
  }
}

/** Returns a canonical copy of a manifest (chain trimmed and lowercased, notes and warnings sorted). */
export function normalizeManifest(m: Manifest): Manifest {
  return { ...m, chain: lower(m.chain), notes: lines(m.notes), warnings: lines(m.warnings) }
}

/** Returns a canonical copy of one block (see `normalize`). */
export function normalizeBlock(b: Block): Block {
  const values = normalizeValues(b)
  return {
    ...values,
    transactions: values.transactions
      .map((t) => ({ ...t, accesses: Order.sortedUnique(t.accesses, compareAccesses) }))
      .sort(Order.by((t) => t.txIndex, Order.numbers)),
  }
}

/**
 * The block with its values made canonical (case, whitespace, sorted warnings) but its
 * transactions and accesses left in file order, so a problem found in it names the element's
 * position in the file (`transactions[1].accesses[2]`). Validation runs on this form; every check
 * is independent of that order.
 */
export function normalizeValues(b: Block): Block {
  return {
    ...b,
    chain: lower(b.chain),
    blockHash: nullableLower(b.blockHash),
    parentHash: nullableLower(b.parentHash),
    transactions: b.transactions.map(normalizeTx),
    warnings: lines(b.warnings),
  }
}

/** Canonical order of pack accesses: (address, slot, kind, op, pc, depth, gas_remaining). */
export const compareAccesses: Order.Comparator<Access> = Order.chain(
  Order.by((a: Access) => a.address, Order.strings),
  Order.by((a: Access) => a.slot, Order.nullsFirst(Order.strings)),
  Order.by((a: Access) => accessKinds.indexOf(a.kind), Order.numbers),
  Order.by((a: Access) => a.op, Order.nullsFirst(Order.strings)),
  Order.by((a: Access) => a.pc, Order.nullsFirst(Order.numbers)),
  Order.by((a: Access) => a.depth, Order.nullsFirst(Order.numbers)),
  Order.by((a: Access) => a.gasRemaining, Order.nullsFirst(Order.numbers)),
)

/**
 * Returns every semantic problem of a normalized pack (docs/original-lab.md §2.3 steps 1–4: schema,
 * blank fields, range, duplicates, chain match, hashes, addresses, slots, tx_count,
 * source_tx_count, gas reconciliation, missing blocks, parent-hash chaining), sorted. Never throws.
 */
export function validate(pack: TracePack, options: ValidateOptions = {}): Issue.Issue[] {
  return Issue.sort(PackRules.check(pack, options))
}

/** Returns the problems of one normalized block on its own (no manifest or neighbour checks), sorted. */
export function validateBlock(block: Block, options: ValidateOptions = {}): Issue.Issue[] {
  return Issue.sort(PackRules.checkBlockAlone(block, options))
}

/** Returns the problems of one normalized manifest on its own, sorted. */
export function validateManifest(manifest: Manifest, options: ValidateOptions = {}): Issue.Issue[] {
  return Issue.sort(PackRules.checkManifestAlone(manifest, options))
}

/** True when the block has `total_gas_used` and every transaction has `gas_used`. */
export function gasComplete(block: Block): boolean {
  return block.totalGasUsed !== null && block.transactions.every((tx) => tx.gasUsed !== null)
}

function normalizeTx(t: Tx): Tx {
  return {
    ...t,
    from: nullableLower(t.from),
    to: nullableLower(t.to),
    status: nullableLower(t.status),
    accesses: t.accesses.map(normalizeAccess),
    warnings: lines(t.warnings),
  }
}

function normalizeAccess(a: Access): Access {
  return {
    ...a,
    address: lower(a.address),
    slot: nullableLower(a.slot),
    op: a.op === null ? null : a.op.trim().toUpperCase(),
  }
}

function lower(text: string): string {
  return text.trim().toLowerCase()
}

function nullableLower(text: string | null): string | null {
  return text === null ? null : lower(text)
}

function lines(values: readonly string[]): string[] {
  return Order.sortedUnique(
    values.map((v) => v.trim()),
    Order.strings,
  )
}

/** A trace pack failed validation; carries every issue, the first 20 rendered as hints. */
export class InvalidError extends Errors.BaseError {
  override name = 'TracePack.InvalidError'
  readonly issues: readonly Issue.Issue[]
  constructor(where: string, issues: readonly Issue.Issue[], extraHints: readonly string[] = []) {
    super(
      `invalid trace pack ${where}: ${issues.length} ${issues.length === 1 ? 'issue' : 'issues'}`,
      {
        code: 'TRACE_PACK_INVALID',
        hints: [...Issue.hints(issues, ' (run validate-trace-pack)'), ...extraHints],
      },
    )
    this.issues = issues
  }
}
