import { fc, test as propTest } from '@fast-check/vitest'
import { describe, expect, test } from 'vitest'
import * as Vm from './Vm.ts'

const MASK = (1n << 64n) - 1n
const rotl = (x: bigint, r: bigint): bigint => (r === 0n ? x : ((x << r) | (x >> (64n - r))) & MASK)

/** Straight bigint transcription of docs/original-lab.md §3.5 step 1. */
function reference(id: bigint, steps: number): bigint {
  let acc = id ^ 0x9e3779b97f4a7c15n
  for (let step = 0n; step < BigInt(steps); step++) {
    acc = rotl((acc * 0xbf58476d1ce4e5b9n) & MASK, 17n) ^ ((step + rotl(id, step % 31n)) & MASK)
  }
  return acc
}

const join = ([hi, lo]: readonly [number, number]): bigint => (BigInt(hi) << 32n) | BigInt(lo)

describe('burn', () => {
  test('default: zero steps returns the seeded accumulator', () => {
    expect(join(Vm.burn(0, 0))).toBe(0x9e3779b97f4a7c15n)
  })

  propTest.prop([fc.maxSafeNat(), fc.nat({ max: 200 })], {
    seed: 7,
    numRuns: Number(process.env.FC_NUM_RUNS ?? 200),
  })('behavior: equals the bigint reference', (id, steps) => {
    expect(join(Vm.burn(id, steps))).toBe(reference(BigInt(id), steps))
  })

  test('behavior: long runs equal the reference (the step counter passes 31 many times)', () => {
    expect(join(Vm.burn(123_456_789, 5000))).toBe(reference(123_456_789n, 5000))
  })

  test('behavior: the result feeds the observable sink', () => {
    const before = Vm.sinkValue()
    const [hi, lo] = Vm.burn(42, 10)
    expect(Vm.sinkValue()).toBe((before ^ lo ^ hi) >>> 0)
  })
})
