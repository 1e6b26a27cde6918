import { fc, test as propTest } from '@fast-check/vitest'
import { describe, expect, test } from 'vitest'
import * as Rng from './Rng.ts'

const numRuns = Number(process.env.FC_NUM_RUNS ?? 200)

describe('block', () => {
  test('behavior: ChaCha20 matches the RFC 8439 §2.3.2 test vector', () => {
    const input = new Uint32Array([
      0x61707865, 0x3320646e, 0x79622d32, 0x6b206574, 0x03020100, 0x07060504, 0x0b0a0908,
      0x0f0e0d0c, 0x13121110, 0x17161514, 0x1b1a1918, 0x1f1e1d1c, 0x00000001, 0x09000000,
      0x4a000000, 0x00000000,
    ])
    expect([...Rng.block(input, 20)].map((w) => w.toString(16).padStart(8, '0'))).toEqual([
      'e4e7f110',
      '15593bd1',
      '1fdd0f50',
      'c47120a3',
      'c7f4d1c7',
      '0368c033',
      '9aaa2204',
      '4e6cd4c3',
      '466482d2',
      '09aa9f07',
      '05d7c214',
      'a2028bd9',
      'd19c12b5',
      'b94e16de',
      'e883d0cb',
      '4e3c50a2',
    ])
  })
})

describe('fromSeed', () => {
  test('behavior: the same seed yields the same stream', () => {
    const a = Rng.fromSeed(42n)
    const b = Rng.fromSeed(42)
    const xs = Array.from({ length: 40 }, () => Rng.nextU32(a))
    expect(Array.from({ length: 40 }, () => Rng.nextU32(b))).toEqual(xs)
  })

  test('behavior: different seeds yield different keys', () => {
    expect([...Rng.fromSeed(1n).key]).not.toEqual([...Rng.fromSeed(2n).key])
  })
})

describe('nextU64', () => {
  test('behavior: low word first, consecutive words of the stream (across block refills)', () => {
    const words = Rng.fromSeed(7n)
    const pairs = Rng.fromSeed(7n)
    for (let i = 0; i < 40; i++) {
      const lo = BigInt(Rng.nextU32(words))
      const hi = BigInt(Rng.nextU32(words))
      expect(Rng.nextU64(pairs)).toBe((hi << 32n) | lo)
    }
  })
})

describe('inclusive', () => {
  propTest.prop(
    [fc.bigInt(0n, 1000n), fc.bigInt(0n, 500n), fc.bigInt(0n, 1000n), fc.constantFrom(32, 64, 128)],
    { seed: 11, numRuns },
  )('behavior: stays within [lo, hi]', (seed, lo, span, width) => {
    const rng = Rng.fromSeed(seed)
    for (let i = 0; i < 20; i++) {
      const v = Rng.inclusive(rng, lo, lo + span, width as Rng.Width)
      expect(v >= lo && v <= lo + span).toBe(true)
    }
  })

  propTest.prop([fc.bigInt(0n, 1000n), fc.bigInt(-500n, 0n), fc.bigInt(0n, 1000n)], {
    seed: 12,
    numRuns,
  })('behavior: signed 128-bit ranges stay within [lo, hi]', (seed, lo, span) => {
    const rng = Rng.fromSeed(seed)
    const v = Rng.inclusive(rng, lo, lo + span, 128)
    expect(v >= lo && v <= lo + span).toBe(true)
  })

  test('behavior: a full-width range returns the raw draw', () => {
    const a = Rng.fromSeed(3n)
    const b = Rng.fromSeed(3n)
    expect(Rng.inclusive(a, 0n, (1n << 64n) - 1n, 64)).toBe(Rng.nextU64(b))
  })

  test('behavior: widening-multiply maps a draw to lo + (v*range >> B)', () => {
    const a = Rng.fromSeed(5n)
    const b = Rng.fromSeed(5n)
    const v = BigInt(Rng.nextU32(b))
    // range 100: zone = (100 << 25) - 1; reject only when the low half exceeds it.
    const low = (v * 100n) & 0xffffffffn
    if (low <= (100n << 25n) - 1n) expect(Rng.inclusive(a, 0n, 99n, 32)).toBe((v * 100n) >> 32n)
  })
})

describe('bernoulli', () => {
  test('behavior: p = 1 is true without consuming a draw', () => {
    const a = Rng.fromSeed(9n)
    const b = Rng.fromSeed(9n)
    expect(Rng.bernoulli(a, 1)).toBe(true)
    expect(Rng.nextU32(a)).toBe(Rng.nextU32(b))
  })

  test('behavior: p = 0 is false and consumes one u64', () => {
    const a = Rng.fromSeed(9n)
    const b = Rng.fromSeed(9n)
    expect(Rng.bernoulli(a, 0)).toBe(false)
    Rng.nextU64(b)
    expect(Rng.nextU32(a)).toBe(Rng.nextU32(b))
  })

  test('behavior: compares one u64 with floor(p * 2^64)', () => {
    const a = Rng.fromSeed(21n)
    const b = Rng.fromSeed(21n)
    const v = Rng.nextU64(b)
    expect(Rng.bernoulli(a, 0.5)).toBe(v < 1n << 63n)
  })
})
