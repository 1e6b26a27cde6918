import { describe, expect, test } from 'vitest'
import type * as Bal from '../trace/Bal.ts'
import * as BalApply from './BalApply.ts'
import type * as Genesis from './Genesis.ts'
import * as Setup from './Setup.ts'

const C = `0x${'c'.repeat(40)}`
const word = (n: number) => `0x${n.toString(16).padStart(64, '0')}`
const genesis = (hardfork: string): Genesis.Genesis => ({
  env: { ...Setup.env, hardfork },
  accounts: [
    {
      address: C,
      balance: 7n,
      nonce: 1n,
      code: '0x6000',
      storage: [
        { slot: word(1), value: word(11) },
        { slot: word(2), value: word(22) },
      ],
    },
  ],
})
// SELFDESTRUCT as a BAL shows it: code and nonce to empty, balance to 0, the touched slot to 0.
const destroyed: Bal.Write[] = [
  { field: 'balance', address: C, value: 0n },
  { field: 'nonce', address: C, value: 0n },
  { field: 'code', address: C, value: '0x' },
  { field: 'storage', address: C, slot: word(1), value: word(0) },
]

describe('BalApply', () => {
  test('behavior: before Cancun, code going to empty deletes the account with its untouched slots', async () => {
    const post = await BalApply.postState(genesis('shanghai'), new Map([[1, destroyed]]), [1])
    expect(post.accounts).toEqual([])
  })

  test('behavior: a destroyed account that receives ether again exists with that balance only', async () => {
    const refunded = destroyed.map((w) => (w.field === 'balance' ? { ...w, value: 3n } : w))
    const post = await BalApply.postState(genesis('shanghai'), new Map([[1, refunded]]), [1])
    expect(post.accounts).toEqual([{ address: C, balance: 3n, nonce: 0n, code: '0x', storage: [] }])
  })

  test('behavior: from Cancun on SELFDESTRUCT of an existing contract only moves its ether: code, nonce and slots stay', async () => {
    const swept: Bal.Write[] = [{ field: 'balance', address: C, value: 0n }]
    const post = await BalApply.postState(genesis('cancun'), new Map([[1, swept]]), [1])
    expect(post.accounts).toEqual([
      {
        address: C,
        balance: 0n,
        nonce: 1n,
        code: '0x6000',
        storage: [
          { slot: word(1), value: word(11) },
          { slot: word(2), value: word(22) },
        ],
      },
    ])
  })

  // Mainnet block 12243999, tx 44: a contract is created at an address that held ether (no code, no
  // nonce) and destroys itself in the same transaction; the BAL shows only the balance going to 0.
  const holder = (hardfork: string): Genesis.Genesis => ({
    env: { ...Setup.env, hardfork },
    accounts: [{ address: C, balance: 139n, nonce: 0n, code: '0x', storage: [] }],
  })
  const drained: Bal.Write[] = [{ field: 'balance', address: C, value: 0n }]

  test('behavior: from Spurious Dragon on an account an index leaves empty is deleted (EIP-161)', async () => {
    for (const hardfork of ['spuriousDragon', 'muirGlacier', 'cancun', 'prague']) {
      const post = await BalApply.postState(holder(hardfork), new Map([[1, drained]]), [1])
      expect(post.accounts, hardfork).toEqual([])
    }
  })

  test('behavior: before Spurious Dragon an emptied account stays, empty', async () => {
    const post = await BalApply.postState(holder('homestead'), new Map([[1, drained]]), [1])
    expect(post.accounts).toEqual([{ address: C, balance: 0n, nonce: 0n, code: '0x', storage: [] }])
  })
})
