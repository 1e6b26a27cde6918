/**
 * A signed Ethereum transaction as plain data (structured-clone safe), any type from legacy (0)
 * to EIP-7702 (4). Mainnet blocks are parsed into it (`ReplayWire`), generated blocks build it
 * (`eip1559`), and the EVM layer turns it into an ethereumjs transaction with its sender pinned.
 */

/** Transaction types: legacy, EIP-2930, EIP-1559, EIP-4844 (blob), EIP-7702 (set code). */
export const types = [0, 1, 2, 3, 4] as const
export type Type = (typeof types)[number]

/** One EIP-2930 access-list entry. */
export type AccessListItem = {
  readonly address: string
  readonly storageKeys: readonly string[]
}

/** One EIP-7702 authorization tuple (signed by its authority). */
export type Authorization = {
  readonly chainId: bigint
  readonly address: string
  readonly nonce: bigint
  readonly yParity: bigint
  readonly r: bigint
  readonly s: bigint
}

/** ECDSA signature: `v` is the legacy v (27/28 or EIP-155) or the typed transactions' y-parity. */
export type Signature = { readonly v: bigint; readonly r: bigint; readonly s: bigint }

export type Transaction = {
  /** Position in its block. */
  readonly txIndex: number
  readonly hash: string
  readonly type: Type
  /** The sender as the block states it (signatures are recovered only on request). */
  readonly from: string
  /** `null` = contract creation. */
  readonly to: string | null
  readonly nonce: bigint
  readonly gasLimit: bigint
  readonly value: bigint
  /** Calldata (or init code), `0x`-prefixed hex. */
  readonly data: string
  /** Null for legacy transactions without EIP-155 replay protection. */
  readonly chainId: bigint | null
  /** Types 0 and 1. */
  readonly gasPrice: bigint | null
  /** Types 2, 3 and 4. */
  readonly maxFeePerGas: bigint | null
  readonly maxPriorityFeePerGas: bigint | null
  /** Types 1 to 4 (empty for type 0). */
  readonly accessList: readonly AccessListItem[]
  /** Type 3 only. */
  readonly maxFeePerBlobGas: bigint | null
  readonly blobVersionedHashes: readonly string[]
  /** Type 4 only. */
  readonly authorizationList: readonly Authorization[]
  /** Null for transactions built here and never signed (generated blocks). */
  readonly signature: Signature | null
}

/** An unsigned EIP-1559 transaction with no access list (what generated blocks use). */
export function eip1559(fields: {
  readonly txIndex: number
  readonly hash: string
  readonly from: string
  readonly to: string | null
  readonly nonce: bigint
  readonly gasLimit: bigint
  readonly value: bigint
  readonly data: string
  readonly chainId: bigint
  readonly maxFeePerGas: bigint
  readonly maxPriorityFeePerGas: bigint
}): Transaction {
  return {
    ...fields,
    type: 2,
    gasPrice: null,
    accessList: [],
    maxFeePerBlobGas: null,
    blobVersionedHashes: [],
    authorizationList: [],
    signature: null,
  }
}
