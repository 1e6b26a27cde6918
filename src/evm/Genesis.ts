import type { StateManagerInterface } from '@ethereumjs/common'
import { MerkleStateManager } from '@ethereumjs/statemanager'
import {
  bytesToHex,
  createAddressFromString,
  Account as EthAccount,
  hexToBytes,
  setLengthLeft,
} from '@ethereumjs/util'
import * as Order from '../primitives/Order.ts'
import * as Chain from './Chain.ts'
import * as State from './State.ts'

/** One pre-state account, plain data (structured-clone safe). Storage values are non-zero. */
export type Account = {
  readonly address: string
  readonly balance: bigint
  readonly nonce: bigint
  /** Runtime code, `0x`-prefixed hex; `0x` for none. */
  readonly code: string
  /**
   * Set when the account has code the input does not hold (`code` is then `0x`): its keccak-256.
   * Execution that needs the code fails, naming the account and the hash.
   */
  readonly missingCodeHash?: string
  /** Non-zero slots, sorted by slot; both slot and value are `0x` + 64 hex digits. */
  readonly storage: readonly { readonly slot: string; readonly value: string }[]
}

/** The block environment every transaction runs in (one block). */
export type Env = {
  /** The ethereumjs hardfork the block runs under (`prague` for generated blocks). */
  readonly hardfork: string
  readonly chainId: bigint
  readonly number: bigint
  readonly timestamp: bigint
  /** Fee recipient: credited by every transaction. */
  readonly coinbase: string
  readonly gasLimit: bigint
  /** London on; null before. */
  readonly baseFeePerGas: bigint | null
  /** Proof-of-work difficulty (DIFFICULTY); 0 after the merge. */
  readonly difficulty: bigint
  /** PREVRANDAO (the header's mix hash) after the merge; null: zero. */
  readonly prevRandao: string | null
  /** Cancun on: prices blob gas (BLOBBASEFEE, blob transactions); null before. */
  readonly excessBlobGas: bigint | null
  /** Hashes BLOCKHASH may return, by block number (ascending). */
  readonly blockHashes: readonly { readonly number: bigint; readonly hash: string }[]
}

/** A genesis: environment plus accounts sorted by address. Plain data, no ethereumjs objects. */
export type Genesis = {
  readonly env: Env
  readonly accounts: readonly Account[]
}

/** Creates a fresh in-memory journaled state backend (`State.create`) holding the genesis accounts. */
export async function toStateManager(genesis: Genesis): Promise<State.Backend> {
  const missing = new Map<string, string>()
  for (const a of genesis.accounts)
    if (a.missingCodeHash !== undefined) missing.set(a.address.toLowerCase(), a.missingCodeHash)
  const state = State.create({ missingCode: missing })
  await load(state, genesis)
  return state
}

/** Puts every genesis account, its code and its storage into `state`. */
async function load(state: StateManagerInterface & Partial<State.Backend>, genesis: Genesis) {
  for (const account of genesis.accounts) {
    const address = createAddressFromString(account.address)
    const hash = account.missingCodeHash
    const codeHash = hash === undefined ? undefined : hexToBytes(hash as `0x${string}`)
    await state.putAccount(
      address,
      new EthAccount(account.nonce, account.balance, undefined, codeHash),
    )
    if (account.code !== '0x') {
      const code = State.internCode(account.code)
      if (state.loadCode === undefined) await state.putCode(address, code.slice())
      else state.loadCode(address, code, await State.codeHashOfHex(account.code))
    }
    for (const { slot, value } of account.storage)
      await state.putStorage(
        address,
        hexToBytes(slot as `0x${string}`),
        trim(hexToBytes(value as `0x${string}`)),
      )
  }
}

/** Reads every account, code and non-zero storage slot out of a state backend (committed state). */
export function fromStateManager(env: Env, state: State.Backend): Genesis {
  const { accounts, codes, storage } = state.entries()
  const out: Account[] = []
  for (const [address, account] of accounts) {
    if (account === undefined) continue
    const code = codes.get(address)
    const slots: { slot: string; value: string }[] = []
    for (const [slot, value] of storage.get(address) ?? [])
      if (!value.every((byte) => byte === 0)) slots.push({ slot, value: word(value) })
    slots.sort(Order.by((s) => s.slot, Order.strings))
    out.push({
      address: address.toLowerCase(),
      balance: account.balance,
      nonce: account.nonce,
      code: code && code.length > 0 ? bytesToHex(code) : '0x',
      storage: slots,
    })
  }
  out.sort(Order.by((a) => a.address, Order.strings))
  return { env, accounts: out }
}

/**
 * The Ethereum state root (Merkle-Patricia, keccak) of a set of accounts, built once in a fresh
 * MerkleStateManager, so it is comparable with any client's root for the same state.
 */
export async function stateRoot(genesis: Genesis): Promise<string> {
  const state = new MerkleStateManager({ common: await Chain.common(genesis.env) })
  await load(state, genesis)
  await state.flush()
  return bytesToHex(await state.getStateRoot())
}

function word(bytes: Uint8Array): string {
  return bytesToHex(setLengthLeft(bytes, 32))
}

function trim(bytes: Uint8Array): Uint8Array {
  let start = 0
  while (start < bytes.length && bytes[start] === 0) start++
  return bytes.subarray(start)
}
