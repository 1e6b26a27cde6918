import { readFileSync, statSync } from 'node:fs'
import { BaseError } from '../primitives/Errors.ts'
import * as Dir from '../trace/Dir.ts'

/** One output file to write. */
export type OutputFile = { readonly path: string; readonly content: string | Uint8Array }

/**
 * Writes every file all-or-nothing (`Dir.writeAtomically`: temp files beside the targets, every
 * target checked, then renamed into place), so no half-written or partly replaced output is left.
 */
export function writeFiles(files: readonly OutputFile[]): void {
  try {
    Dir.writeAtomically(files)
  } catch (err) {
    throw new BaseError(`failed to write output: ${ioMessage(err)}`, {
      code: 'IO_FAILED',
      cause: err,
    })
  }
}

/** Largest file the lab will read into memory (V8 strings top out near 512 MiB). */
const MAX_READ_BYTES = 400 * 1024 * 1024

/** Reads a UTF-8 text file, naming the file in any error. */
export function readText(path: string, what = 'file'): string {
  try {
    const size = statSync(path).size
    if (size > MAX_READ_BYTES) {
      throw new BaseError(`${what} ${path} is ${size} bytes; the limit is ${MAX_READ_BYTES}`, {
        code: 'IO_FAILED',
      })
    }
    return readFileSync(path, 'utf8')
  } catch (err) {
    if (err instanceof BaseError) throw err
    throw new BaseError(`failed to read ${what} ${path}: ${ioMessage(err)}`, {
      code: 'IO_FAILED',
      cause: err,
    })
  }
}

/** Reads and parses a JSON file; a parse failure names the file and the position. */
export function readJson(path: string, what = 'JSON file'): unknown {
  const text = readText(path, what)
  try {
    return JSON.parse(text) as unknown
  } catch (err) {
    throw new BaseError(`failed to parse ${what} ${path}: ${ioMessage(err)}`, {
      code: 'JSON_INVALID',
      cause: err,
    })
  }
}

/** Prints one line to stdout. */
export function print(line: string): void {
  process.stdout.write(`${line}\n`)
}

/** Prints one line to stderr (progress, warnings). */
export function printErr(line: string): void {
  process.stderr.write(`${line}\n`)
}

function ioMessage(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && 'message' in err) {
    const { code, message } = err as { code: unknown; message: unknown }
    if (code === 'ENOENT') return 'no such file or directory'
    if (code === 'EISDIR') return 'is a directory'
    if (code === 'EACCES') return 'permission denied'
    return String(message)
  }
  return err instanceof Error ? err.message : String(err)
}
