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
  const fee = accountKey(coinbase)
  // One buffer per code value, so the jump-destination cache (JumpCache) hits across calls and txs.
  const codes = new Map<string, Uint8Array>()
  const codeBytes = (hex: string): Uint8Array => {
    let bytes = codes.get(hex)
    if (bytes === undefined) {
      bytes = hexToBytes(hex as `0x${string}`)
      codes.set(hex, bytes)
    }
    return bytes
  }
  const read = async (
    key: Key.Id,
    held: Held,
    address: Address,
    slot?: Uint8Array,
  ): Promise<Value> => {
    const v = current()
    if (v.writes.has(key)) return v.writes.get(key) as Value
    if (v.seen.has(key)) return v.seen.get(key) as Value
    const entry = Mv.latestBelow(memory, key, v.tx)
    if (entry?.estimate) {
      v.blocking = entry.tx
      throw new Error(BLOCKED)
    }
    const value = entry ? entry.value : await baseValue(base, held, address, slot)
    v.reads.set(key, entry ? { tx: entry.tx, inc: entry.inc } : { tx: -1, inc: 0 })
    v.seen.set(key, value)
    return value
  }
  const write = (key: Key.Id, value: Value): void => {
    const v = current()
    if (v.marks.length > 0) v.journal.push({ key, had: v.writes.has(key), prev: v.writes.get(key) })
    v.writes.set(key, value)
  }
  const getAccount = async (address: Address) => {
    const key = accountKey(address.toString())
    const v = current()
    if (key === fee && !v.writes.has(key)) {
      if (!v.feePhase) v.unsupported = 'the fee recipient is read before the fee credit'
      const account = (await read(key, 'account', address)) as AccountValue
      return toAccount(account === null ? null : { ...account, balance: 0n })
    }
    return toAccount((await read(key, 'account', address)) as AccountValue)
  }
  const putAccount = async (address: Address, account?: Account) =>
    write(accountKey(address.toString()), fromAccount(account))
  const manager: StateManagerInterface = {
    getAccount,
    putAccount,
    deleteAccount: async (address) => write(accountKey(address.toString()), null),
    modifyAccountFields: (address, fields) =>
      State.modifyAccountFields(getAccount, putAccount, address, fields),
    getCode: async (address) =>
      codeBytes((await read(Key.codeId(address.toString()), 'code', address)) as string),
    getCodeSize: async (address) =>
      (((await read(Key.codeId(address.toString()), 'code', address)) as string).length - 2) / 2,
    putCode: async (address, code) => {
      write(Key.codeId(address.toString()), bytesToHex(code))
      const account = (await getAccount(address)) ?? new Account()
      account.codeHash = await State.codeHash(code)
      await putAccount(address, account)
    },
    getStorage: async (address, slot) =>
      hexToBytes(
        (await read(storageKey(address, slot), 'storage', address, slot)) as `0x${string}`,
      ),
    putStorage: async (address, slot, value) => write(storageKey(address, slot), bytesToHex(value)),
    clearStorage: async () => {
      current().unsupported =
        'storage was cleared (CREATE over an existing account or SELFDESTRUCT)'
    },
    checkpoint: async () => {
      const v = current()
      v.marks.push(v.journal.length)
    },
    commit: async () => {
      const v = current()
      v.marks.pop()
      if (v.marks.length === 0) v.journal.length = 0
    },
    revert: async () => {
      const v = current()
      const mark = v.marks.pop() ?? 0
      while (v.journal.length > mark) {
        const undo = v.journal.pop() as View['journal'][number]
        if (undo.had) v.writes.set(undo.key, undo.prev as Value)
        else v.writes.delete(undo.key)
      }
    },
    originalStorageCache: {
      // The value at the start of the tx: a read of the versioned memory that ignores local writes.
      get: async (address, slot) => {
        const key = storageKey(address, slot)
        const v = current()
        const local = v.writes.get(key)
        const had = v.writes.has(key)
        v.writes.delete(key)
        try {
          return hexToBytes((await read(key, 'storage', address, slot)) as `0x${string}`)
        } finally {
          if (had) v.writes.set(key, local as Value)
        }
      },
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
  return manager
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
