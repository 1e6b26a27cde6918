/**
 * Number formatting that matches Rust's `format!` exactly, so reports are byte-identical to the
 * original lab's: fixed precision rounds the exact binary value half-to-even (JS `toFixed` rounds
 * ties up), and shortest display never uses an exponent.
 */

/** Shortest round-trip digits and decimal exponent of a finite, non-zero |x|. */
function shortestDigits(x: number): { digits: string; pointPos: number } {
  const [mantissa = '', exp = '0'] = Math.abs(x).toExponential().split('e')
  const digits = mantissa.replace('.', '')
  return { digits, pointPos: Number(exp) + 1 }
}

function isNegative(x: number): boolean {
  return x < 0 || Object.is(x, -0)
}

/** Rust `{}` Display of an f64: shortest round-trip digits, no exponent, integers without `.0`. */
export function display(x: number): string {
  if (Number.isNaN(x)) return 'NaN'
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf'
  const sign = isNegative(x) ? '-' : ''
  if (x === 0) return `${sign}0`
  const { digits, pointPos } = shortestDigits(x)
  if (pointPos <= 0) return `${sign}0.${'0'.repeat(-pointPos)}${digits}`
  if (pointPos >= digits.length) return `${sign}${digits}${'0'.repeat(pointPos - digits.length)}`
  return `${sign}${digits.slice(0, pointPos)}.${digits.slice(pointPos)}`
}

/** Exact value of a finite double as `mantissa * 2^exponent` (both integers). */
function decompose(x: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, Math.abs(x))
  const bits = view.getBigUint64(0)
  const rawExp = Number((bits >> 52n) & 0x7ffn)
  const frac = bits & 0xfffffffffffffn
  if (rawExp === 0) return { mantissa: frac, exponent: -1074 }
  return { mantissa: frac | (1n << 52n), exponent: rawExp - 1075 }
}

/** Rust `{:.N}`: fixed `decimals` places, exact value rounded half-to-even. */
export function fixed(x: number, decimals: number): string {
  if (Number.isNaN(x)) return 'NaN'
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf'
  const sign = isNegative(x) ? '-' : ''
  const { mantissa, exponent } = decompose(x)
  const scale = 10n ** BigInt(decimals)
  let scaled: bigint
  if (exponent >= 0) {
    scaled = (mantissa << BigInt(exponent)) * scale
  } else {
    const num = mantissa * scale
    const den = 1n << BigInt(-exponent)
    const q = num / den
    const twiceRem = (num % den) * 2n
    scaled = twiceRem > den || (twiceRem === den && q % 2n === 1n) ? q + 1n : q
  }
  const text = scaled.toString().padStart(decimals + 1, '0')
  if (decimals === 0) return `${sign}${text}`
  return `${sign}${text.slice(0, -decimals)}.${text.slice(-decimals)}`
}

/** serde_json / ryu text of an f64 in JSON: integral values keep `.0`, exponent outside 1e-5..1e16. */
export function jsonFloat(x: number): string {
  if (!Number.isFinite(x)) return 'null'
  const sign = isNegative(x) ? '-' : ''
  if (x === 0) return `${sign}0.0`
  const { digits, pointPos } = shortestDigits(x)
  const length = digits.length
  if (length <= pointPos && pointPos <= 16) {
    return `${sign}${digits}${'0'.repeat(pointPos - length)}.0`
  }
  if (pointPos > 0 && pointPos <= 16) {
    return `${sign}${digits.slice(0, pointPos)}.${digits.slice(pointPos)}`
  }
  if (pointPos > -5 && pointPos <= 0) {
    return `${sign}0.${'0'.repeat(-pointPos)}${digits}`
  }
  const exp = pointPos - 1
  const mant = length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`
  return `${sign}${mant}e${exp}`
}
