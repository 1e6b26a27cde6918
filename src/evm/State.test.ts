import { SimpleStateManager } from '@ethereumjs/statemanager'
import {
  Account,
  bytesToHex,
  createAddressFromString,
  hexToBytes,
  setLengthLeft,
} from '@ethereumjs/util'
import { describe, expect, test } from 'vitest'
import * as Execute from './Execute.ts'
import * as Generate from './Generate.ts'
import type * as Genesis from './Genesis.ts'
import * as State from './State.ts'

/** ethereumjs's reference SimpleStateManager, exposed through the Backend seam. */
async function reference(genesis: Genesis.Genesis): Promise<State.Backend> {
  const sm = new SimpleStateManager()
  for (const a of genesis.accounts) {
    const address = createAddressFromString(a.address)
    await sm.putAccount(address, new Account(a.nonce, a.balance))
    if (a.code !== '0x') await sm.putCode(address, hexToBytes(a.code as `0x${string}`))
    for (const { slot, value } of a.storage)
      await sm.putStorage(
        address,
        hexToBytes(slot as `0x${string}`),
        hexToBytes(value as `0x${string}`),
      )
  }
  return Object.assign(sm, {
    entries: () => ({
      accounts: sm.accountStack.at(-1) ?? new Map(),
      codes: sm.codeStack.at(-1) ?? new Map(),
      storage: nested(sm.storageStack.at(-1) ?? new Map()),
    }),
  })
}

/** SimpleStateManager's flat `<address>_<slot>` storage keys → address → slot (32-byte hex) → value. */
function nested(flat: ReadonlyMap<string, Uint8Array>): Map<string, Map<string, Uint8Array>> {
  const out = new Map<string, Map<string, Uint8Array>>()
  for (const [key, value] of flat) {
    const [address = '', slot = ''] = key.split('_')
    const slots = out.get(address) ?? new Map<string, Uint8Array>()
    slots.set(bytesToHex(setLengthLeft(hexToBytes(slot as `0x${string}`), 32)), value)
    out.set(address, slots)
  }
  return out
}

describe('create', () => {
  test('behavior: deleting an account drops its code and storage; a revert restores both', async () => {
    const state = State.create()
    const a = createAddressFromString('0x2222222222222222222222222222222222222222')
    const key = new Uint8Array(32)
    await state.putAccount(a, new Account(1n, 0n))
    await state.putCode(a, Uint8Array.of(0x60, 0x00))
    await state.putStorage(a, key, Uint8Array.of(7))
    await state.checkpoint()
    await state.deleteAccount(a)
    expect(await state.getCode(a)).toEqual(new Uint8Array(0))
    expect(await state.getStorage(a, key)).toEqual(new Uint8Array(0))
    // Re-created at the same address (CREATE2 after SELFDESTRUCT): starts with empty storage.
    await state.putAccount(a, new Account(1n, 0n))
    expect(await state.getStorage(a, key)).toEqual(new Uint8Array(0))
    await state.putStorage(a, key, Uint8Array.of(9))
    await state.revert()
    expect(await state.getCode(a)).toEqual(Uint8Array.of(0x60, 0x00))
    expect(await state.getStorage(a, key)).toEqual(Uint8Array.of(7))
  })

  test('behavior: nested checkpoints revert only their own writes', async () => {
    const state = State.create()
    const a = createAddressFromString('0x1111111111111111111111111111111111111111')
    const key = new Uint8Array(32)
    await state.putStorage(a, key, Uint8Array.of(1))
    await state.checkpoint()
    await state.putStorage(a, key, Uint8Array.of(2))
    await state.checkpoint()
    await state.putStorage(a, key, Uint8Array.of(3))
    await state.putAccount(a, new Account(1n, 5n))
    await state.revert()
    expect(await state.getStorage(a, key)).toEqual(Uint8Array.of(2))
    expect(await state.getAccount(a)).toBeUndefined()
    await state.commit()
    expect(await state.getStorage(a, key)).toEqual(Uint8Array.of(2))
  })

  test('behavior: accounts are copies (mutating a read does not change state)', async () => {
    const state = State.create()
    const a = createAddressFromString('0x1111111111111111111111111111111111111111')
    await state.putAccount(a, new Account(1n, 5n))
    const read = await state.getAccount(a)
    read!.balance = 99n
    expect((await state.getAccount(a))?.balance).toBe(5n)
  })

  test('behavior: a generated block gives the same results and state root as SimpleStateManager', async () => {
    const g = await Generate.block({ txs: 40, users: 6, pools: 3, seed: 11 })
    const mine = await Execute.run(g.genesis, g.txs, { capture: 'accesses' })
    const theirs = await Execute.run(g.genesis, g.txs, {
      capture: 'accesses',
      createStateManager: reference,
    })
    expect(mine.results).toEqual(theirs.results)
    expect(mine.stateRoot).toBe(theirs.stateRoot)
  })
})
