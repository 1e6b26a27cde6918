import * as Order from './Order.ts'

/**
 * The median of a non-empty list: the middle value, and for an even count the lower of the two
 * middle values (so the median is always a measured value, never an average of two).
 * @example Stats.median([3, 1, 2, 4]) // 2
 */
export function median<T extends number | bigint>(values: readonly T[]): T {
  if (values.length === 0) throw new RangeError('median of an empty list')
  const sorted = [...values].sort(Order.numbers)
  return sorted[Math.floor((sorted.length - 1) / 2)] as T
}
