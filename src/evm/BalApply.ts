import { Account, createAddressFromString, hexToBytes } from '@ethereumjs/util'
import type * as Bal from '../trace/Bal.ts'
import * as Chain from './Chain.ts'
import * as Genesis from './Genesis.ts'
import type * as State from './State.ts'

/**
 * Applies a BAL's post-values to a state: what a BAL-driven client does to reach the state after
 * an index without executing it. One inference the format needs: before Cancun, SELFDESTRUCT
 * deletes an existing contract with all its storage, which a BAL can only show as the code (or
 * nonce) going to empty; since nothing else empties code or lowers a nonce then, such a change
 * deletes the account first (its untouched slots go with it), and only the index's non-empty
 * post-values are applied after (a destroyed account that received ether again exists, with that
 * balance; one that did not is gone, not an empty account). And from Spurious Dragon on (EIP-161)
 * an account a transaction touched and left empty (no balance, nonce or code) is deleted at the
 * end of it, which a BAL shows only as its last field going to zero (a contract created and
 * destroyed in one transaction at an address that held ether shows just its balance going to 0):
 * an index's written account that ends empty is deleted.
 */
export async function apply(
  state: State.Backend,
  writes: readonly Bal.Write[],
  rules: Rules,
): Promise<void> {
  const gone = new Set(destroyed(writes, rules))
  for (const address of gone) await state.deleteAccount(at(address))
  for (const w of writes) {
    if (gone.has(w.address) && isEmptyValue(w)) continue
    const address = at(w.address)
    if (w.field === 'storage') {
      await state.putStorage(address, hexToBytes(w.slot as `0x${string}`), trim(w.value))
      continue
    }
    if (w.field === 'code') {
      await state.putCode(address, hexToBytes(w.value as `0x${string}`))
      continue
    }
    const account = (await state.getAccount(address)) ?? new Account()
    if (w.field === 'balance') account.balance = w.value
    else account.nonce = w.value
    await state.putAccount(address, account)
  }
  if (!rules.clearsEmpty) return
  for (const address of new Set(writes.map((w) => w.address))) {
    const account = await state.getAccount(at(address))
    if (account?.isEmpty() === true) await state.deleteAccount(at(address))
  }
}

/**
 * What `apply` must know of the chain: whether SELFDESTRUCT still deletes existing contracts, and
 * whether touched empty accounts are deleted (EIP-161).
 */
export type Rules = { readonly destroys: boolean; readonly clearsEmpty: boolean }

/** The rules of a hardfork (ethereumjs name). */
export function rules(hardfork: string): Rules {
  return {
    destroys: !Chain.atLeast(hardfork, 'cancun'),
    clearsEmpty: Chain.atLeast(hardfork, 'spuriousDragon'),
  }
}

/** Addresses an index deletes: code or nonce set to empty/zero while SELFDESTRUCT deletes. */
export function destroyed(writes: readonly Bal.Write[], rules: Rules): string[] {
  if (!rules.destroys) return []
  const out = new Set<string>()
  for (const w of writes)
    if ((w.field === 'code' && w.value === '0x') || (w.field === 'nonce' && w.value === 0n))
      out.add(w.address)
  return [...out]
}

/**
 * The state after `indices` of `bal` (ascending) applied to `genesis`, as plain genesis data.
 * @example const post = await BalApply.postState(prepared.genesis, bal, [1, 2, 3])
 */
export async function postState(
  genesis: Genesis.Genesis,
  byIndex: ReadonlyMap<number, readonly Bal.Write[]>,
  indices: readonly number[],
): Promise<Genesis.Genesis> {
  const state = await Genesis.toStateManager(genesis)
  const r = rules(genesis.env.hardfork)
  for (const index of indices) await apply(state, byIndex.get(index) ?? [], r)
  return Genesis.fromStateManager(genesis.env, state)
}

function isEmptyValue(w: Bal.Write): boolean {
  if (w.field === 'code') return w.value === '0x'
  if (w.field === 'storage') return BigInt(w.value) === 0n
  return w.value === 0n
}

function at(address: string) {
  return createAddressFromString(address)
}

/** A 32-byte word as the minimal big-endian bytes the state stores (zero: empty). */
function trim(value: string): Uint8Array {
  const bytes = hexToBytes(value as `0x${string}`)
  let start = 0
  while (start < bytes.length && bytes[start] === 0) start++
  return bytes.subarray(start)
}
