import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, rmdirSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
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

/**
 * Fails fast, before any work, when an output path cannot be written. The nearest existing
 * ancestor of each path (the path itself when it is a directory) must be a directory in which
 * this process can create an entry; that is probed by creating and removing a temp directory,
 * because `access()` answers yes to root almost everywhere and says nothing about /proc or a
 * read-only mount. Throws IO_FAILED naming the path.
 */
export function checkWritable(paths: readonly string[]): void {
  const probed = new Set<string>()
  for (const path of paths) {
    const { dir, stats } = nearestExisting(resolve(path))
    const fail = (why: string) =>
      new BaseError(`cannot write ${path}: ${why}`, {
        code: 'IO_FAILED',
        hints: ['choose an output path on a writable file system'],
      })
    if (!stats.isDirectory()) {
      // An existing file is replaced; anything under a file cannot exist.
      if (dir !== resolve(path)) throw fail(`${dir} is not a directory`)
      const parent = dirname(dir)
      if (!probed.has(parent)) probe(parent, fail)
      probed.add(parent)
      continue
    }
    if (!probed.has(dir)) probe(dir, fail)
    probed.add(dir)
  }
}

function nearestExisting(path: string): {
  dir: string
  stats: NonNullable<ReturnType<typeof statSync>>
} {
  for (let current = path; ; current = dirname(current)) {
    const stats = statIfAny(current)
    if (stats !== undefined) return { dir: current, stats }
    if (dirname(current) === current) throw new Error(`no existing ancestor of ${path}`)
  }
}

/** `stat`, or undefined where nothing is (ENOENT, or ENOTDIR: a file in the middle of the path). */
function statIfAny(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined
    throw err
  }
}

function probe(dir: string, fail: (why: string) => BaseError): void {
  const temp = join(dir, `.parallel-evm-lab-probe-${process.pid}-${randomBytes(4).toString('hex')}`)
  try {
    mkdirSync(temp)
  } catch (err) {
    throw fail(`cannot create entries in ${dir} (${ioMessage(err)})`)
  }
  rmdirSync(temp)
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
    if (code === 'EROFS') return 'read-only file system'
    return String(message)
  }
  return err instanceof Error ? err.message : String(err)
}
