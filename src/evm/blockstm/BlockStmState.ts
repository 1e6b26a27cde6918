import type { StateManagerInterface } from '@ethereumjs/common'
import type { Address } from '@ethereumjs/util'
import {
  Account,
  bytesToHex,
  hexToBytes,
  KECCAK256_NULL,
  KECCAK256_RLP,
  setLengthLeft,
} from '@ethereumjs/util'
import * as Key from '../../trace/Key.ts'
import * as State from '../State.ts'
import type * as BalanceWatch from './BalanceWatch.ts'
import type { Base } from './BlockStmBase.ts'
import type { AccountValue, BalanceWrite, Memory, Read, Value, Version } from './BlockStmMemory.ts'
import * as Mv from './BlockStmMemory.ts'

/** Thrown (and flagged in the view) when a read hits an ESTIMATE: the tx must wait for `blocking`. */
const BLOCKED = 'block-stm: read an ESTIMATE'

/** keccak-256 of empty code: an account with this code hash has no code. */
const EMPTY_CODE = bytesToHex(KECCAK256_NULL)

/**
 * One account's balance inside an incarnation. `provisional` is the balance below the tx when
 * the tx first met the account (read without depending on it); `current` is the tx's running
 * value; `observed` says the execution depended on it (then `provisional` is a validated read);
 * `estimate` is an aborted writer met while computing `provisional` (-1: none).
 */
type Balance = { provisional: bigint; current: bigint; observed: boolean; estimate: number }

/** An undo record: a write (`had` false: there was none) or a balance's previous running value. */
type Undo =
  | { readonly key: Key.Id; readonly had: boolean; readonly prev: Value | undefined }
  | { readonly address: string; readonly prev: bigint }

/** What one incarnation saw and did, collected by the state manager. */
export type View = {
  tx: number
  /** The tx's sender: its balance is checked and debited, so it is observed from the start. */
  readonly sender: string
  /** What the incarnation read, per key, as validation re-checks it. */
  readonly reads: Map<Key.Id, Read>
  /** Value seen at the first read of an ordinary key (what later reads return when not written). */
  readonly seen: Map<Key.Id, Value>
  /** The version behind each account's fields the tx has met (recorded as a read once examined). */
  readonly met: Map<Key.Id, Version>
  /** Tx-local writes of ordinary keys (journaled). */
  readonly writes: Map<Key.Id, Value>
  /** Balances the tx met, by address (journaled running values). */
  readonly balances: Map<string, Balance>
  readonly journal: Undo[]
  readonly marks: number[]
  /** Set when a read hit an ESTIMATE written by this tx. */
  blocking: number
  /** Why this incarnation cannot run on this engine (the block then runs sequentially), or null. */
  unsupported: string | null
}

/** A fresh view for one incarnation of `tx`, sent by `sender`. */
export function view(tx: number, sender: string): View {
  return {
    tx,
    sender: sender.toLowerCase(),
    reads: new Map(),
    seen: new Map(),
    met: new Map(),
    writes: new Map(),
    balances: new Map(),
    journal: [],
    marks: [],
    blocking: -1,
    unsupported: null,
  }
}

/** What a key of this memory holds: an account's fields, its code, or one storage word. */
type Held = 'account' | 'code' | 'storage'

/** What a state manager of one worker reads and writes through. */
type Versioned = {
  readonly base: Base
  readonly memory: Memory
  /** The incarnation being executed. */
  readonly current: () => View
  /** Called before every read: the leader settles remote replies there (`Loaded.poll`). */
  readonly poll: () => void
  /** The key ids made so far (`Ids`), by `Address` object and by address hex. */
  readonly ids: { readonly byObject: WeakMap<Address, Ids>; readonly byHex: Map<string, Ids> }
}

/**
 * A state manager whose reads go through the multi-version memory (the highest version below
 * the current tx) and fall back to `base` (the pre-block state); writes stay tx-local in the
 * current `View`. Balances are lazy: a credit the tx never looks at is an addition (see
 * `BlockStmMemory`); `observe` is what the interpreter calls when execution depends on a balance
 * (`BalanceWatch`).
 */
export function create(
  base: Base,
  memory: Memory,
  current: () => View,
  poll: () => void = () => undefined,
): { readonly manager: StateManagerInterface; readonly watcher: BalanceWatch.Watcher } {
  const ids = { byObject: new WeakMap<Address, Ids>(), byHex: new Map<string, Ids>() }
  const c: Versioned = { base, memory, current, poll, ids }
  const get = (address: Address) => getAccount(c, address)
  const put = (address: Address, account?: Account) => putAccount(c, address, account)
  const manager: StateManagerInterface = {
    getAccount: get,
    putAccount: put,
    deleteAccount: (address) => deleteAccount(c, address.toString()),
    modifyAccountFields: (address, fields) => State.modifyAccountFields(get, put, address, fields),
    getCode: async (address) => State.internCode(await code(c, address)),
    getCodeSize: async (address) => ((await code(c, address)).length - 2) / 2,
    putCode: (address, bytes) => putCode(c, address, bytes),
    getStorage: (address, slot) => getStorage(c, address, slot),
    putStorage: async (address, slot, value) =>
      write(c, storageKey(idsOf(c, address), slot), bytesToHex(value)),
    clearStorage: (address) => clearStorage(c, address),
    checkpoint: async () => checkpoint(current()),
    commit: async () => commit(current()),
    revert: async () => revert(current()),
    originalStorageCache: {
      get: (address, slot) => originalStorage(c, address, slot),
      clear: () => {},
    },
    // Receipts before Byzantium embed the state root after each transaction; no true root exists
    // here (see State.create), and the replay never checks those receipts' roots.
    getStateRoot: async () => new Uint8Array(32),
    setStateRoot: () => Promise.reject(new Error('the Block-STM state cannot switch roots')),
    hasStateRoot: () => Promise.reject(new Error('the Block-STM state has no state roots')),
    clearCaches: () => {},
    shallowCopy: () => {
      throw new Error('the Block-STM state does not support shallowCopy')
    },
  }
  const watcher: BalanceWatch.Watcher = {
    depends: (address) => observe(c, address.toLowerCase()),
    covers: (address, seen, amount) => covers(c, address.toLowerCase(), seen, amount),
  }
  return { manager, watcher }
}

type Hex = `0x${string}`

/**
 * A read of the current incarnation: its own write, else what it first read, else the highest
 * version below it (an ESTIMATE blocks the incarnation), else the pre-block state; the first read
 * of a key records the version read.
 */
async function read(c: Versioned, key: Key.Id, held: Held, address: string): Promise<Value> {
  c.poll()
  const v = c.current()
  if (v.writes.has(key)) return v.writes.get(key) as Value
  return versioned(c, key, held, address)
}

/** The value below the tx (what it saw first), ignoring its own writes; records the read. */
async function versioned(c: Versioned, key: Key.Id, held: Held, address: string): Promise<Value> {
  const v = c.current()
  if (v.seen.has(key)) return v.seen.get(key) as Value
  const entry = Mv.latestBelow(c.memory, key, v.tx)
  if (entry?.estimate) block(v, entry.tx)
  const value = entry ? entry.value : await baseValue(c.base, held, address, key)
  v.reads.set(key, entry ? { tx: entry.tx, inc: entry.inc } : { tx: -1, inc: 0 })
  v.seen.set(key, value)
  return value
}

function block(v: View, tx: number): never {
  v.blocking = tx
  throw new Error(BLOCKED)
}

/** A tx-local write, journaled when a checkpoint is open. */
function write(c: Versioned, key: Key.Id, value: Value): void {
  const v = c.current()
  if (v.marks.length > 0) v.journal.push({ key, had: v.writes.has(key), prev: v.writes.get(key) })
  v.writes.set(key, value)
}

/** Removes a tx-local write, journaled. */
function unwrite(v: View, key: Key.Id): void {
  if (!v.writes.has(key)) return
  if (v.marks.length > 0) v.journal.push({ key, had: true, prev: v.writes.get(key) })
  v.writes.delete(key)
}

/**
 * An account: its balance is the tx's running (lazy) value; its fields are met without depending
 * on them. The tx depends only on the account existing until it looks into a field (the returned
 * account's nonce, code hash or storage root): a credit never does, so crediting an account whose
 * nonce other transactions keep changing (a miner paying out from its fee address) stays lazy.
 */
async function getAccount(c: Versioned, address: Address): Promise<Account | undefined> {
  c.poll()
  const { at, account: key } = idsOf(c, address)
  const v = c.current()
  const local = v.writes.has(key)
  const fields = local ? (v.writes.get(key) as AccountValue) : await meetFields(c, key, at)
  if (fields === null) return undefined
  const balance = meet(c, at, fields)
  if (local || !v.met.has(key)) return plain(fields, balance.current)
  return new Tracked(fields, balance.current, () => examine(v, key))
}

/**
 * The account's fields below the tx, recorded as `seen`; the read recorded is only whether the
 * account exists (an ESTIMATE still blocks: it may change that too).
 */
async function meetFields(c: Versioned, key: Key.Id, address: string): Promise<AccountValue> {
  const v = c.current()
  if (v.seen.has(key)) return v.seen.get(key) as AccountValue
  const entry = Mv.latestBelow(c.memory, key, v.tx)
  if (entry?.estimate) block(v, entry.tx)
  const value = (entry ? entry.value : await c.base.account(address)) as AccountValue
  v.seen.set(key, value)
  v.met.set(key, entry ? { tx: entry.tx, inc: entry.inc } : { tx: -1, inc: 0 })
  v.reads.set(key, { exists: value !== null })
  return value
}

/** The tx looked into a met account's fields: it now depends on their version. */
function examine(v: View, key: Key.Id): void {
  const version = v.met.get(key)
  if (version === undefined) return
  v.reads.set(key, version)
  v.met.delete(key)
}

function plain(fields: NonNullable<AccountValue>, balance: bigint): Account {
  return new Account(fields.nonce, balance, hash(fields.storageRoot), hash(fields.codeHash))
}

/** An account whose field getters tell the state the tx looked into them (see `getAccount`). */
class Tracked extends Account {
  // Not a #private field: Account's constructor may read the getters before fields exist.
  private examine: (() => void) | undefined
  constructor(fields: NonNullable<AccountValue>, balance: bigint, examine: () => void) {
    super(fields.nonce, balance, hash(fields.storageRoot), hash(fields.codeHash))
    this.examine = examine
  }
  override get nonce(): bigint {
    this.examine?.()
    return super.nonce
  }
  override set nonce(value: bigint) {
    super.nonce = value
  }
  override get codeHash(): Uint8Array {
    this.examine?.()
    return super.codeHash
  }
  override set codeHash(value: Uint8Array) {
    super.codeHash = value
  }
  override get storageRoot(): Uint8Array {
    this.examine?.()
    return super.storageRoot
  }
  override set storageRoot(value: Uint8Array) {
    super.storageRoot = value
  }
}

/**
 * The tx's balance record of `address`, made on first contact: the balance below the tx, read
 * without depending on it. The sender is observed at once; an account that could be empty (no
 * nonce, no code) records whether its balance was zero (EIP-161's emptiness checks depend on it).
 */
function meet(c: Versioned, address: string, fields: AccountValue): Balance {
  const v = c.current()
  let balance = v.balances.get(address)
  if (balance !== undefined) return balance
  const below = Mv.balanceBelow(c.memory, address, v.tx, c.base)
  balance = {
    provisional: below.value,
    current: below.value,
    observed: false,
    estimate: below.estimate,
  }
  v.balances.set(address, balance)
  if (address === v.sender) observe(c, address)
  else if (fields === null || (fields.nonce === 0n && fields.codeHash === EMPTY_CODE)) {
    // An aborted writer below need not be waited for when the balance is non-zero whatever it
    // writes (the value seen must agree: the provisional balance is that non-zero one).
    if (
      balance.estimate >= 0 &&
      !(balance.provisional > 0n && Mv.surelyNonzero(c.memory, address, v.tx))
    )
      block(v, balance.estimate)
    v.reads.set(idsOfHex(c, address).balance, { zero: balance.provisional === 0n })
  }
  return balance
}

/** Execution depends on `address`'s balance: its value below the tx becomes a validated read. */
function observe(c: Versioned, address: string): void {
  const v = c.current()
  const balance = v.balances.get(address) ?? meet(c, address, null)
  if (balance.observed) return
  if (balance.estimate >= 0) block(v, balance.estimate)
  balance.observed = true
  v.reads.set(idsOfHex(c, address).balance, { balance: balance.provisional })
}

/**
 * Execution compared `address`'s balance as it had it (`seen`: the balance below plus the tx's own
 * changes so far) with an `amount` to send. When it covers it, the tx depends only on the balance
 * below staying at least what keeps it covered, and its debit stays an addition (a contract
 * paying out of a balance many txs add to and take from, WETH's on withdrawals, orders nothing).
 * A check that failed depends on the value.
 */
function covers(c: Versioned, address: string, seen: bigint, amount: bigint): void {
  const v = c.current()
  const balance = v.balances.get(address) ?? meet(c, address, null)
  if (balance.observed) return
  if (seen < amount) {
    observe(c, address)
    return
  }
  // The tx's own changes (seen − provisional) are the same whatever lies below: the check holds
  // while the balance below is at least `least`; at or below 0 it holds whatever lies below.
  const least = balance.provisional - (seen - amount)
  if (least <= 0n) return
  if (balance.estimate >= 0) block(v, balance.estimate)
  const key = idsOfHex(c, address).balance
  const read = v.reads.get(key)
  // A zero-ness read is implied (the balance is positive); a larger least balance implies this one.
  if (read !== undefined && 'atLeast' in read && read.atLeast >= least) return
  v.reads.set(key, { atLeast: least })
}

async function putAccount(c: Versioned, address: Address, account?: Account): Promise<void> {
  const { at, account: key } = idsOf(c, address)
  if (account === undefined) return deleteAccount(c, at)
  // The raw fields: reading them through a Tracked account's getters would count as looking.
  const fields = {
    nonce: account._nonce ?? 0n,
    storageRoot: hexOf(account._storageRoot ?? KECCAK256_RLP),
    codeHash: hexOf(account._codeHash ?? KECCAK256_NULL),
  }
  const v = c.current()
  const seen = v.seen.get(key)
  // Fields written back changed: the unchanged ones were copied from the version met, so the
  // write depends on it.
  if (seen === undefined || seen === null || !same(seen, fields)) examine(v, key)
  write(c, key, fields)
  let balance = v.balances.get(at)
  if (balance === undefined) {
    // Written without being read first: the new balance is absolute, so it depends on the old.
    balance = meet(c, at, fields)
    observe(c, at)
  }
  // A debit: the EVM checked that the balance covered it (it never writes a negative balance).
  if (account.balance < balance.current)
    covers(c, at, balance.current, balance.current - account.balance)
  setBalance(v, at, balance, account.balance)
}

function setBalance(v: View, address: string, balance: Balance, value: bigint): void {
  if (balance.current === value) return
  if (v.marks.length > 0) v.journal.push({ address, prev: balance.current })
  balance.current = value
}

/**
 * Deletes an account (SELFDESTRUCT, EIP-161's sweep of touched empty accounts): its nonce and
 * balance go, its code becomes empty, every pre-block storage slot it has becomes zero, and the
 * tx's own code and storage writes are dropped with it. Before Cancun SELFDESTRUCT deletes
 * contracts that existed before the tx (gas tokens free their child contracts). Exact when no
 * earlier tx wrote a word outside the pre-block slots, which the tx reads (`NoStorageRead`);
 * otherwise the words to clear are not all known here and the block falls back.
 */
async function deleteAccount(c: Versioned, address: string): Promise<void> {
  const v = c.current()
  const key = Key.accountId(address)
  // The account as it was before the tx (its own writes aside).
  const before = await meetFields(c, key, address)
  examine(v, key)
  if (!knownStorage(c, address)) {
    v.unsupported =
      'an account whose storage an earlier transaction wrote was deleted (SELFDESTRUCT)'
    return
  }
  const storage = Key.storageId(address, '')
  for (const key of [...v.writes.keys()])
    if (key === Key.codeId(address) || key.startsWith(storage)) unwrite(v, key)
  for (const slot of c.base.storageOf(address).keys()) write(c, Key.storageId(address, slot), '0x')
  // Code from before the tx is emptied; code the tx deployed went with its writes.
  if (before !== null && before.codeHash !== EMPTY_CODE) write(c, Key.codeId(address), '0x')
  write(c, Key.accountId(address), null)
  const balance = v.balances.get(address) ?? meet(c, address, before)
  observe(c, address)
  setBalance(v, address, balance, 0n)
}

/**
 * CREATE clears the target's storage. The target has no code (a collision otherwise), so any
 * storage it has was left by a contract deleted earlier in the block (a SELFDESTRUCT then a
 * re-creation with CREATE2). Exact when every word is already zero: no earlier tx wrote a word
 * outside the pre-block slots (`NoStorageRead`), and each pre-block slot reads zero (a version
 * read, validated like any other; the deletion wrote the zeros). Otherwise the block falls back.
 */
async function clearStorage(c: Versioned, address: Address): Promise<void> {
  const { at } = idsOf(c, address)
  if (!knownStorage(c, at)) {
    c.current().unsupported = 'CREATE over an address whose storage an earlier transaction wrote'
    return
  }
  for (const slot of c.base.storageOf(at).keys()) {
    const value = await read(c, Key.storageId(at, slot), 'storage', at)
    if (!/^0x0*$/.test(value as string)) {
      c.current().unsupported = 'CREATE over an address that still holds storage'
      return
    }
  }
}

/**
 * True when the only storage words of `address` below the tx are its pre-block slots, and records
 * that as a read; false when an earlier tx wrote another (its words are not all known here).
 */
function knownStorage(c: Versioned, address: string): boolean {
  const v = c.current()
  if (Mv.storageBelow(c.memory, address, v.tx, c.base)) return false
  v.reads.set(Key.storageId(address, ''), { noStorageBelow: true })
  return true
}

async function code(c: Versioned, address: Address): Promise<string> {
  const { at, code: key } = idsOf(c, address)
  return (await read(c, key, 'code', at)) as string
}

async function putCode(c: Versioned, address: Address, bytes: Uint8Array): Promise<void> {
  write(c, idsOf(c, address).code, bytesToHex(bytes))
  const account = (await getAccount(c, address)) ?? new Account()
  account.codeHash = await State.codeHash(bytes)
  await putAccount(c, address, account)
}

/** A storage word as the current incarnation reads it (`read`). */
async function getStorage(c: Versioned, address: Address, slot: Uint8Array) {
  const ids = idsOf(c, address)
  return hexToBytes((await read(c, storageKey(ids, slot), 'storage', ids.at)) as Hex)
}

/** The value at the start of the tx: a read of the versioned memory that ignores local writes. */
async function originalStorage(c: Versioned, address: Address, slot: Uint8Array) {
  const ids = idsOf(c, address)
  return hexToBytes((await versioned(c, storageKey(ids, slot), 'storage', ids.at)) as Hex)
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
    const undo = v.journal.pop() as Undo
    if ('address' in undo) {
      const balance = v.balances.get(undo.address)
      if (balance !== undefined) balance.current = undo.prev
    } else if (undo.had) v.writes.set(undo.key, undo.prev as Value)
    else v.writes.delete(undo.key)
  }
}

/**
 * The incarnation's write set: local writes whose value differs from what the tx first read
 * (a call's `balance += 0` is no write), and each changed balance: absolute when the tx observed
 * it, else the addition it made (negative for a debit it only checked it could cover).
 */
export function effects(v: View): [Key.Id, Value][] {
  const writes: [Key.Id, Value][] = []
  for (const [key, value] of v.writes) {
    if (v.seen.has(key) && same(v.seen.get(key) as Value, value)) continue
    writes.push([key, value])
  }
  for (const [address, balance] of v.balances) {
    if (balance.current === balance.provisional) continue
    const write: BalanceWrite = balance.observed
      ? { set: balance.current }
      : { add: balance.current - balance.provisional }
    writes.push([Key.balanceId(address), write])
  }
  return writes
}

function same(a: Value, b: Value): boolean {
  if (a === null || b === null || typeof a === 'string' || typeof b === 'string') return a === b
  if (!('nonce' in a) || !('nonce' in b)) return false
  return a.nonce === b.nonce && a.storageRoot === b.storageRoot && a.codeHash === b.codeHash
}

/**
 * The key ids of one address, made once. A fresh id string costs its building and its hashing at
 * every Map lookup (the hottest lines of this state in profiles), and ethereumjs passes the same
 * `Address` object to many calls (a call frame's storage reads and writes, a tx's sender), so ids
 * are found by the object first, then by the address's hex. Each state manager keeps its own (a
 * worker makes one per loaded block, and again after a blocked execution).
 */
type Ids = {
  /** The address, lower-case `0x` hex. */
  readonly at: string
  readonly account: Key.Id
  readonly balance: Key.Id
  readonly code: Key.Id
  /** Storage ids by 32-byte slot hex. */
  readonly slots: Map<string, Key.Id>
}

/** Bound on the addresses, and on the slots of one address, whose ids are kept (then made again). */
const MAX_IDS = 1 << 16

function idsOf(c: Versioned, address: Address): Ids {
  let ids = c.ids.byObject.get(address)
  if (ids === undefined) {
    ids = idsOfHex(c, address.toString())
    c.ids.byObject.set(address, ids)
  }
  return ids
}

function idsOfHex(c: Versioned, at: string): Ids {
  let ids = c.ids.byHex.get(at)
  if (ids === undefined) {
    if (c.ids.byHex.size >= MAX_IDS) c.ids.byHex.clear()
    const [account, balance, code] = [Key.accountId(at), Key.balanceId(at), Key.codeId(at)]
    ids = { at, account, balance, code, slots: new Map() }
    c.ids.byHex.set(at, ids)
  }
  return ids
}

/** The id of a storage slot of the address whose ids are `ids`. */
function storageKey(ids: Ids, slot: Uint8Array): Key.Id {
  const hex = bytesToHex(slot.length === 32 ? slot : setLengthLeft(slot, 32))
  let id = ids.slots.get(hex)
  if (id === undefined) {
    if (ids.slots.size >= MAX_IDS) ids.slots.clear()
    id = Key.storageId(ids.at, hex)
    ids.slots.set(hex, id)
  }
  return id
}

async function baseValue(base: Base, held: Held, address: string, key: Key.Id): Promise<Value> {
  if (held === 'account') return base.account(address)
  if (held === 'code') return base.code(address)
  return base.storage(address, Key.slotOf(key) as string)
}

// Decoded 32-byte hashes (few distinct values: roots and code hashes), shared by every account
// built from them, as the sequential state manager's account copies share theirs: ethereumjs
// replaces an account's hash fields, never writes into them. `hexOf` maps them back, so writing
// an account whose hashes did not change encodes nothing.
const hashes = new Map<string, Uint8Array>()
const hexes = new WeakMap<Uint8Array, string>()

function hash(hex: string): Uint8Array {
  let bytes = hashes.get(hex)
  if (bytes === undefined) {
    bytes = hexToBytes(hex as `0x${string}`)
    if (hashes.size < 4096) hashes.set(hex, bytes)
    hexes.set(bytes, hex)
  }
  return bytes
}

function hexOf(bytes: Uint8Array): string {
  return hexes.get(bytes) ?? bytesToHex(bytes)
}
