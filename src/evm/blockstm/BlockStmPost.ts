import * as Order from '../../primitives/Order.ts'
import * as Key from '../../trace/Key.ts'
import type * as Genesis from '../Genesis.ts'
import type { AccountValue, Value } from './BlockStmMemory.ts'

type Mutable = { balance: bigint; nonce: bigint; code: string; storage: Map<string, string> }

/**
 * The committed post-state: the pre-block accounts, overwritten by each key's final version
 * (balances already folded through their lazy additions). Same plain form as
 * `Genesis.fromStateManager` (accounts by address, non-zero slots by slot, 32-byte words).
 */
export function postState(
  genesis: Genesis.Genesis,
  finals: readonly (readonly [Key.Id, Value])[],
): Genesis.Genesis {
  const accounts = new Map<string, Mutable | null>()
  for (const a of genesis.accounts) {
    accounts.set(a.address.toLowerCase(), {
      balance: a.balance,
      nonce: a.nonce,
      code: a.code,
      storage: new Map(a.storage.map((s) => [s.slot, s.value])),
    })
  }
  const fresh = (): Mutable => ({ balance: 0n, nonce: 0n, code: '0x', storage: new Map() })
  for (const [key, value] of finals) {
    if (Key.typeOf(key) !== 'account') continue
    const address = Key.addressOf(key)
    const account = value as AccountValue
    if (account === null) accounts.set(address, null)
    else {
      const current = accounts.get(address) ?? fresh()
      accounts.set(address, { ...current, nonce: account.nonce })
    }
  }
  for (const [key, value] of finals) {
    const type = Key.typeOf(key)
    if (type === 'balance') {
      const account = accounts.get(Key.addressOf(key))
      if (account) account.balance = (value as { set: bigint }).set
    } else if (type === 'code') {
      const account = accounts.get(Key.addressOf(key))
      if (account) account.code = value as string
    } else if (type === 'storage') {
      const account = accounts.get(Key.addressOf(key))
      if (account) account.storage.set(Key.slotOf(key) ?? '', word(value as string))
    }
  }
  const out: Genesis.Account[] = []
  for (const [address, account] of accounts) {
    if (account === null) continue
    const storage = [...account.storage]
      .filter(([, v]) => BigInt(v) !== 0n)
      .map(([slot, value]) => ({ slot, value }))
      .sort(Order.by((s) => s.slot, Order.strings))
    out.push({
      address,
      balance: account.balance,
      nonce: account.nonce,
      code: account.code,
      storage,
    })
  }
  out.sort(Order.by((a) => a.address, Order.strings))
  return { env: genesis.env, accounts: out }
}

function word(hex: string): string {
  const digits = hex.slice(2) || '0'
  return `0x${digits.replace(/^0+/, '').padStart(64, '0')}`
}
