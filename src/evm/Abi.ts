/**
 * A tiny ABI encoder for the handful of calls the generated blocks make (static words plus one
 * `address[]`). Selectors are the first 4 bytes of keccak256 of the signature, listed verbatim.
 */

/** 4-byte selectors of the functions the generator calls, keyed by signature. */
export const selectors = {
  'transfer(address,uint256)': '0xa9059cbb',
  'approve(address,uint256)': '0x095ea7b3',
  'deposit()': '0xd0e30db0',
  'withdraw(uint256)': '0x2e1a7d4d',
  'createPair(address,address)': '0xc9c65396',
  'addLiquidityETH(address,uint256,uint256,uint256,address,uint256)': '0xf305d719',
  'swapExactTokensForTokens(uint256,uint256,address[],address,uint256)': '0x38ed1739',
  'swapExactETHForTokens(uint256,address[],address,uint256)': '0x7ff36ab5',
  'swapExactTokensForETH(uint256,uint256,address[],address,uint256)': '0x18cbafe5',
} as const

/** A function signature the encoder knows. */
export type Signature = keyof typeof selectors

/** One argument: a uint256, an address, or an address array (the only dynamic type used). */
export type Arg =
  | { readonly uint: bigint }
  | { readonly address: string }
  | { readonly addresses: readonly string[] }

/** Encodes a call: selector, then the head words, then the tail of each dynamic argument. */
export function encode(signature: Signature, args: readonly Arg[]): string {
  const head: string[] = []
  const tail: string[] = []
  const headBytes = 32 * args.length
  for (const arg of args) {
    if ('uint' in arg) head.push(word(arg.uint))
    else if ('address' in arg) head.push(addressWord(arg.address))
    else {
      head.push(word(BigInt(headBytes + 32 * tail.length)))
      tail.push(word(BigInt(arg.addresses.length)), ...arg.addresses.map(addressWord))
    }
  }
  return selectors[signature] + head.join('') + tail.join('')
}

/** Encodes constructor arguments (uint256 / address words) for appending to creation code. */
export function encodeArgs(args: readonly Arg[]): string {
  return encode('deposit()', args).slice(selectors['deposit()'].length)
}

function word(value: bigint): string {
  if (value < 0n || value >= 1n << 256n) throw new RangeError(`uint256 out of range: ${value}`)
  return value.toString(16).padStart(64, '0')
}

function addressWord(address: string): string {
  const hex = address.replace(/^0x/, '').toLowerCase()
  if (!/^[0-9a-f]{40}$/.test(hex)) throw new RangeError(`invalid address: ${address}`)
  return hex.padStart(64, '0')
}
