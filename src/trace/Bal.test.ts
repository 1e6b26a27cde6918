import { describe, expect, test } from 'vitest'
import * as Bal from './Bal.ts'

const A = `0x${'a'.repeat(40)}`
const B = `0x${'b'.repeat(40)}`
const C = `0x${'c'.repeat(40)}`
const word = (n: number) => `0x${n.toString(16).padStart(64, '0')}`

const parts: Bal.Part[] = [
  // any order: the transaction at index 2 comes first
  {
    index: 2,
    touched: [B, A],
    reads: [{ address: B, slot: word(1) }],
    writes: [
      { field: 'storage', address: B, slot: word(2), value: word(7) },
      { field: 'balance', address: A, value: 5n },
    ],
  },
  {
    index: 1,
    touched: [A, C],
    reads: [
      { address: B, slot: word(2) },
      { address: B, slot: word(3) },
    ],
    writes: [
      { field: 'nonce', address: A, value: 1n },
      { field: 'balance', address: A, value: 9n },
    ],
  },
]

describe('assemble', () => {
  test('behavior: canonical order; a slot changed at any index is never a read; touched-only accounts stay', () => {
    expect(Bal.assemble(parts)).toEqual([
      {
        address: A,
        storageChanges: [],
        storageReads: [],
        balanceChanges: [
          { index: 1, value: 9n },
          { index: 2, value: 5n },
        ],
        nonceChanges: [{ index: 1, value: 1n }],
        codeChanges: [],
      },
      {
        address: B,
        storageChanges: [{ slot: word(2), changes: [{ index: 2, value: word(7) }] }],
        storageReads: [word(1), word(3)],
        balanceChanges: [],
        nonceChanges: [],
        codeChanges: [],
      },
      {
        address: C,
        storageChanges: [],
        storageReads: [],
        balanceChanges: [],
        nonceChanges: [],
        codeChanges: [],
      },
    ])
  })

  test('behavior: writesAt, writesByIndex, item count, highest index', () => {
    const bal = Bal.assemble(parts)
    expect(Bal.writesAt(bal, 2).map(Bal.keyOf)).toEqual([`balance:${A}`, `storage:${B}:${word(2)}`])
    expect([...Bal.writesByIndex(bal).keys()]).toEqual([1, 2])
    expect(Bal.writesAt(bal, 3)).toEqual([])
    // 3 addresses + 1 changed slot + 2 read slots
    expect(Bal.itemCount(bal)).toBe(6)
    expect(Bal.maxIndex(bal)).toBe(2)
  })

  test('behavior: firstDifference names the first differing key in key order', () => {
    const bal = Bal.assemble(parts)
    const want = Bal.writesAt(bal, 1)
    expect(Bal.firstDifference(want, want)).toBeNull()
    expect(Bal.firstDifference(want, [{ field: 'nonce', address: A, value: 1n }])).toEqual({
      key: `balance:${A}`,
      expected: '9',
      actual: 'no change',
    })
    expect(
      Bal.firstDifference(want, [...want, { field: 'code', address: C, value: '0x60' }]),
    ).toEqual({ key: `code:${C}`, expected: 'no change', actual: '0x60' })
  })
})

describe('check', () => {
  const account = (address: string, extra: Partial<Bal.Account> = {}): Bal.Account => ({
    address,
    storageChanges: [],
    storageReads: [],
    balanceChanges: [],
    nonceChanges: [],
    codeChanges: [],
    ...extra,
  })

  test('default: an assembled BAL is canonical', () => {
    expect(Bal.check(Bal.assemble(parts), 'x')).toEqual([])
  })

  test('error: out of order, duplicates, read and changed, index beyond the block, each with its path', () => {
    const bal: Bal.Bal = [
      account(B),
      account(A, {
        storageChanges: [
          { slot: word(2), changes: [{ index: 1, value: word(1) }] },
          { slot: word(2), changes: [] },
        ],
        storageReads: [word(2)],
        balanceChanges: [
          { index: 3, value: 1n },
          { index: 1, value: 2n },
        ],
        nonceChanges: [{ index: 9, value: 1n }],
      }),
      account(A),
    ]
    const issues = Bal.check(bal, 'bal.json', 4)
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ['[1].address', 'out_of_order'],
      ['[1].storageChanges[1].key', 'duplicate'],
      ['[1].storageReads[0]', 'read_and_changed'],
      ['[1].balanceChanges[1].index', 'out_of_order'],
      ['[1].nonceChanges[0].index', 'index_out_of_range'],
      ['[2].address', 'duplicate'],
    ])
    expect(issues.every((i) => i.file === 'bal.json')).toBe(true)
    expect(issues[0]?.message).toBe(`account ${A} is out of order (it follows ${B})`)
  })
})
