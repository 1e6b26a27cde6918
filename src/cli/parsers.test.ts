import { describe, expect, test } from 'vitest'
import * as parse from './parsers.ts'

describe('threadCap', () => {
  test('default: max(16, 2 × cores), so the default 1,2,4,8,16 lists work on 2 cores', () => {
    expect(parse.threadCap({}, 2)).toEqual({ cap: 16, why: 'max(16, 2 × 2 cores)' })
    expect(parse.threadCap({}, 64)).toEqual({ cap: 128, why: 'max(16, 2 × 64 cores)' })
  })

  test('options: PARALLEL_EVM_LAB_MAX_THREADS replaces the cap, up to the hard limit', () => {
    const env = (value: string) => ({ [parse.MAX_THREADS_ENV]: value })
    expect(parse.threadCap(env('512'), 2).cap).toBe(512)
    expect(parse.threadCap(env('4'), 64).cap).toBe(4)
    expect(parse.threadCap(env(' '), 2).cap).toBe(16)
    for (const bad of ['0', '1025', 'many', '-1'])
      expect(() => parse.threadCap(env(bad), 2)).toThrow(
        `PARALLEL_EVM_LAB_MAX_THREADS must be an integer in 1..=1024, got \`${bad}\``,
      )
  })
})

describe('intIn', () => {
  test('behavior: accepts min..=max, refuses anything else naming the range', () => {
    const repeats = parse.intIn(1, 100)
    expect(repeats('1')).toBe(1)
    expect(repeats(' 100 ')).toBe(100)
    for (const bad of ['0', '101', '99999999999999999999', '1.5', '-3', 'x', ''])
      expect(() => repeats(bad)).toThrow(`expected an integer in 1..=100, got \`${bad}\``)
  })
})

describe('list', () => {
  test('error: more than limits.listEntries entries', () => {
    const many = Array.from({ length: parse.limits.listEntries + 1 }, () => '1').join(',')
    expect(() => parse.list(many)).toThrow('list has 65 entries; at most 64 are accepted')
    expect(parse.list(many.slice(2))).toHaveLength(64)
  })
})
