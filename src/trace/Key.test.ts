import { fc, test as propTest } from '@fast-check/vitest'
import { describe, expect, test } from 'vitest'
import * as Key from './Key.ts'

const address = fc.constantFrom(
  '0x0000000000000000000000000000000000000001',
  '0x00000000000000000000000000000000000000ff',
  '0xabc0000000000000000000000000000000000000',
)
const slot = fc.constantFrom(`0x${'0'.repeat(64)}`, `0x${'0'.repeat(63)}1`, `0x${'f'.repeat(64)}`)
const arbKey: fc.Arbitrary<Key.Key> = fc.oneof(
  fc.record({
    type: fc.constantFrom(...(['account', 'balance', 'nonce', 'code'] as const)),
    address,
  }),
  fc.record({ type: fc.constant('storage' as const), address, slot }),
)

describe('toId', () => {
  test('default: one tag character, the address, and the slot for storage', () => {
    expect(Key.toId({ type: 'balance', address: '0xaa' })).toBe('10xaa')
    expect(Key.toId({ type: 'storage', address: '0xaa', slot: '0x01' })).toBe('40xaa:0x01')
    expect(Key.accountId('0xaa')).toBe(Key.toId({ type: 'account', address: '0xaa' }))
    expect(Key.codeId('0xaa')).toBe(Key.toId({ type: 'code', address: '0xaa' }))
    expect(Key.storageId('0xaa', '0x01')).toBe('40xaa:0x01')
  })

  propTest.prop([arbKey], { seed: 3, numRuns: 200 })('behavior: fromId inverts toId', (key) => {
    expect(Key.fromId(Key.toId(key))).toEqual(key)
  })

  propTest.prop([fc.array(arbKey, { maxLength: 12 })], { seed: 5, numRuns: 200 })(
    'behavior: code-unit order of ids is the typed key order',
    (keys) => {
      const byType = [...keys].sort(Key.compare).map(Key.toId)
      const byId = keys.map(Key.toId).sort(Key.compareIds)
      expect(byId).toEqual(byType)
    },
  )
})

describe('toText', () => {
  test('default: the report display forms', () => {
    expect(
      Key.types.map((type) =>
        Key.toText(Key.toId({ type, address: '0xaa', slot: '0x01' } as Key.Key)),
      ),
    ).toEqual(['account:0xaa', 'balance:0xaa', 'nonce:0xaa', 'code:0xaa', 'storage:0xaa:0x01'])
    expect(Key.toSlotText(Key.storageId('0xaa', '0x01'))).toBe('0xaa:0x01')
    expect(Key.toSlotText(Key.accountId('0xaa'))).toBeNull()
  })

  test('error: a string that is not an id', () => {
    expect(() => Key.typeOf('storage:0xaa:0x01')).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: not a key id: "storage:0xaa:0x01"]`,
    )
  })
})
