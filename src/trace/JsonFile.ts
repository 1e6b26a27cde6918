/**
 * Defensive reading of one JSON input file: only plain files (symlinks refused), size checked
 * before reading, Brotli-compressed variants (`<name>.br`) decompressed within the same bound, and
 * every failure recorded as an `Issue` naming the file instead of thrown.
 */
import { lstatSync, readFileSync, type Stats, statSync } from 'node:fs'
import { brotliDecompressSync } from 'node:zlib'
import * as Errors from '../primitives/Errors.ts'
import * as Issue from './Issue.ts'

/** Largest input file read, compressed or not, and largest decompressed text (bytes). */
export const MAX_FILE_BYTES = 256 * 1024 * 1024

/** Suffix of a Brotli-compressed file (`block.json.br` holds `block.json`). */
export const BROTLI_SUFFIX = '.br'

/** What a path is. */
export type Kind = 'missing' | 'directory' | 'file' | 'symlink' | 'special file'

/**
 * Reads and parses `file` (decompressing it when its name ends in `.br`); records an issue and
 * returns undefined on any failure. `what` names the format in parse errors (`trace pack JSON`).
 */
export function read(
  file: string,
  issues: Issue.Issue[],
  what = 'JSON',
): { readonly value: unknown } | undefined {
  const text = readText(file, issues)
  if (text === undefined) return undefined
  try {
    return { value: JSON.parse(text) as unknown }
  } catch (err) {
    const position = /position (\d+)/.exec(Errors.describe(err))
    const at = position ? Number(position[1]) : text.length
    issues.push(
      Issue.from({
        file,
        path: '',
        code: 'json_invalid',
        expected: 'valid JSON',
        value: text.slice(Math.max(0, at - 40), at + 40),
        message: `failed to parse ${what}: ${Errors.describe(err)}`,
      }),
    )
    return undefined
  }
}

function readText(file: string, issues: Issue.Issue[]): string | undefined {
  let stats: Stats
  try {
    stats = lstatSync(file)
  } catch (err) {
    issues.push(fileIssue(file, 'io_failed', 'a readable file', Errors.describe(err)))
    return undefined
  }
  if (stats.isSymbolicLink()) {
    issues.push(
      fileIssue(file, 'not_a_regular_file', 'a regular file (symlinks are refused)', 'symlink'),
    )
    return undefined
  }
  if (!stats.isFile()) {
    issues.push(fileIssue(file, 'not_a_regular_file', 'a regular file', kindOf(stats)))
    return undefined
  }
  if (stats.size > MAX_FILE_BYTES) {
    issues.push(
      fileIssue(file, 'file_too_large', `at most ${MAX_FILE_BYTES} bytes`, `${stats.size} bytes`),
    )
    return undefined
  }
  try {
    const bytes = readFileSync(file)
    if (!file.endsWith(BROTLI_SUFFIX)) return bytes.toString('utf8')
    return brotliDecompressSync(bytes, { maxOutputLength: MAX_FILE_BYTES }).toString('utf8')
  } catch (err) {
    const compressed = file.endsWith(BROTLI_SUFFIX)
    issues.push(
      fileIssue(
        file,
        compressed ? 'decompress_failed' : 'io_failed',
        compressed ? `Brotli data of at most ${MAX_FILE_BYTES} bytes` : 'a readable file',
        Errors.describe(err),
      ),
    )
    return undefined
  }
}

/** What `path` itself is (a symlink is reported as one, not followed). */
export function entryKind(path: string): Kind {
  try {
    return kindOf(lstatSync(path))
  } catch {
    return 'missing'
  }
}

/** What `path` resolves to (symlinks followed: a pack directory itself may be a link). */
export function targetKind(path: string): Kind {
  try {
    return kindOf(statSync(path))
  } catch {
    return 'missing'
  }
}

/** The kind of a stat result. */
export function kindOf(stats: Stats): Kind {
  if (stats.isSymbolicLink()) return 'symlink'
  if (stats.isDirectory()) return 'directory'
  return stats.isFile() ? 'file' : 'special file'
}

/** An issue about a whole file (`path` ''). */
export function fileIssue(
  file: string,
  code: string,
  expected: string,
  value: string,
): Issue.Issue {
  return Issue.from({
    file,
    path: '',
    code,
    expected,
    value,
    message: `expected ${expected}, found ${value}`,
  })
}
