import type { StateManagerInterface } from '@ethereumjs/common'
import { SimpleStateManager } from '@ethereumjs/statemanager'
import type { Address, Account as EthAccount } from '@ethereumjs/util'
import { Account, bytesToHex, createAddressFromString, setLengthLeft } from '@ethereumjs/util'

/** One account's storage: slot (`0x` + 64 hex digits) → value bytes (empty = zero). */
export type Storage = Map<string, Uint8Array>

/** A state backend: an ethereumjs state manager that can also list its committed contents. */
export type Backend = StateManagerInterface & {
  /** Every account (undefined = deleted), its code and its raw storage, keyed by lower-case address. */
  readonly entries: () => {
    readonly accounts: ReadonlyMap<string, EthAccount | undefined>
    readonly codes: ReadonlyMap<string, Uint8Array>
    readonly storage: ReadonlyMap<string, ReadonlyMap<string, Uint8Array>>
  }
}

/** One undo record: the previous entry of `key` in `map` (`had` false: there was none). */
type Undo = {
  readonly map: Map<string, unknown>
  readonly key: string
  readonly had: boolean
  readonly prev: unknown
}

/**
 * An in-memory journaled state manager: checkpoints cost O(1) and revert undoes only what changed
 * (ethereumjs's SimpleStateManager copies the whole state on every checkpoint, which dominates
 * with a realistic pre-state). Accounts are copied on read and write, so callers may mutate them.
 *
 * Code and storage live and die with their account, as in a Merkle state where they hang off the
 * account's code hash and storage root: deleting an account (SELFDESTRUCT, the empty-account
 * sweep) drops its code and wipes its storage, so a contract re-created at the same address in a
 * later transaction starts empty. (ethereumjs's SimpleStateManager keeps both, which gives the
 * wrong gas on mainnet blocks that self-destruct a contract and then call or re-create it.)
 */
export function create(): Backend {
  const accounts = new Map<string, EthAccount | undefined>()
  const codes = new Map<string, Uint8Array>()
  const storage = new Map<string, Storage>()
  const journal: Undo[] = []
  const marks: number[] = []
  let original = new Map<string, Uint8Array>()

  const set = <T>(map: Map<string, T>, key: string, value: T | undefined): void => {
    if (marks.length > 0)
      journal.push({ map: map as Map<string, unknown>, key, had: map.has(key), prev: map.get(key) })
    if (value === undefined && map !== (accounts as Map<string, unknown>)) map.delete(key)
    else map.set(key, value as T)
  }
  const getAccount = async (address: Address) => copy(accounts.get(address.toString()))
  const putAccount = async (address: Address, account?: EthAccount) => {
    if (account === undefined) return remove(address.toString())
    set(accounts, address.toString(), copy(account))
  }
  const remove = (address: string): void => {
    set(accounts, address, undefined)
    if (codes.has(address)) set(codes, address, undefined)
    if (storage.has(address)) set(storage, address, undefined)
  }
  const getStorage = async (address: Address, key: Uint8Array) =>
    storage.get(address.toString())?.get(slotOf(key)) ?? new Uint8Array(0)

  const backend: Backend = {
    getAccount,
    putAccount,
    deleteAccount: async (address) => remove(address.toString()),
    modifyAccountFields: (address, fields) =>
      modifyAccountFields(getAccount, putAccount, address, fields),
    getCode: async (address) => codes.get(address.toString()) ?? new Uint8Array(0),
    getCodeSize: async (address) => codes.get(address.toString())?.length ?? 0,
    putCode: async (address, value) => {
      set(codes, address.toString(), value)
      const account = (await getAccount(address)) ?? new Account()
      account.codeHash = await codeHash(value)
      await putAccount(address, account)
    },
    getStorage,
    putStorage: async (address, key, value) => {
      let slots = storage.get(address.toString())
      if (slots === undefined) {
        slots = new Map()
        set(storage, address.toString(), slots)
      }
      set(slots, slotOf(key), value)
    },
    clearStorage: async (address) => {
      if (storage.has(address.toString())) set(storage, address.toString(), undefined)
    },
    checkpoint: async () => {
      marks.push(journal.length)
    },
    commit: async () => {
      marks.pop()
      if (marks.length === 0) journal.length = 0
    },
    revert: async () => {
      const mark = marks.pop() ?? 0
      while (journal.length > mark) {
        const undo = journal.pop() as Undo
        if (undo.had) undo.map.set(undo.key, undo.prev)
        else undo.map.delete(undo.key)
      }
    },
    originalStorageCache: {
      get: async (address, key) => {
        const id = `${address.toString()}_${slotOf(key)}`
        const cached = original.get(id)
        if (cached !== undefined) return cached
        const value = await getStorage(address, key)
        original.set(id, value)
        return value
      },
      clear: () => {
        original = new Map()
      },
    },
    getStateRoot: () =>
      Promise.reject(new Error('State.create has no state root; use Genesis.stateRoot')),
    setStateRoot: () => Promise.reject(new Error('State.create cannot switch state roots')),
    hasStateRoot: () => Promise.reject(new Error('State.create has no state roots')),
    clearCaches: () => {},
    shallowCopy: () => {
      throw new Error('State.create does not support shallowCopy')
    },
    entries: () => ({ accounts, codes, storage }),
  }
  return backend
}

/** A storage key as the state keys it: `0x` + 64 hex digits. */
function slotOf(key: Uint8Array): string {
  return bytesToHex(key.length === 32 ? key : setLengthLeft(key, 32))
}

function copy(account: EthAccount | undefined): EthAccount | undefined {
  if (account === undefined) return undefined
  return Object.assign(
    Object.create(Object.getPrototypeOf(account) as object) as EthAccount,
    account,
  )
}

const hasher = new SimpleStateManager()
const scratch = createAddressFromString(`0x${'00'.repeat(20)}`)

/** keccak256 of code, via ethereumjs's own hashing (no direct hash dependency). */
export async function codeHash(code: Uint8Array): Promise<Uint8Array> {
  await hasher.putCode(scratch, code)
  return (await hasher.getAccount(scratch))?.codeHash ?? new Uint8Array(32)
}

/**
 * `StateManagerInterface.modifyAccountFields` over a state's own `getAccount` / `putAccount`: the
 * given fields replace the account's (a missing account starts empty).
 */
export async function modifyAccountFields(
  getAccount: StateManagerInterface['getAccount'],
  putAccount: StateManagerInterface['putAccount'],
  address: Address,
  fields: Parameters<StateManagerInterface['modifyAccountFields']>[1],
): Promise<void> {
  const account = (await getAccount(address)) ?? new Account()
  account.nonce = fields.nonce ?? account.nonce
  account.balance = fields.balance ?? account.balance
  account.storageRoot = fields.storageRoot ?? account.storageRoot
  account.codeHash = fields.codeHash ?? account.codeHash
  await putAccount(address, account)
}
