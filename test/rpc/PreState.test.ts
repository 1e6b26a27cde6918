import { describe, expect, test } from 'vitest'
import * as PreState from '../../src/rpc/PreState.ts'
import { TracerResultError } from '../../src/rpc/Tracers.ts'

/**
 * The merge of per-transaction prestateTracer results, on results shaped as geth and anvil give
 * them (geth leaves a contract a transaction creates out of that transaction's result; anvil lists
 * it as an empty account; both omit zero fields).
 */

const A = '0x00000000000000000000000000000000000000aa'
const B = '0x00000000000000000000000000000000000000bb'
const C = '0x00000000000000000000000000000000000000cc'
const word = (n: number) => `0x${n.toString(16).padStart(64, '0')}`
const noDiff = { pre: {}, post: {} }
const CODE = '0x6001600155'

describe('PreState.merge', () => {
  test('behavior: each account and slot comes from the first transaction that touched it', () => {
    const merged = PreState.merge([
      { pre: { [A]: { balance: '0x10', nonce: 1, storage: { '0x1': word(1) } } }, diff: noDiff },
      {
        pre: {
          [A]: { balance: '0x7', nonce: 2, storage: { [word(1)]: word(2), [word(2)]: word(5) } },
          [B]: { balance: '0x3' },
        },
        diff: noDiff,
      },
    ])
    expect(merged).toEqual({
      [A]: { balance: '0x10', nonce: '0x1', storage: { [word(1)]: word(1), [word(2)]: word(5) } },
      [B]: { balance: '0x3', nonce: '0x0', storage: {} },
    })
  })

  test('behavior: a contract geth leaves out of its creator and reports later is not in the pre-state', () => {
    const merged = PreState.merge([
      {
        pre: { [A]: { balance: '0x10', nonce: 1 } },
        diff: {
          pre: { [A]: { balance: '0x10', nonce: 1 } },
          post: { [C]: { code: CODE, nonce: 1 } },
        },
      },
      {
        pre: { [C]: { balance: '0x0', code: CODE, nonce: 1, storage: { [word(1)]: word(1) } } },
        diff: noDiff,
      },
    ])
    expect(Object.keys(merged as object)).toEqual([A])
  })

  test('behavior: a contract anvil lists as empty in its creator takes no later slot', () => {
    const merged = PreState.merge([
      {
        pre: { [A]: { balance: '0x10', nonce: 1 }, [C]: { balance: '0x0' } },
        diff: { pre: { [A]: { balance: '0x10' } }, post: { [C]: { code: CODE, nonce: 1 } } },
      },
      { pre: { [C]: { code: CODE, nonce: 1, storage: { [word(1)]: word(5) } } }, diff: noDiff },
    ])
    expect(Object.keys(merged as object)).toEqual([A])
  })

  test('behavior: a pre-funded address keeps its balance when a contract is created there', () => {
    const merged = PreState.merge([
      {
        pre: { [C]: { balance: '0x5' } },
        diff: { pre: { [C]: { balance: '0x5' } }, post: { [C]: { code: CODE, nonce: 1 } } },
      },
      {
        pre: { [C]: { balance: '0x5', code: CODE, storage: { [word(1)]: word(1) } } },
        diff: noDiff,
      },
    ])
    expect(merged).toEqual({ [C]: { balance: '0x5', nonce: '0x0', storage: {} } })
  })

  test('behavior: an EIP-7702 delegation is not a creation: later slots are still taken', () => {
    const delegation = `0xef0100${'11'.repeat(20)}`
    const merged = PreState.merge([
      {
        pre: { [A]: { balance: '0x10', nonce: 4 } },
        diff: { pre: { [A]: { nonce: 4 } }, post: { [A]: { code: delegation, nonce: 5 } } },
      },
      {
        pre: { [A]: { code: delegation, nonce: 5, storage: { [word(3)]: word(9) } } },
        diff: noDiff,
      },
    ])
    expect(merged).toEqual({
      [A]: { balance: '0x10', nonce: '0x4', storage: { [word(3)]: word(9) } },
    })
  })

  test('behavior: addresses and slots come out sorted and lower-cased, code inline', () => {
    const upper = `0x${'AB'.repeat(20)}`
    const merged = PreState.merge([
      {
        pre: {
          [upper]: { balance: '0x1', code: '0x60FF', storage: { '0x2': '0x1', '0x1': '0x2' } },
          [A]: { balance: '0x1' },
        },
        diff: noDiff,
      },
    ])
    expect(JSON.stringify(merged)).toBe(
      JSON.stringify({
        [A]: { balance: '0x1', nonce: '0x0', storage: {} },
        [upper.toLowerCase()]: {
          balance: '0x1',
          nonce: '0x0',
          code: '0x60ff',
          storage: { [word(1)]: word(2), [word(2)]: word(1) },
        },
      }),
    )
  })

  test('error: a malformed result names the transaction and the field', () => {
    const bad =
      (pre: unknown, diff: unknown = noDiff) =>
      () =>
        PreState.merge([
          { pre: {}, diff: noDiff },
          { pre, diff },
        ])
    expect(bad({ [A]: { balance: 12.5 } })).toThrow(
      new TracerResultError(`tx_index 1 ${A}: balance is not a quantity (got 12.5)`),
    )
    expect(bad({ [A]: { storage: { '0x1': 7 } } })).toThrow(
      `tx_index 1 ${A}: storage 0x1 is not a hex word`,
    )
    expect(bad({ nope: {} })).toThrow('tx_index 1 prestateTracer result: `nope` is not an address')
    expect(bad({}, { post: {} })).toThrow(
      'tx_index 1 prestateTracer diffMode result has no pre/post objects',
    )
  })
})
