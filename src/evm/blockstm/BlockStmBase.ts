import { bytesToHex, KECCAK256_NULL, KECCAK256_RLP } from '@ethereumjs/util'
import type * as Execute from '../Execute.ts'
import type * as Genesis from '../Genesis.ts'
import * as State from '../State.ts'
import type { AccountValue } from './BlockStmMemory.ts'

/**
 * The pre-block state as a worker reads it: indexed lazily from the plain genesis (no state
 * manager is built; a contract's storage is indexed on its first read). Values are exactly what
 * `Genesis.toStateManager` would return: default storage root, keccak code hash, trimmed words.
 */
export type Base = {
  /** The account's fields other than its balance, or null when it does not exist. */
  readonly account: (address: string) => Promise<AccountValue>
  /** The account's balance (0 when it does not exist). */
  readonly balance: (address: string) => bigint
  /** Whether the account exists before the block. */
  readonly exists: (address: string) => boolean
  readonly code: (address: string) => string
  readonly storage: (address: string, slot: string) => string
  /**
   * The account's pre-block storage, word by slot (slots as `Key.storageId` takes them, words
   * trimmed as `storage` returns them); indexed on first use.
   */
  readonly storageOf: (address: string) => ReadonlyMap<string, string>
}

/** A block as one string: posted to every worker (a string clone is a copy, not an object walk). */
export function encode(genesis: Genesis.Genesis, txs: readonly Execute.Tx[]): string {
  return JSON.stringify({ genesis, txs }, (_, v) =>
    typeof v === 'bigint' ? { $n: v.toString() } : v,
  )
}

/** Inverse of `encode`. */
export function decode(text: string): { genesis: Genesis.Genesis; txs: Execute.Tx[] } {
  return JSON.parse(text, (_, v) =>
    v !== null && typeof v === 'object' && typeof v.$n === 'string' ? BigInt(v.$n) : v,
  )
}

/** Indexes a genesis for lazy reads. */
export function create(genesis: Genesis.Genesis): Base {
  const accounts = new Map(genesis.accounts.map((a) => [a.address.toLowerCase(), a]))
  const storages = new Map<string, Map<string, string>>()
  const storageOf = (address: string) => {
    let cells = storages.get(address)
    if (cells === undefined) {
      cells = new Map((accounts.get(address)?.storage ?? []).map((s) => [s.slot, trim(s.value)]))
      storages.set(address, cells)
    }
    return cells
  }
  const hashes = new Map<string, string>()
  const emptyRoot = bytesToHex(KECCAK256_RLP)
  const emptyCode = bytesToHex(KECCAK256_NULL)
  return {
    account: async (address) => {
      const a = accounts.get(address)
      if (a === undefined) return null
      let codeHash: string = a.missingCodeHash ?? emptyCode
      if (a.code !== '0x') {
        codeHash = hashes.get(address) ?? bytesToHex(await State.codeHashOfHex(a.code))
        hashes.set(address, codeHash)
      }
      return { nonce: a.nonce, storageRoot: emptyRoot, codeHash }
    },
    balance: (address) => accounts.get(address)?.balance ?? 0n,
    exists: (address) => accounts.has(address),
    storageOf,
    code: (address) => {
      const a = accounts.get(address)
      if (a?.missingCodeHash !== undefined)
        throw new State.MissingCodeError(address, a.missingCodeHash)
      return a?.code ?? '0x'
    },
    storage: (address, slot) => storageOf(address).get(slot) ?? '0x',
  }
}

function trim(word: string): string {
  const digits = word.slice(2).replace(/^(00)+/, '')
  return `0x${digits}`
}
