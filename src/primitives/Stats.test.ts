import { describe, expect, test } from 'vitest'
import * as Stats from './Stats.ts'

describe('median', () => {
  test('default: the middle value of an odd count', () => {
    expect(Stats.median([5, 1, 3])).toBe(3)
    expect(Stats.median([7n, 2n, 9n])).toBe(7n)
  })
  test('behavior: the lower middle value of an even count', () => {
    expect(Stats.median([4, 1, 3, 2])).toBe(2)
    expect(Stats.median([10n, 40n])).toBe(10n)
  })
  test('error: an empty list', () => {
    expect(() => Stats.median([])).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: median of an empty list]`,
    )
  })
})
