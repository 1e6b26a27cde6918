/** 64-bit FNV-1a over bytes (offset 0xcbf29ce484222325, prime 0x100000001b3; not cryptographic). */
export function fnv1a64(bytes: Uint8Array): bigint {
  // Split into two 32-bit halves for speed: bigint per byte is slow on large inputs.
  let hi = 0xcbf29ce4
  let lo = 0x84222325
  for (const byte of bytes) {
    lo = (lo ^ byte) >>> 0
    // (hi:lo) * 0x100000001b3 = (hi:lo) * 0x1b3 + (lo << 40)
    const loMul = lo * 0x1b3
    const carry = Math.floor(loMul / 0x100000000)
    const newLo = loMul >>> 0
    const newHi = (hi * 0x1b3 + carry + ((lo << 8) >>> 0)) >>> 0
    hi = newHi
    lo = newLo
  }
  return (BigInt(hi) << 32n) | BigInt(lo)
}

/** 64-bit FNV-1a over the UTF-8 bytes of a string. */
export function fnv1a64String(text: string): bigint {
  return fnv1a64(new TextEncoder().encode(text))
}

/** Renders a 64-bit hash as 16 lowercase zero-padded hex digits. */
export function toHex16(hash: bigint): string {
  return hash.toString(16).padStart(16, '0')
}

/** FNV-1a-64 of a string, rendered as 16 hex digits. */
export function ofString(text: string): string {
  return toHex16(fnv1a64String(text))
}
