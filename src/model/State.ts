import * as Hash from '../primitives/Hash.ts'
import type { AccessKey } from './AccessKey.ts'
import * as I128 from './I128.ts'

/** One account: i128 balance and u64 nonce. */
export type Account = { balance: bigint; nonce: bigint }

/**
 * The synthetic world state. Maps are the executor's private accumulators (mutated by `write`);
 * every output that leaves the model (`hash`, `entries`) is produced in sorted key order.
 */
export type State = {
  readonly accounts: Map<number, Account>
  readonly storage: Map<number, Map<number, bigint>>
}

/** An ordered map AccessKey → value, as sorted entries (the values a transaction writes). */
export type Delta = readonly (readonly [AccessKey, bigint])[]

/** A state with no accounts and no storage. */
export function empty(): State {
  return { accounts: new Map(), storage: new Map() }
}

/** Accounts `0..a` (balance 1_000_000 + id) and slots `0..s` of contracts `0..c` (1_000_000 + c*1000 + s). */
export function withAccountsAndStorage(accounts: number, contracts: number, slots: number): State {
  const state = empty()
  for (let id = 0; id < accounts; id++) {
    state.accounts.set(id, { balance: 1_000_000n + BigInt(id), nonce: 0n })
  }
  for (let c = 0; c < contracts; c++) {
    const cells = new Map<number, bigint>()
    for (let s = 0; s < slots; s++) cells.set(s, 1_000_000n + BigInt(c) * 1000n + BigInt(s))
    state.storage.set(c, cells)
  }
  return state
}

/** A deep copy. */
export function clone(state: State): State {
  const copy = empty()
  for (const [id, account] of state.accounts) copy.accounts.set(id, { ...account })
  for (const [c, cells] of state.storage) copy.storage.set(c, new Map(cells))
  return copy
}

/** Reads a key; missing entries read as 0 (nonce as i128). */
export function read(state: State, key: AccessKey): bigint {
  if (key.kind === 'storage_slot') return state.storage.get(key.contract)?.get(key.slot) ?? 0n
  const account = state.accounts.get(key.account)
  if (account === undefined) return 0n
  return key.kind === 'account_balance' ? account.balance : account.nonce
}

/** Writes a key in place; nonce values saturate into [0, 2^64-1]. */
export function write(state: State, key: AccessKey, value: bigint): void {
  if (key.kind === 'storage_slot') {
    let cells = state.storage.get(key.contract)
    if (cells === undefined) {
      cells = new Map()
      state.storage.set(key.contract, cells)
    }
    cells.set(key.slot, value)
    return
  }
  let account = state.accounts.get(key.account)
  if (account === undefined) {
    account = { balance: 0n, nonce: 0n }
    state.accounts.set(key.account, account)
  }
  if (key.kind === 'account_balance') account.balance = value
  else account.nonce = value < 0n ? 0n : value > I128.U64_MAX ? I128.U64_MAX : value
}

/** Writes every entry of a delta, in key order. */
export function applyDelta(state: State, delta: Delta): void {
  for (const [key, value] of delta) write(state, key, value)
}

/** Sorted snapshot: accounts by id, storage cells by (contract, slot). */
export function entries(state: State): {
  accounts: [number, Account][]
  storage: [number, number, bigint][]
} {
  const accounts = [...state.accounts.entries()].sort((a, b) => a[0] - b[0])
  const storage: [number, number, bigint][] = []
  for (const c of [...state.storage.keys()].sort((a, b) => a - b)) {
    const cells = state.storage.get(c) as Map<number, bigint>
    for (const s of [...cells.keys()].sort((a, b) => a - b)) {
      storage.push([c, s, cells.get(s) as bigint])
    }
  }
  return { accounts, storage }
}

/** Full structural equality (every account and every storage cell). */
export function equals(a: State, b: State): boolean {
  const x = entries(a)
  const y = entries(b)
  if (x.accounts.length !== y.accounts.length || x.storage.length !== y.storage.length) return false
  for (let i = 0; i < x.accounts.length; i++) {
    const [idA, accA] = x.accounts[i] as [number, Account]
    const [idB, accB] = y.accounts[i] as [number, Account]
    if (idA !== idB || accA.balance !== accB.balance || accA.nonce !== accB.nonce) return false
  }
  for (let i = 0; i < x.storage.length; i++) {
    const [cA, sA, vA] = x.storage[i] as [number, number, bigint]
    const [cB, sB, vB] = y.storage[i] as [number, number, bigint]
    if (cA !== cB || sA !== sB || vA !== vB) return false
  }
  return true
}

const MAGIC = new TextEncoder().encode('parallel-revm-lab-state-v1')
const MASK128 = (1n << 128n) - 1n

/**
 * The docs/original-lab.md §3.3 byte encoding (magic, counts, big-endian ids and two's-complement
 * i128 values).
 */
export function encode(state: State): Uint8Array {
  const { accounts, storage } = entries(state)
  const size = MAGIC.length + 8 + accounts.length * 33 + 8 + storage.length * 33
  const bytes = new Uint8Array(size)
  const view = new DataView(bytes.buffer)
  bytes.set(MAGIC, 0)
  let at = MAGIC.length
  const u64 = (v: bigint | number): void => {
    view.setBigUint64(at, BigInt(v))
    at += 8
  }
  const i128 = (v: bigint): void => {
    const bits = v & MASK128
    u64(bits >> 64n)
    u64(bits & I128.U64_MAX)
  }
  u64(accounts.length)
  for (const [id, account] of accounts) {
    bytes[at++] = 0x61
    u64(id)
    i128(account.balance)
    u64(account.nonce)
  }
  u64(storage.length)
  for (const [c, s, value] of storage) {
    bytes[at++] = 0x73
    u64(c)
    u64(s)
    i128(value)
  }
  return bytes
}

/** Stable FNV-1a-64 state hash as 16 hex digits (not cryptographic). */
export function hash(state: State): string {
  return Hash.toHex16(Hash.fnv1a64(encode(state)))
}
