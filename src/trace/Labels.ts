/**
 * Contract labels: a flat JSON object `{ "<address>": "<label>" }`. Display metadata only: labels
 * name addresses in reports and change the report hash, never a metric. A pack's labels are
 * `--labels FILE` if given, else the pack's own `labels.json` (written by `generate-evm-block`),
 * else the labels bundled with the package (resolved from the package, never the CWD).
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BaseError } from '../primitives/Errors.ts'
import * as Order from '../primitives/Order.ts'

/** Lowercase address → display name, sorted by address. */
export type Labels = readonly (readonly [address: string, label: string])[]

/** The labels bundled with the package (Base WETH, Base USDC). */
export const bundledPath = fileURLToPath(
  new URL('../../labels/base-known-contracts.json', import.meta.url),
)

const ADDRESS = /^0x[0-9a-f]{40}$/

/** Largest labels file read into memory. */
const MAX_BYTES = 400 * 1024 * 1024

/**
 * The labels of the pack in `dir`: `file` if given (it must exist), else `<dir>/labels.json` if
 * present, else the bundled labels, else none.
 * @example const labels = Labels.forPack('data/demo-pack')
 */
export function forPack(dir: string, file?: string): Labels {
  if (file !== undefined) return read(file)
  const own = join(dir, 'labels.json')
  if (existsSync(own)) return read(own)
  return existsSync(bundledPath) ? read(bundledPath) : []
}

/** Reads and parses a labels file; every error names the file. */
export function read(path: string): Labels {
  return parse(readJson(path), path)
}

/**
 * Parses a flat `{ "<address>": "<label>" }` object (keys lowercased); throws `InvalidError`
 * naming the file, the JSON path, what was expected and the offending value.
 */
export function parse(json: unknown, file: string): Labels {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InvalidError(file, '$', 'an object mapping addresses to labels', json)
  }
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(json)) {
    const address = key.trim().toLowerCase()
    if (!ADDRESS.test(address)) {
      throw new InvalidError(file, `$[${JSON.stringify(key)}]`, 'a key of 0x + 40 hex digits', key)
    }
    if (typeof value !== 'string' || value.trim() === '') {
      throw new InvalidError(file, `$[${JSON.stringify(key)}]`, 'a non-empty string label', value)
    }
    out.set(address, value)
  }
  return [...out].sort(([a], [b]) => Order.strings(a, b))
}

function readJson(path: string): unknown {
  let text: string
  try {
    const size = statSync(path).size
    if (size > MAX_BYTES) {
      throw new BaseError(`contract labels ${path} is ${size} bytes; the limit is ${MAX_BYTES}`, {
        code: 'IO_FAILED',
      })
    }
    text = readFileSync(path, 'utf8')
  } catch (err) {
    if (err instanceof BaseError) throw err
    throw new BaseError(`failed to read contract labels ${path}: ${ioMessage(err)}`, {
      code: 'IO_FAILED',
      cause: err,
    })
  }
  try {
    return JSON.parse(text) as unknown
  } catch (err) {
    throw new BaseError(`failed to parse contract labels ${path}: ${ioMessage(err)}`, {
      code: 'JSON_INVALID',
      cause: err,
    })
  }
}

function ioMessage(err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined
  if (code === 'ENOENT') return 'no such file or directory'
  if (code === 'EISDIR') return 'is a directory'
  if (code === 'EACCES') return 'permission denied'
  return err instanceof Error ? err.message : String(err)
}

/** A labels file that is not a flat address → label object. */
export class InvalidError extends BaseError {
  override name = 'Labels.InvalidError'
  constructor(file: string, path: string, expected: string, value: unknown) {
    super(
      `invalid contract labels ${file} at ${path}: expected ${expected}, got ${JSON.stringify(value) ?? String(value)}`,
      { code: 'LABELS_INVALID' },
    )
  }
}
