import { describe, expect, test } from 'vitest'
import * as Key from './AccessKey.ts'
import * as State from './State.ts'
import * as Tx from './Tx.ts'

const base = (): State.State => State.withAccountsAndStorage(8, 2, 4)

describe('from', () => {
  test('behavior: declared sets follow the docs/original-lab.md §3.5 table (sorted)', () => {
    const t = Tx.from(0, { type: 'transfer', from: 3, to: 1, amount: 5n })
    expect(t.declaredReads.map(Key.display)).toEqual([
      'acct:1:balance',
      'acct:3:balance',
      'acct:3:nonce',
    ])
    expect(t.declaredWrites).toEqual(t.declaredReads)
    const set = Tx.from(1, {
      type: 'storage_set',
      contract: 1,
      slot: 2,
      value: 1n,
      readPrior: false,
    })
    expect(set.declaredReads).toEqual([])
    expect(set.declaredWrites.map(Key.display)).toEqual(['contract:1:slot:2'])
    const swap = Tx.from(2, { type: 'swap_like', trader: 4, pool: 1, amountIn: 1n, minOut: 0n })
    expect(swap.declaredReads.map(Key.display)).toEqual([
      'acct:4:balance',
      'contract:1:slot:0',
      'contract:1:slot:1',
    ])
    expect(Tx.from(3, { type: 'noop' }).declaredWrites).toEqual([])
  })
})

describe('execute', () => {
  test('behavior: transfer moves the amount and bumps the nonce', () => {
    const out = Tx.execute(base(), Tx.from(0, { type: 'transfer', from: 2, to: 5, amount: 100n }))
    expect(out.status).toBe('applied')
    expect(out.delta.map(([k, v]) => `${Key.display(k)}=${v}`)).toEqual([
      'acct:2:balance=999902',
      'acct:5:balance=1000105',
      'acct:2:nonce=1',
    ])
  })

  test('behavior: insufficient balance is deterministic and still writes the nonce', () => {
    const tx = Tx.from(0, { type: 'transfer', from: 1, to: 2, amount: 5_000_000n })
    const a = Tx.execute(base(), tx)
    expect(a).toEqual(Tx.execute(base(), tx))
    expect(a.status).toBe('insufficient_balance')
    expect(a.delta.map(([k, v]) => `${Key.display(k)}=${v}`)).toEqual(['acct:1:nonce=1'])
  })

  test('behavior: zero amount and self transfer are noops that bump the nonce', () => {
    const zero = Tx.execute(base(), Tx.from(0, { type: 'transfer', from: 1, to: 2, amount: -4n }))
    expect(zero.status).toBe('noop')
    const self = Tx.execute(base(), Tx.from(0, { type: 'transfer', from: 1, to: 1, amount: 4n }))
    expect(self.status).toBe('noop')
    expect(self.delta.length).toBe(1)
  })

  test('behavior: storage add saturates at i128 max', () => {
    const s = base()
    State.write(s, Key.storage(0, 0), (1n << 127n) - 2n)
    const out = Tx.execute(s, Tx.from(0, { type: 'storage_add', contract: 0, slot: 0, delta: 50n }))
    expect(out.delta[0]?.[1]).toBe((1n << 127n) - 1n)
  })

  test('behavior: storage set reads only when read_prior', () => {
    const kind = { type: 'storage_set', contract: 1, slot: 1, value: 9n } as const
    expect(Tx.execute(base(), Tx.from(0, { ...kind, readPrior: false })).readValues).toEqual([])
    expect(Tx.execute(base(), Tx.from(0, { ...kind, readPrior: true })).readValues).toEqual([
      [Key.storage(1, 1), 1_001_001n],
    ])
  })

  test('behavior: swap-like uses the constant-product quote (hand computed)', () => {
    // reserves: slot0 = 1_001_000, slot1 = 1_001_001 (contract 1); trader 3 balance 1_000_003.
    // quoted = 500 * 1_001_001 / (1_001_000 + 500 + 1) = 500_500_500 / 1_001_501 = 499;
    // trader: 1_000_003 - 500 + 499 = 1_000_002; reserves: 1_001_500 and 1_001_001 - 499 = 1_000_502.
    const out = Tx.execute(
      base(),
      Tx.from(0, { type: 'swap_like', trader: 3, pool: 1, amountIn: 500n, minOut: 0n }),
    )
    expect(out.status).toBe('applied')
    expect(out.delta.map(([k, v]) => `${Key.display(k)}=${v}`)).toEqual([
      'acct:3:balance=1000002',
      'contract:1:slot:0=1001500',
      'contract:1:slot:1=1000502',
    ])
    const slip = Tx.execute(
      base(),
      Tx.from(0, { type: 'swap_like', trader: 3, pool: 1, amountIn: 500n, minOut: 500n }),
    )
    expect(slip.status).toBe('slippage_exceeded')
    expect(slip.delta).toEqual([])
  })

  test('behavior: hot-pool deposits min(amount, balance)', () => {
    const s = base()
    State.write(s, Key.balance(2), 30n)
    const out = Tx.execute(s, Tx.from(0, { type: 'hot_pool', account: 2, pool: 0, amount: 100n }))
    expect(out.delta.map(([k, v]) => `${Key.display(k)}=${v}`)).toEqual([
      'acct:2:balance=0',
      'contract:0:slot:0=1000030',
    ])
    State.write(s, Key.balance(2), 0n)
    expect(
      Tx.execute(s, Tx.from(0, { type: 'hot_pool', account: 2, pool: 0, amount: 100n })).status,
    ).toBe('insufficient_balance')
  })

  test('behavior: vm_steps changes no state', () => {
    const kind = { type: 'storage_add', contract: 1, slot: 2, delta: 3n } as const
    expect(Tx.execute(base(), Tx.from(4, kind, 1000))).toEqual(
      Tx.execute(base(), Tx.from(4, kind, 0)),
    )
  })
})

describe('readsMatch', () => {
  test('behavior: false once a read key changes', () => {
    const s = base()
    const out = Tx.execute(s, Tx.from(0, { type: 'storage_add', contract: 0, slot: 1, delta: 1n }))
    expect(Tx.readsMatch(out, s)).toBe(true)
    State.write(s, Key.storage(0, 1), 0n)
    expect(Tx.readsMatch(out, s)).toBe(false)
  })
})

describe('debug', () => {
  test('behavior: Rust Debug forms', () => {
    expect(Tx.debug({ type: 'transfer', from: 3, to: 7, amount: 12n })).toBe(
      'Transfer { from: AccountId(3), to: AccountId(7), amount: 12 }',
    )
    expect(Tx.debug({ type: 'noop' })).toBe('Noop')
    expect(
      Tx.debug({ type: 'storage_set', contract: 1, slot: 2, value: -3n, readPrior: true }),
    ).toBe('StorageSet { contract: ContractId(1), slot: SlotId(2), value: -3, read_prior: true }')
  })
})
