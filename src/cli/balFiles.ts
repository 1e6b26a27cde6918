/**
 * BAL files on disk: `<n>.bal.json` (execution-apis JSON form) and `<n>.bal.rlp` (raw RLP), read
 * and checked with every problem named (file, JSON path, expected, value), and written by
 * `replay --bal-out` and `generate-evm-block`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import * as BalCodec from '../evm/BalCodec.ts'
import { BaseError } from '../primitives/Errors.ts'
import * as Json from '../primitives/Json.ts'
import * as Bal from '../trace/Bal.ts'
import * as BalWire from '../trace/BalWire.ts'
import * as Issue from '../trace/Issue.ts'
import { type OutputFile, readJson } from './io.ts'

/** Largest BAL file read (a 36M-gas block's BAL is a few hundred KB). */
const MAX_BYTES = 64 * 1024 * 1024

/** A BAL read from a file, with the hash of its bytes as the header would commit to them. */
export type Read = { readonly bal: Bal.Bal; readonly hash: string; readonly path: string }

/**
 * Reads a BAL file: `.rlp` as raw RLP (any other name as execution-apis JSON). `maxIndex` bounds
 * the block access indices (`n + 1` for a block of n transactions). Every problem throws
 * BAL_INVALID with one hint per issue.
 */
export function read(path: string, maxIndex: number = Bal.MAX_INDEX): Read {
  const size = sizeOf(path)
  if (size > MAX_BYTES)
    throw new BaseError(`BAL file ${path} is ${size} bytes; the limit is ${MAX_BYTES}`, {
      code: 'BAL_INVALID',
    })
  const parsed = path.endsWith('.rlp')
    ? BalCodec.decode(rlpBytes(readFileSync(path)), path)
    : BalWire.fromJson(readJson(path, 'BAL file'), path)
  const issues =
    parsed.value === undefined ? parsed.issues : Bal.check(parsed.value, path, maxIndex)
  if (issues.length > 0 || parsed.value === undefined)
    throw new BaseError(`${path} is not a valid EIP-7928 access list (${count(issues.length)})`, {
      code: 'BAL_INVALID',
      hints: Issue.hints(Issue.sort(issues)),
    })
  return { bal: parsed.value, hash: BalCodec.hash(parsed.value), path }
}

/** The BAL file of block `n` in `dir` (`<n>.bal.json`, else `<n>.bal.rlp`), if there is one. */
export function find(dir: string, n: number): string | undefined {
  for (const ext of ['json', 'rlp']) {
    const path = join(dir, `${n}.bal.${ext}`)
    if (existsSync(path)) return path
  }
  return undefined
}

/**
 * Requires the BAL to hash to what the block header commits to (`blockAccessListHash`, from
 * Amsterdam on); a mismatch throws BAL_INVALID naming the file and both hashes.
 */
export function checkHash(read: Read, expected: string | null): void {
  if (expected === null || read.hash === expected.toLowerCase()) return
  throw new BaseError(
    `${read.path}: the BAL hashes to ${read.hash}; the block header commits to ${expected}`,
    {
      code: 'BAL_INVALID',
      hints: ["the BAL is not this block's (or was altered): fetch it again for the same block"],
    },
  )
}

/** The two files of a block's BAL in `dir`: `<n>.bal.json` and `<n>.bal.rlp`. */
export function files(dir: string, n: number, bal: Bal.Bal, rlp: Uint8Array): OutputFile[] {
  return [
    { path: join(dir, `${n}.bal.json`), content: `${Json.stringify(BalWire.toJson(bal))}\n` },
    { path: join(dir, `${n}.bal.rlp`), content: rlp },
  ]
}

/** Raw RLP bytes, or the bytes of `0x`-hex text (as `debug_getRawBlockAccessList` returns). */
function rlpBytes(bytes: Uint8Array): Uint8Array {
  const text = Buffer.from(bytes).toString('latin1').trim()
  if (/^0x(?:[0-9a-fA-F]{2})*$/.test(text))
    return Uint8Array.from(Buffer.from(text.slice(2), 'hex'))
  return bytes
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size
  } catch (err) {
    throw new BaseError(`failed to read BAL file ${path}: ${(err as Error).message}`, {
      code: 'IO_FAILED',
      cause: err,
    })
  }
}

function count(n: number): string {
  return `${n} problem${n === 1 ? '' : 's'}`
}
