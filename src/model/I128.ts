/** Signed 128-bit integers as `bigint`, with Rust's saturating arithmetic. */

/** Smallest i128. */
export const MIN = -(1n << 127n)
/** Largest i128. */
export const MAX = (1n << 127n) - 1n
/** Largest u64. */
export const U64_MAX = (1n << 64n) - 1n

/** Clamps any integer into the i128 range. */
export function clamp(value: bigint): bigint {
  return value < MIN ? MIN : value > MAX ? MAX : value
}

/** `i128::saturating_add`. */
export function add(a: bigint, b: bigint): bigint {
  return clamp(a + b)
}

/** `i128::saturating_sub`. */
export function sub(a: bigint, b: bigint): bigint {
  return clamp(a - b)
}

/** `i128::saturating_mul`. */
export function mul(a: bigint, b: bigint): bigint {
  return clamp(a * b)
}

/** Larger of two values. */
export function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b
}

/** Smaller of two values. */
export function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b
}
