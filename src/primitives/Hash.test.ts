import { fc, test as propTest } from '@fast-check/vitest'
import { describe, expect, test } from 'vitest'
import * as Hash from './Hash.ts'

function reference(bytes: Uint8Array): bigint {
  let h = 0xcbf29ce484222325n
  for (const byte of bytes) h = ((h ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn
  return h
}

describe('fnv1a64', () => {
  test('default: empty input is the offset basis', () => {
    expect(Hash.toHex16(Hash.fnv1a64(new Uint8Array()))).toBe('cbf29ce484222325')
  })
  test('behavior: known vector', () => {
    expect(Hash.ofString('a')).toBe('af63dc4c8601ec8c')
  })
  propTest.prop([fc.uint8Array({ maxLength: 200 })], { seed: 42, numRuns: 300 })(
    'behavior: equals the bigint reference',
    (bytes) => {
      expect(Hash.fnv1a64(bytes)).toBe(reference(bytes))
    },
  )
})
