import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { BaseError } from '../primitives/Errors.ts'

/** One output file to write. */
export type OutputFile = { readonly path: string; readonly content: string | Uint8Array }

/**
 * Writes every file atomically and all-or-nothing: each goes to a temp file beside its target,
 * and only when all temps are written are they renamed into place. A failure removes the temps,
 * so no half-written output is ever left behind.
 */
export function writeFiles(files: readonly OutputFile[]): void {
  const temps: { temp: string; path: string }[] = []
  try {
    for (const file of files) {
      mkdirSync(dirname(file.path), { recursive: true })
      const temp = `${file.path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`
      temps.push({ temp, path: file.path })
      writeFileSync(temp, file.content)
    }
    for (const { temp, path } of temps) renameSync(temp, path)
  } catch (err) {
    for (const { temp } of temps) rmSync(temp, { force: true })
    throw new BaseError(`failed to write output: ${ioMessage(err)}`, {
      code: 'IO_FAILED',
      cause: err,
    })
  }
}

/** Largest file the lab will read into memory (V8 strings top out near 512 MiB). */
export const MAX_READ_BYTES = 400 * 1024 * 1024

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
