import type { StateManagerInterface } from '@ethereumjs/common'
import { SimpleStateManager } from '@ethereumjs/statemanager'
import type { Address, Account as EthAccount } from '@ethereumjs/util'
import {
  Account,
  bytesToHex,
  createAddressFromString,
  hexToBytes,
  setLengthLeft,
} from '@ethereumjs/util'
import { BaseError } from '../primitives/Errors.ts'

/** One account's storage: slot (`0x` + 64 hex digits) → value bytes (empty = zero). */
export type Storage = Map<string, Uint8Array>

/** A state backend: an ethereumjs state manager that can also list its committed contents. */
export type Backend = StateManagerInterface & {
  /**
   * Puts an account's code whose keccak-256 the caller already knows (loading a pre-state: no
   * hashing, no journal). The account must exist.
   */
  readonly loadCode?: (address: Address, code: Uint8Array, hash: Uint8Array) => void
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
export function create(options: create.Options = {}): Backend {
  const { missingCode = new Map() } = options
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
  /** No code held: empty, unless the account still has the code the input lacks (an error). */
  const absent = async (address: Address): Promise<Uint8Array> => {
    const hash = missingCode.get(address.toString())
    const account = hash === undefined ? undefined : accounts.get(address.toString())
    if (hash !== undefined && account !== undefined && bytesToHex(account.codeHash) === hash)
      throw new MissingCodeError(address.toString(), hash)
    return new Uint8Array(0)
  }
  const getStorage = async (address: Address, key: Uint8Array) =>
    storage.get(address.toString())?.get(slotOf(key)) ?? new Uint8Array(0)

  const backend: Backend = {
    getAccount,
    putAccount,
    deleteAccount: async (address) => remove(address.toString()),
    modifyAccountFields: (address, fields) =>
      modifyAccountFields(getAccount, putAccount, address, fields),
    getCode: async (address) => codes.get(address.toString()) ?? (await absent(address)),
    getCodeSize: async (address) =>
      (codes.get(address.toString()) ?? (await absent(address))).length,
    putCode: async (address, value) => {
      set(codes, address.toString(), value)
      const account = (await getAccount(address)) ?? new Account()
      account.codeHash = await codeHash(value)
      await putAccount(address, account)
    },
    loadCode: (address, code, hash) => {
      const key = address.toString()
      codes.set(key, code)
      const account = accounts.get(key)
      if (account !== undefined) account.codeHash = hash
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
    // Receipts before Byzantium embed the state root after each transaction; ethereumjs asks for it
    // when it builds such a receipt. This state holds only what the block touches (a replay's
    // pre-state is partial), so no true root exists: it answers 32 zero bytes, and the replay
    // never checks receipts roots before Byzantium ("n/a"). Full roots: `Genesis.stateRoot`.
    getStateRoot: async () => new Uint8Array(32),
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

export declare namespace create {
  type Options = {
    /**
     * Accounts (lower-case address → code hash) whose code the input does not hold: reading
     * their code throws `MissingCodeError` instead of returning nothing.
     */
    readonly missingCode?: ReadonlyMap<string, string>
  }
}

/** Execution needed the code of an account whose code the input does not hold. */
export class MissingCodeError extends BaseError {
  override name = 'State.MissingCodeError'
  constructor(address: string, hash: string) {
    super(
      `account ${address} has code (hash ${hash}) that the input does not hold, and execution needs it`,
      {
        code: 'EVM_REPLAY_FAILED',
        hints: [
          'add the code to the replay pack (bytecodes.json: code hash → code, or `code` inline in the account)',
        ],
      },
    )
  }
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

const interned = new Map<string, Uint8Array>()
let internedBytes = 0

/**
 * The bytes of code given as hex, one shared buffer per distinct code (up to 256 MB of code, then
 * the table starts over), so per-buffer caches such as the jump-destination analysis (`JumpCache`)
 * hold across accounts, blocks and runs. Callers must not modify the buffer (the EVM never does).
 */
export function internCode(hex: string): Uint8Array {
  let bytes = interned.get(hex)
  if (bytes === undefined) {
    bytes = hexToBytes(hex as `0x${string}`)
    if (internedBytes + bytes.length > 256 * 1024 * 1024) {
      interned.clear()
      internedBytes = 0
    }
    interned.set(hex, bytes)
    internedBytes += bytes.length
  }
  return bytes
}

const hexHashes = new Map<string, Uint8Array>()

/**
 * keccak256 of code given as hex, remembered per distinct code (a replay loads the same contracts
 * block after block; hashing them again cost more than a second over the mainnet set). Returns a
 * fresh copy each time.
 */
export async function codeHashOfHex(hex: string): Promise<Uint8Array> {
  let hash = hexHashes.get(hex)
  if (hash === undefined) {
    hash = await codeHash(hexToBytes(hex as `0x${string}`))
    if (hexHashes.size >= 50_000) hexHashes.clear()
    hexHashes.set(hex, hash)
  }
  return hash.slice()
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
