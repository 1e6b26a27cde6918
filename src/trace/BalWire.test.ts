import { describe, expect, test } from 'vitest'
import type * as Bal from './Bal.ts'
import * as BalWire from './BalWire.ts'

const A = `0x${'a'.repeat(40)}`
const word = (n: number) => `0x${n.toString(16).padStart(64, '0')}`
const bal: Bal.Bal = [
  {
    address: A,
    storageChanges: [{ slot: word(1), changes: [{ index: 0, value: word(255) }] }],
    storageReads: [word(2)],
    balanceChanges: [{ index: 3, value: 10n ** 20n }],
    nonceChanges: [{ index: 3, value: 0n }],
    codeChanges: [{ index: 4, value: '0x6001' }],
  },
]

describe('BalWire', () => {
  test('behavior: the execution-apis form, every field present, minimal hex quantities; round trip', () => {
    const json = BalWire.toJson(bal)
    expect(json).toEqual([
      {
        address: A,
        storageChanges: [{ key: word(1), changes: [{ index: '0x0', value: word(255) }] }],
        storageReads: [word(2)],
        balanceChanges: [{ index: '0x3', value: '0x56bc75e2d63100000' }],
        nonceChanges: [{ index: '0x3', value: '0x0' }],
        codeChanges: [{ index: '0x4', code: '0x6001' }],
      },
    ])
    expect(BalWire.fromJson(JSON.parse(JSON.stringify(json)), 'f')).toEqual({
      value: bal,
      issues: [],
    })
  })

  test('behavior: absent arrays are empty (the schema requires only address); hex is lower-cased', () => {
    const parsed = BalWire.fromJson([{ address: A.toUpperCase().replace('0X', '0x') }], 'f')
    expect(parsed.value).toEqual([
      {
        address: A,
        storageChanges: [],
        storageReads: [],
        balanceChanges: [],
        nonceChanges: [],
        codeChanges: [],
      },
    ])
  })

  test('error: every malformed field is named by file and JSON path', () => {
    const parsed = BalWire.fromJson(
      [
        {
          address: '0x12',
          storageChanges: [{ key: word(1), changes: [{ index: '0x01', value: '0x5' }] }],
          storageReads: [7],
          balanceChanges: [{ index: `0x1${'0'.repeat(8)}`, value: `0x1${'0'.repeat(64)}` }],
          nonceChanges: 'none',
          codeChanges: [{ index: '0x1', code: '0x123' }],
        },
        'account',
      ],
      'bal.json',
    )
    expect(parsed.value).toBeUndefined()
    expect(parsed.issues.map((i) => [i.path, i.code])).toEqual([
      ['[0].address', 'invalid_hex'],
      ['[0].storageChanges[0].changes[0].index', 'invalid_quantity'],
      ['[0].storageChanges[0].changes[0].value', 'invalid_hex'],
      ['[0].storageReads[0]', 'wrong_type'],
      ['[0].balanceChanges[0].index', 'invalid_quantity'],
      ['[0].balanceChanges[0].value', 'invalid_quantity'],
      ['[0].nonceChanges', 'wrong_type'],
      ['[0].codeChanges[0].code', 'invalid_hex'],
      ['[1]', 'wrong_type'],
    ])
    expect(parsed.issues.every((i) => i.file === 'bal.json')).toBe(true)
    expect(BalWire.fromJson({ accounts: [] }, 'x').issues[0]?.code).toBe('wrong_type')
  })
})
