/**
 * The deterministic CPU burn of docs/original-lab.md §3.5 step 1, in 64-bit arithmetic built from
 * two 32-bit halves (bigint per step would be ~100x slower). The result feeds a module-level sink
 * so the engine cannot drop the loop as dead code.
 */

const C_HI = 0xbf58476d
const C_LO = 0x1ce4e5b9
const C_LO0 = C_LO & 0xffff
const C_LO1 = C_LO >>> 16
const SEED_HI = 0x9e3779b9
const SEED_LO = 0x7f4a7c15

let sink = 0

/**
 * Runs `steps` iterations of `acc = rotl64(acc * 0xbf58476d1ce4e5b9, 17) ^ (step + rotl64(id, step % 31))`
 * starting from `id ^ 0x9e3779b97f4a7c15`; returns the final accumulator as [hi, lo] u32 halves.
 */
export function burn(id: number, steps: number): readonly [number, number] {
  const idHi = Math.floor(id / 0x100000000) >>> 0
  const idLo = id >>> 0
  const rotHi = new Uint32Array(31)
  const rotLo = new Uint32Array(31)
  for (let r = 0; r < 31; r++) {
    rotHi[r] = r === 0 ? idHi : ((idHi << r) | (idLo >>> (32 - r))) >>> 0
    rotLo[r] = r === 0 ? idLo : ((idLo << r) | (idHi >>> (32 - r))) >>> 0
  }
  let hi = (idHi ^ SEED_HI) >>> 0
  let lo = (idLo ^ SEED_LO) >>> 0
  let r = 0
  let stepHi = 0
  let stepLo = 0
  for (let step = 0; step < steps; step++) {
    // 64-bit product mod 2^64: lo*C_LO in full (16-bit limbs), plus the cross terms in the high word.
    const a0 = lo & 0xffff
    const a1 = lo >>> 16
    const p01 = a0 * C_LO1
    const p10 = a1 * C_LO0
    const mid = ((a0 * C_LO0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff)
    const carry = a1 * C_LO1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)
    const mLo = Math.imul(lo, C_LO) >>> 0
    const mHi = (carry + Math.imul(hi, C_LO) + Math.imul(lo, C_HI)) >>> 0
    const sLo = stepLo + (rotLo[r] as number)
    const sHi = stepHi + (rotHi[r] as number) + (sLo > 0xffffffff ? 1 : 0)
    hi = (((mHi << 17) | (mLo >>> 15)) ^ sHi) >>> 0
    lo = (((mLo << 17) | (mHi >>> 15)) ^ sLo) >>> 0
    r = r === 30 ? 0 : r + 1
    stepLo = (stepLo + 1) >>> 0
    if (stepLo === 0) stepHi = (stepHi + 1) >>> 0
  }
  sink = (sink ^ lo ^ hi) >>> 0
  return [hi, lo]
}

/** The accumulated sink (observable so the burn loop is never dead code). */
export function sinkValue(): number {
  return sink
}
