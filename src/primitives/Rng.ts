/**
 * Seeded PRNG, bit-identical to Rust `rand_chacha 0.3` `ChaCha8Rng::seed_from_u64` driven through
 * `rand 0.8` integer (`gen_range`) and Bernoulli (`gen_bool`) sampling, so synthetic workloads match
 * the original lab exactly. The state is a plain mutable object owned by one caller.
 */

/** A ChaCha8 stream: key, block counter and the current 16-word output block. */
export type Rng = {
  readonly key: Uint32Array
  counter: number
  readonly block: Uint32Array
  index: number
}

const MASK64 = (1n << 64n) - 1n
const MASK128 = (1n << 128n) - 1n

/** `seed_from_u64`: expands a u64 seed into a 32-byte key with the PCG32 steps of rand_core 0.6. */
export function fromSeed(seed: bigint | number): Rng {
  let state = BigInt(seed) & MASK64
  const key = new Uint32Array(8)
  for (let i = 0; i < 8; i++) {
    state = (state * 6364136223846793005n + 11634580027462260723n) & MASK64
    const xs = Number((((state >> 18n) ^ state) >> 27n) & 0xffffffffn)
    const rot = Number(state >> 59n)
    key[i] = ((xs >>> rot) | (xs << ((32 - rot) & 31))) >>> 0
  }
  return { key, counter: 0, block: new Uint32Array(16), index: 16 }
}

/** Next 32-bit word of the stream. */
export function nextU32(rng: Rng): number {
  if (rng.index >= 16) refill(rng)
  const word = rng.block[rng.index] as number
  rng.index += 1
  return word
}

/** Next u64: low word first. */
export function nextU64(rng: Rng): bigint {
  const lo = nextU32(rng)
  const hi = nextU32(rng)
  return (BigInt(hi) << 32n) | BigInt(lo)
}

/** Next u128: low u64 first. */
export function nextU128(rng: Rng): bigint {
  const lo = nextU64(rng)
  const hi = nextU64(rng)
  return (hi << 64n) | lo
}

/** Integer width used for a `gen_range` draw (the Rust type of the range). */
export type Width = 32 | 64 | 128

/**
 * `gen_range(lo..=hi)` for an integer type of `width` bits (rand 0.8 `sample_single_inclusive`,
 * widening-multiply rejection). Signed ranges work because the arithmetic is modulo 2^width.
 */
export function inclusive(rng: Rng, lo: bigint, hi: bigint, width: Width): bigint {
  const bits = BigInt(width)
  const mask = (1n << bits) - 1n
  const range = (hi - lo + 1n) & mask
  if (range === 0n) return lo + draw(rng, width)
  const zone = ((range << BigInt(leadingZeros(range, width))) - 1n) & mask
  for (;;) {
    const product = draw(rng, width) * range
    if ((product & mask) <= zone) return lo + (product >> bits)
  }
}

/** `gen_range(lo..hi)` (half-open) for a `width`-bit integer type. */
export function below(rng: Rng, lo: bigint, hi: bigint, width: Width): bigint {
  return inclusive(rng, lo, hi - 1n, width)
}

/** `gen_range` over a small non-negative half-open range, returned as a JS number. */
export function index(rng: Rng, lo: number, hi: number, width: Width): number {
  return Number(below(rng, BigInt(lo), BigInt(hi), width))
}

/** `gen_bool(p)` (rand 0.8 Bernoulli): p == 1 never consumes; otherwise one u64 draw. */
export function bernoulli(rng: Rng, p: number): boolean {
  if (p === 1) return true
  const threshold = p <= 0 ? 0n : BigInt(Math.floor(p * 2 ** 64))
  return nextU64(rng) < threshold
}

function draw(rng: Rng, width: Width): bigint {
  if (width === 32) return BigInt(nextU32(rng))
  if (width === 64) return nextU64(rng)
  return nextU128(rng) & MASK128
}

function leadingZeros(value: bigint, width: Width): number {
  return width - value.toString(2).length
}

function refill(rng: Rng): void {
  const input = new Uint32Array(16)
  input[0] = 0x61707865
  input[1] = 0x3320646e
  input[2] = 0x79622d32
  input[3] = 0x6b206574
  input.set(rng.key, 4)
  input[12] = rng.counter >>> 0
  input[13] = Math.floor(rng.counter / 0x100000000) >>> 0
  rng.block.set(block(input, 8))
  rng.counter += 1
  rng.index = 0
}

/** The ChaCha block function: `rounds` rounds over a 16-word input, plus the input (RFC 8439 §2.3). */
export function block(input: Uint32Array, rounds: number): Uint32Array {
  const x = Uint32Array.from(input)
  for (let round = 0; round < rounds; round += 2) {
    quarter(x, 0, 4, 8, 12)
    quarter(x, 1, 5, 9, 13)
    quarter(x, 2, 6, 10, 14)
    quarter(x, 3, 7, 11, 15)
    quarter(x, 0, 5, 10, 15)
    quarter(x, 1, 6, 11, 12)
    quarter(x, 2, 7, 8, 13)
    quarter(x, 3, 4, 9, 14)
  }
  for (let i = 0; i < 16; i++) x[i] = ((x[i] as number) + (input[i] as number)) >>> 0
  return x
}

function quarter(x: Uint32Array, a: number, b: number, c: number, d: number): void {
  x[a] = (x[a] as number) + (x[b] as number)
  x[d] = rotl32((x[d] as number) ^ (x[a] as number), 16)
  x[c] = (x[c] as number) + (x[d] as number)
  x[b] = rotl32((x[b] as number) ^ (x[c] as number), 12)
  x[a] = (x[a] as number) + (x[b] as number)
  x[d] = rotl32((x[d] as number) ^ (x[a] as number), 8)
  x[c] = (x[c] as number) + (x[d] as number)
  x[b] = rotl32((x[b] as number) ^ (x[c] as number), 7)
}

function rotl32(v: number, n: number): number {
  return ((v << n) | (v >>> (32 - n))) >>> 0
}
