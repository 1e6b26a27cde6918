/**
 * Replay packs: real blocks with everything needed to re-execute them offline (docs/replay-pack.md).
 * A pack is a directory laid out as RISE pevm's mainnet test data: `blocks/<n>/block.json` (the
 * node's `eth_getBlockByNumber(n, true)` answer), `blocks/<n>/pre_state.json` (the state of every
 * account the block touches, before the block), `bytecodes.json` (code hash → code) and
 * `block_hashes.json` (number → hash, for BLOCKHASH); an optional `replay-pack.json` names the
 * chain. Any file may be Brotli-compressed (`<name>.br`). This module holds the domain types;
 * `ReplayWire` parses the JSON, `ReplayDir` reads and writes directories.
 */
import * as Errors from '../primitives/Errors.ts'
import * as Issue from './Issue.ts'
import type * as Transaction from './Transaction.ts'

/** `replay-pack.json` `schema`. */
export const SCHEMA = 'replay-pack-v1'

/** The chain a pack's blocks belong to and how to pick their rules. */
export type Manifest = {
  /** Chain name written into trace packs made from it (`ethereum-mainnet`). */
  readonly chain: string
  readonly chainId: bigint
  /**
   * The hardfork every block runs under (an ethereumjs hardfork name, e.g. `prague`), or null:
   * Ethereum mainnet's schedule, chosen per block by number and timestamp.
   */
  readonly hardfork: string | null
  /** Where the blocks come from, in words. */
  readonly provenance: string
}

/** The manifest a pack without `replay-pack.json` has: RISE pevm's mainnet data. */
export const MAINNET: Manifest = {
  chain: 'ethereum-mainnet',
  chainId: 1n,
  hardfork: null,
  provenance: 'Ethereum mainnet blocks with their pre-state (replay pack without a manifest)',
}

/** One withdrawal (Shanghai on): `amount` in gwei, credited after the last transaction. */
export type Withdrawal = {
  readonly index: bigint
  readonly validatorIndex: bigint
  readonly address: string
  readonly amount: bigint
}

/** The header fields execution needs and the ones the replay checks (hex strings lower-case). */
export type Header = {
  readonly number: number
  readonly hash: string
  readonly parentHash: string
  /** The fee recipient (`miner`). */
  readonly coinbase: string
  readonly timestamp: bigint
  readonly gasLimit: bigint
  readonly gasUsed: bigint
  readonly difficulty: bigint
  /** PREVRANDAO after the merge. */
  readonly mixHash: string
  /** London on. */
  readonly baseFeePerGas: bigint | null
  /** Cancun on. */
  readonly excessBlobGas: bigint | null
  readonly blobGasUsed: bigint | null
  readonly parentBeaconBlockRoot: string | null
  /** Amsterdam on (EIP-7928): the hash of the block's access list; null before. */
  readonly blockAccessListHash: string | null
  readonly logsBloom: string
  readonly receiptsRoot: string
  readonly stateRoot: string
  /** Shanghai on (null before). */
  readonly withdrawals: readonly Withdrawal[] | null
}

/** One pre-state account. `code` null with `codeHash` set: code the pack does not hold. */
export type Account = {
  readonly address: string
  readonly balance: bigint
  readonly nonce: bigint
  /** keccak-256 of the code; null for an account without code. */
  readonly codeHash: string | null
  /** Runtime code (`0x` hex), or null when the account has none or the pack lacks it. */
  readonly code: string | null
  /** Slot → value, both `0x` + 64 hex digits, sorted by slot; zero values kept (known zeros). */
  readonly storage: readonly { readonly slot: string; readonly value: string }[]
}

/** One block: its header, its transactions and the state before it (accounts sorted by address). */
export type Block = {
  readonly header: Header
  readonly transactions: readonly Transaction.Transaction[]
  readonly preState: readonly Account[]
}

/** A replay pack or one of its blocks failed validation; carries every issue. */
export class InvalidError extends Errors.BaseError {
  override name = 'ReplayPack.InvalidError'
  readonly issues: readonly Issue.Issue[]
  constructor(dir: string, issues: readonly Issue.Issue[]) {
    const count = issues.length
    super(`replay pack ${dir} is invalid: ${count} problem${count === 1 ? '' : 's'}`, {
      code: 'REPLAY_PACK_INVALID',
      hints: Issue.hints(issues),
    })
    this.issues = issues
  }
}

/** The replay-pack directory does not exist or has no blocks. */
export class NotFoundError extends Errors.BaseError {
  override name = 'ReplayPack.NotFoundError'
  constructor(dir: string, what: string) {
    super(`replay pack not found: ${dir} (${what})`, {
      code: 'REPLAY_PACK_NOT_FOUND',
      hints: [
        'a replay pack is a directory holding blocks/<n>/block.json, blocks/<n>/pre_state.json, bytecodes.json and block_hashes.json (docs/replay-pack.md)',
      ],
    })
  }
}
