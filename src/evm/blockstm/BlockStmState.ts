import type { StateManagerInterface } from '@ethereumjs/common'
import type { Address } from '@ethereumjs/util'
import { Account, bytesToHex, hexToBytes, setLengthLeft } from '@ethereumjs/util'
import * as Key from '../../trace/Key.ts'
import * as State from '../State.ts'
import type { Base } from './BlockStmBase.ts'
import type { AccountValue, Memory, Value, Version } from './BlockStmMemory.ts'
import * as Mv from './BlockStmMemory.ts'

/** Thrown (and flagged in the view) when a read hits an ESTIMATE: the tx must wait for `blocking`. */
const BLOCKED = 'block-stm: read an ESTIMATE'

/** What one incarnation saw and did, collected by the state manager. */
export type View = {
  tx: number
  /** First version read per key. */
  readonly reads: Map<Key.Id, Version>
  /** Value seen at that first read (what later reads in the tx return when not overwritten). */
  readonly seen: Map<Key.Id, Value>
  /** Tx-local writes (journaled). */
  readonly writes: Map<Key.Id, Value>
  readonly journal: {
    readonly key: Key.Id
    readonly had: boolean
    readonly prev: Value | undefined
  }[]
  readonly marks: number[]
  /** Set when a read hit an ESTIMATE written by this tx. */
  blocking: number
  /** True after the top-level call returned: the next coinbase read is the fee credit. */
  feePhase: boolean
  /** Why this incarnation cannot be run lazily (coinbase observed, storage cleared), or null. */
  unsupported: string | null
}

/** A fresh view for one incarnation of `tx`. */
export function view(tx: number): View {
  return {
    tx,
    reads: new Map(),
    seen: new Map(),
    writes: new Map(),
    journal: [],
    marks: [],
    blocking: -1,
    feePhase: false,
    unsupported: null,
  }
}

/** The account key of an address. */
function accountKey(address: string): Key.Id {
  return Key.accountId(address.toLowerCase())
}

/** What a key of this memory holds: an account as a whole, its code, or one storage word. */
type Held = 'account' | 'code' | 'storage'

/**
 * A state manager whose reads go through the multi-version memory (`memory`, the highest version
 * below the current tx) and fall back to `base` (the pre-block state); writes stay tx-local in the
 * current `View`. The coinbase account is lazy: the fee credit reads it as balance 0, so the write
 * is the credit itself (an addition), never a read-modify-write of the running total.
 */
export function create(
  base: Base,
  memory: Memory,
  coinbase: string,
  current: () => View,
): StateManagerInterface {
  // One buffer per code value, so the jump-destination cache (JumpCache) hits across calls and txs.
  const c: Versioned = { base, memory, fee: accountKey(coinbase), current }
  const get = (address: Address) => getAccount(c, address)
  const put = (address: Address, account?: Account) => putAccount(c, address, account)
  return {
    getAccount: get,
    putAccount: put,
    deleteAccount: async (address) => write(c, accountKey(address.toString()), null),
    modifyAccountFields: (address, fields) => State.modifyAccountFields(get, put, address, fields),
    getCode: async (address) => State.internCode(await code(c, address)),
    getCodeSize: async (address) => ((await code(c, address)).length - 2) / 2,
    putCode: (address, bytes) => putCode(c, address, bytes),
    getStorage: async (address, slot) =>
      hexToBytes((await read(c, storageKey(address, slot), 'storage', address, slot)) as Hex),
    putStorage: async (address, slot, value) =>
      write(c, storageKey(address, slot), bytesToHex(value)),
    clearStorage: async () => {
      current().unsupported =
        'storage was cleared (CREATE over an existing account or SELFDESTRUCT)'
    },
    checkpoint: async () => checkpoint(current()),
    commit: async () => commit(current()),
    revert: async () => revert(current()),
    originalStorageCache: {
      get: (address, slot) => originalStorage(c, address, slot),
      clear: () => {},
    },
    getStateRoot: () => Promise.reject(new Error('the Block-STM state has no state root')),
    setStateRoot: () => Promise.reject(new Error('the Block-STM state cannot switch roots')),
    hasStateRoot: () => Promise.reject(new Error('the Block-STM state has no state roots')),
    clearCaches: () => {},
    shallowCopy: () => {
      throw new Error('the Block-STM state does not support shallowCopy')
    },
  }
}

type Hex = `0x${string}`

/** What a state manager of one worker reads and writes through. */
type Versioned = {
  readonly base: Base
  readonly memory: Memory
  /** The coinbase's account key. */
  readonly fee: Key.Id
  /** The incarnation being executed. */
  readonly current: () => View
}

/**
 * A read of the current incarnation: its own write, else what it first read, else the highest
 * version below it (an ESTIMATE blocks the incarnation), else the pre-block state; the first read
 * of a key records the version read.
 */
async function read(
  c: Versioned,
  key: Key.Id,
  held: Held,
  address: Address,
  slot?: Uint8Array,
): Promise<Value> {
  const v = c.current()
  if (v.writes.has(key)) return v.writes.get(key) as Value
  if (v.seen.has(key)) return v.seen.get(key) as Value
  const entry = Mv.latestBelow(c.memory, key, v.tx)
  if (entry?.estimate) {
    v.blocking = entry.tx
    throw new Error(BLOCKED)
  }
  const value = entry ? entry.value : await baseValue(c.base, held, address, slot)
  v.reads.set(key, entry ? { tx: entry.tx, inc: entry.inc } : { tx: -1, inc: 0 })
  v.seen.set(key, value)
  return value
}

/** A tx-local write, journaled when a checkpoint is open. */
function write(c: Versioned, key: Key.Id, value: Value): void {
  const v = c.current()
  if (v.marks.length > 0) v.journal.push({ key, had: v.writes.has(key), prev: v.writes.get(key) })
  v.writes.set(key, value)
}

/** An account; the coinbase reads with balance 0 until the tx writes it (the lazy fee credit). */
async function getAccount(c: Versioned, address: Address): Promise<Account | undefined> {
  const key = accountKey(address.toString())
  const v = c.current()
  if (key === c.fee && !v.writes.has(key)) {
    if (!v.feePhase) v.unsupported = 'the fee recipient is read before the fee credit'
    const account = (await read(c, key, 'account', address)) as AccountValue
    return toAccount(account === null ? null : { ...account, balance: 0n })
  }
  return toAccount((await read(c, key, 'account', address)) as AccountValue)
}

async function putAccount(c: Versioned, address: Address, account?: Account): Promise<void> {
  write(c, accountKey(address.toString()), fromAccount(account))
}

async function code(c: Versioned, address: Address): Promise<string> {
  return (await read(c, Key.codeId(address.toString()), 'code', address)) as string
}

async function putCode(c: Versioned, address: Address, bytes: Uint8Array): Promise<void> {
  write(c, Key.codeId(address.toString()), bytesToHex(bytes))
  const account = (await getAccount(c, address)) ?? new Account()
  account.codeHash = await State.codeHash(bytes)
  await putAccount(c, address, account)
}

/** The value at the start of the tx: a read of the versioned memory that ignores local writes. */
async function originalStorage(c: Versioned, address: Address, slot: Uint8Array) {
  const key = storageKey(address, slot)
  const v = c.current()
  const local = v.writes.get(key)
  const had = v.writes.has(key)
  v.writes.delete(key)
  try {
    return hexToBytes((await read(c, key, 'storage', address, slot)) as Hex)
  } finally {
    if (had) v.writes.set(key, local as Value)
  }
}

function checkpoint(v: View): void {
  v.marks.push(v.journal.length)
}

function commit(v: View): void {
  v.marks.pop()
  if (v.marks.length === 0) v.journal.length = 0
}

function revert(v: View): void {
  const mark = v.marks.pop() ?? 0
  while (v.journal.length > mark) {
    const undo = v.journal.pop() as View['journal'][number]
    if (undo.had) v.writes.set(undo.key, undo.prev as Value)
    else v.writes.delete(undo.key)
  }
}

/**
 * The incarnation's write set: local writes whose value differs from what the tx first read
 * (a call's `balance += 0` is no write), minus the coinbase, whose credit is returned apart.
 */
export function effects(
  v: View,
  coinbase: string,
): { writes: [Key.Id, Value][]; feeCredit: bigint } {
  const fee = accountKey(coinbase)
  const writes: [Key.Id, Value][] = []
  let feeCredit = 0n
  for (const [key, value] of v.writes) {
    if (key === fee) {
      const before = v.seen.get(key) as AccountValue | undefined
      if (
        value === null ||
        typeof value === 'string' ||
        (before !== undefined &&
          before !== null &&
          (value.nonce !== before.nonce || value.codeHash !== before.codeHash))
      )
        v.unsupported = 'the fee recipient changed other than by its fee credit'
      else feeCredit = value.balance
      continue
    }
    if (v.seen.has(key) && same(v.seen.get(key) as Value, value)) continue
    writes.push([key, value])
  }
  return { writes, feeCredit }
}

function same(a: Value, b: Value): boolean {
  if (a === null || b === null || typeof a === 'string' || typeof b === 'string') return a === b
  return (
    a.nonce === b.nonce &&
    a.balance === b.balance &&
    a.storageRoot === b.storageRoot &&
    a.codeHash === b.codeHash
  )
}

function storageKey(address: Address, slot: Uint8Array): Key.Id {
  return Key.storageId(address.toString(), bytesToHex(setLengthLeft(slot, 32)))
}

async function baseValue(
  base: Base,
  held: Held,
  address: Address,
  slot?: Uint8Array,
): Promise<Value> {
  const at = address.toString()
  if (held === 'account') return base.account(at)
  if (held === 'code') return base.code(at)
  return base.storage(at, bytesToHex(setLengthLeft(slot as Uint8Array, 32)))
}

/** Plain account fields of an ethereumjs account. */
function fromAccount(account: Account | undefined): AccountValue {
  if (account === undefined) return null
  return {
    nonce: account.nonce,
    balance: account.balance,
    storageRoot: bytesToHex(account.storageRoot),
    codeHash: bytesToHex(account.codeHash),
  }
}

function toAccount(value: AccountValue): Account | undefined {
  if (value === null) return undefined
  return new Account(value.nonce, value.balance, hash(value.storageRoot), hash(value.codeHash))
}

// Decoded 32-byte hashes (few distinct values: roots and code hashes); each caller gets a copy.
const hashes = new Map<string, Uint8Array>()

function hash(hex: string): Uint8Array {
  let bytes = hashes.get(hex)
  if (bytes === undefined) {
    bytes = hexToBytes(hex as `0x${string}`)
    if (hashes.size < 4096) hashes.set(hex, bytes)
  }
  return bytes.slice()
}
