import type { StateManagerInterface } from '@ethereumjs/common'
import { SimpleStateManager } from '@ethereumjs/statemanager'
import type { Address, Account as EthAccount } from '@ethereumjs/util'
import { Account, bytesToHex, createAddressFromString, setLengthLeft } from '@ethereumjs/util'

/** A state backend: an ethereumjs state manager that can also list its committed contents. */
export type Backend = StateManagerInterface & {
  /** Every account (undefined = deleted), code and raw storage entry (`<address>_<slot hex>`). */
  readonly entries: () => {
    readonly accounts: ReadonlyMap<string, EthAccount | undefined>
    readonly codes: ReadonlyMap<string, Uint8Array>
    readonly storage: ReadonlyMap<string, Uint8Array>
  }
}

type Undo =
  | {
      readonly map: Map<string, EthAccount | undefined>
      readonly key: string
      readonly had: boolean
      readonly prev: EthAccount | undefined
    }
  | {
      readonly map: Map<string, Uint8Array>
      readonly key: string
      readonly had: boolean
      readonly prev: Uint8Array | undefined
    }

/**
 * An in-memory journaled state manager: checkpoints cost O(1) and revert undoes only what changed
 * (ethereumjs's SimpleStateManager copies the whole state on every checkpoint, which dominates
 * with a realistic pre-state). Accounts are copied on read and write, so callers may mutate them.
 */
export function create(): Backend {
  const accounts = new Map<string, EthAccount | undefined>()
  const codes = new Map<string, Uint8Array>()
  const storage = new Map<string, Uint8Array>()
  const journal: Undo[] = []
  const marks: number[] = []
  let original = new Map<string, Uint8Array>()

  const set = <T>(map: Map<string, T>, key: string, value: T): void => {
    if (marks.length > 0) journal.push({ map, key, had: map.has(key), prev: map.get(key) } as Undo)
    map.set(key, value)
  }
  const slotKey = (address: Address, key: Uint8Array) =>
    `${address.toString()}_${bytesToHex(setLengthLeft(key, 32))}`
  const getAccount = async (address: Address) => copy(accounts.get(address.toString()))
  const putAccount = async (address: Address, account?: EthAccount) =>
    set(accounts, address.toString(), copy(account))
  const getStorage = async (address: Address, key: Uint8Array) =>
    storage.get(slotKey(address, key)) ?? new Uint8Array(0)

  const backend: Backend = {
    getAccount,
    putAccount,
    deleteAccount: async (address) => set(accounts, address.toString(), undefined),
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
    putStorage: async (address, key, value) => set(storage, slotKey(address, key), value),
    clearStorage: async (address) => {
      const prefix = `${address.toString()}_`
      for (const key of [...storage.keys()])
        if (key.startsWith(prefix)) set(storage, key, new Uint8Array(0))
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
        if (undo.had) (undo.map as Map<string, unknown>).set(undo.key, undo.prev)
        else undo.map.delete(undo.key)
      }
    },
    originalStorageCache: {
      get: async (address, key) => {
        const id = slotKey(address, key)
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
