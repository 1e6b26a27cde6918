/**
 * trace-pack-v1, domain form (camelCase). The snake_case wire form lives only in `Wire.ts`; the
 * conversion happens in `parse` / `toWire`. Gas and counters are JS numbers: the validator rejects
 * anything that is not a non-negative safe integer (> 2^53-1 is "absurd" for gas and indices).
 */

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
  readonly createdByToolVersion: string
  readonly tracerKind: string
  readonly notes: readonly string[]
  readonly warnings: readonly string[]
}

export type TracePack = {
  readonly manifest: Manifest
  readonly blocks: readonly Block[]
}
