import { describe, expect, test } from 'vitest'
import * as Key from './AccessKey.ts'
import * as State from './State.ts'

describe('hash', () => {
  test('behavior: published vector for the empty state', () => {
    expect(State.hash(State.empty())).toBe('252cc6dcaaa244e7')
  })

  test('behavior: published vector for the default generator state (256 accounts, 64×32 slots)', () => {
    expect(State.hash(State.withAccountsAndStorage(256, 64, 32))).toBe('ef8fefddcc862f76')
  })

  test('behavior: equal seeded states hash equal; a write changes the hash', () => {
    const a = State.withAccountsAndStorage(4, 2, 3)
    const b = State.withAccountsAndStorage(4, 2, 3)
    expect(State.hash(a)).toBe(State.hash(b))
    State.write(b, Key.storage(1, 2), 7n)
    expect(State.hash(b)).not.toBe(State.hash(a))
  })

  test('behavior: negative i128 values encode as two’s complement', () => {
    const s = State.empty()
    State.write(s, Key.storage(0, 0), -1n)
    const bytes = State.encode(s)
    expect([...bytes.slice(-16)]).toEqual(Array(16).fill(0xff))
  })
})

describe('read', () => {
  test('default: missing entries read as 0', () => {
    const s = State.empty()
    expect(State.read(s, Key.balance(9))).toBe(0n)
    expect(State.read(s, Key.nonce(9))).toBe(0n)
    expect(State.read(s, Key.storage(3, 4))).toBe(0n)
  })

  test('behavior: withAccountsAndStorage values', () => {
    const s = State.withAccountsAndStorage(3, 2, 4)
    expect(State.read(s, Key.balance(2))).toBe(1_000_002n)
    expect(State.read(s, Key.storage(1, 3))).toBe(1_001_003n)
    expect(State.read(s, Key.nonce(0))).toBe(0n)
  })
})

describe('write', () => {
  test('behavior: a balance write creates the account with nonce 0', () => {
    const s = State.empty()
    State.write(s, Key.balance(5), 10n)
    expect(s.accounts.get(5)).toEqual({ balance: 10n, nonce: 0n })
  })

  test('behavior: nonce writes saturate into [0, 2^64-1] instead of wrapping', () => {
    const s = State.empty()
    State.write(s, Key.nonce(1), -3n)
    expect(State.read(s, Key.nonce(1))).toBe(0n)
    State.write(s, Key.nonce(1), 1n << 70n)
    expect(State.read(s, Key.nonce(1))).toBe(18446744073709551615n)
  })
})

describe('applyDelta', () => {
  test('behavior: writes every entry', () => {
    const s = State.empty()
    State.applyDelta(s, [
      [Key.balance(1), 5n],
      [Key.storage(2, 3), 9n],
    ])
    expect(State.read(s, Key.balance(1))).toBe(5n)
    expect(State.read(s, Key.storage(2, 3))).toBe(9n)
  })
})

describe('equals', () => {
  test('behavior: compares every account and cell, not insertion order', () => {
    const a = State.empty()
    const b = State.empty()
    State.write(a, Key.storage(1, 1), 1n)
    State.write(a, Key.storage(0, 0), 2n)
    State.write(b, Key.storage(0, 0), 2n)
    State.write(b, Key.storage(1, 1), 1n)
    expect(State.equals(a, b)).toBe(true)
    State.write(b, Key.nonce(0), 1n)
    expect(State.equals(a, b)).toBe(false)
  })

  test('behavior: clone is deep', () => {
    const a = State.withAccountsAndStorage(2, 1, 1)
    const b = State.clone(a)
    State.write(b, Key.balance(0), 0n)
    expect(State.read(a, Key.balance(0))).toBe(1_000_000n)
  })
})
