/**
 * Trace-pack directories on disk: `<dir>/manifest.json` + `<dir>/blocks/<n>.json`. Reading is
 * defensive (hostile input never crashes it: sizes are checked before reading, only plain files
 * are read, the block listing is checked against the range before any loop over the range);
 * writing is atomic per file (temp file + rename).
 */
import { randomBytes } from 'node:crypto'
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import * as Errors from '../primitives/Errors.ts'
import * as Issue from './Issue.ts'
import * as JsonFile from './JsonFile.ts'
import * as PackRules from './PackRules.ts'
import * as TracePack from './TracePack.ts'
import * as Wire from './Wire.ts'

/** Largest manifest or block file read (bytes); larger files are refused without being read. */
export const MAX_FILE_BYTES = JsonFile.MAX_FILE_BYTES

/** Result of `validateDir`: `pack` (normalized) is present only when `issues` is empty. */
export type Validated = {
  readonly pack?: TracePack.TracePack
  readonly issues: readonly Issue.Issue[]
}

/** Path of block `n`'s file inside a pack directory. */
export function blockPath(dir: string, n: number): string {
  return join(dir, 'blocks', `${n}.json`)
}

/**
 * Reads, normalizes and validates a pack directory. Throws `NotFoundError` when there is no
 * manifest, `TracePack.InvalidError` (with every issue) when anything is wrong.
 * @example const pack = Dir.read('fixtures/original-lab/trace-packs/demo-mini')
 */
export function read(dir: string): TracePack.TracePack {
  const { pack, issues } = validateDir(dir)
  if (pack !== undefined) return pack
  if (issues.length === 1 && issues[0]?.code === 'not_found') throw new NotFoundError(dir)
  throw new TracePack.InvalidError(dir, issues, recollectHints(dir, issues))
}

/**
 * Reads only the manifest and block `n` of a pack (for a command that needs one block, such as
 * `explain`), so a bad file elsewhere in the pack does not stop it. The result holds that one
 * block, or none when the pack has no block `n`. Throws as `read` does for the manifest and that
 * block.
 * @example const pack = Dir.readOne('data/demo-pack', 1)
 */
export function readOne(dir: string, n: number): TracePack.TracePack {
  const issues: Issue.Issue[] = []
  const manifestFile = join(dir, 'manifest.json')
  if (JsonFile.targetKind(dir) !== 'directory' || JsonFile.entryKind(manifestFile) === 'missing')
    throw new NotFoundError(dir)
  const json = JsonFile.read(manifestFile, issues, 'trace pack JSON')
  const parsed = json === undefined ? undefined : Wire.manifestFromJson(json.value, manifestFile)
  if (parsed !== undefined) issues.push(...parsed.issues)
  const manifest =
    parsed?.value === undefined ? undefined : TracePack.normalizeManifest(parsed.value)
  if (manifest !== undefined) issues.push(...TracePack.validateManifest(manifest, { dir }))
  if (manifest === undefined || issues.length > 0)
    throw new TracePack.InvalidError(dir, Issue.sort(issues))
  const listed = manifest.blockNumbers === undefined || manifest.blockNumbers.includes(n)
  const inRange = n >= manifest.startBlock && n <= manifest.endBlock && listed
  if (!inRange || JsonFile.entryKind(blockPath(dir, n)) === 'missing')
    return { manifest, blocks: [] }
  const block = readBlock(dir, n, issues)
  const normalized = block === undefined ? undefined : TracePack.normalizeBlock(block)
  if (normalized !== undefined) issues.push(...TracePack.validateBlock(normalized, { dir }))
  if (normalized === undefined || issues.length > 0) {
    const sorted = Issue.sort(issues)
    throw new TracePack.InvalidError(dir, sorted, recollectHints(dir, sorted))
  }
  return { manifest, blocks: [normalized] }
}

/**
 * What to do about invalid block files: re-collect them with `collect-block-range --resume`
 * (it keeps the valid block files and re-collects the others), and note that `explain` still
 * works on the valid blocks. Empty when no block file is at fault.
 */
function recollectHints(dir: string, issues: readonly Issue.Issue[]): string[] {
  const bad = new Set<number>()
  for (const issue of issues) {
    const match = /(?:^|[\\/])blocks[\\/](\d+)\.json$/.exec(issue.file)
    if (match) bad.add(Number(match[1]))
  }
  if (bad.size === 0) return []
  const numbers = [...bad].sort((a, b) => a - b)
  const files = numbers.slice(0, 5).map((n) => blockPath(dir, n))
  const more = numbers.length > files.length ? ` and ${numbers.length - files.length} more` : ''
  return [
    `invalid block file(s): ${files.join(', ')}${more}; if the pack was collected from a node, re-collect them by rerunning collect-block-range with the same --chain, --start-block, --end-block and --tracer, --out ${dir} and --resume (it keeps the valid block files and re-collects the rest)`,
    `explain --trace-dir ${dir} --block N reads only block N, so it still works on the valid blocks`,
  ]
}

/** Reads and checks a pack directory, returning every issue found; never throws for bad data. */
export function validateDir(dir: string): Validated {
  const issues: Issue.Issue[] = []
  const manifestFile = join(dir, 'manifest.json')
  if (JsonFile.targetKind(dir) !== 'directory') {
    return { issues: [notFound(dir, 'a trace-pack directory')] }
  }
  if (JsonFile.entryKind(manifestFile) === 'missing') {
    return { issues: [notFound(manifestFile, 'manifest.json')] }
  }
  const manifestJson = JsonFile.read(manifestFile, issues, 'trace pack JSON')
  const parsedManifest =
    manifestJson === undefined ? undefined : Wire.manifestFromJson(manifestJson.value, manifestFile)
  if (parsedManifest) issues.push(...parsedManifest.issues)
  const manifest = parsedManifest?.value
  const range = manifest
    ? { start: manifest.startBlock, end: manifest.endBlock, listed: manifest.blockNumbers }
    : undefined
  const blocks: TracePack.Block[] = []
  const unreadable: number[] = []
  for (const n of blockNumbers(dir, range, issues)) {
    const block = readBlock(dir, n, issues)
    if (block === undefined) unreadable.push(n)
    else blocks.push(block)
  }
  if (manifest === undefined) return { issues: Issue.sort(issues) }
  // Checked in file order, so every issue path names the element as it stands in the file.
  const inFileOrder = TracePack.normalizeValuesOnly({ manifest, blocks })
  issues.push(...PackRules.check(inFileOrder, { dir, unreadable }))
  if (issues.length > 0) return { issues: Issue.sort(issues) }
  return { pack: TracePack.normalize({ manifest, blocks }), issues: [] }
}

/** Normalizes and validates a copy of `pack`, then writes the manifest and every block atomically. */
export function write(dir: string, pack: TracePack.TracePack): void {
  writeAll(files(dir, pack).map((f) => ({ path: f.path, text: f.content })))
}

/**
 * The files of `pack` in `dir` (manifest and every block), after normalizing and validating a
 * copy, for a caller that writes them together with other outputs. Throws
 * `TracePack.InvalidError` when the pack is invalid.
 */
export function files(
  dir: string,
  pack: TracePack.TracePack,
): { readonly path: string; readonly content: string }[] {
  const normalized = TracePack.normalize(pack)
  const issues = TracePack.validate(normalized, { dir })
  if (issues.length > 0) throw new TracePack.InvalidError(dir, issues)
  return [
    { path: join(dir, 'manifest.json'), content: Wire.manifestToJson(normalized.manifest) },
    ...normalized.blocks.map((b) => ({
      path: blockPath(dir, b.blockNumber),
      content: Wire.blockToJson(b),
    })),
  ]
}

/** Normalizes, checks (block-local rules) and atomically writes one block file. */
export function writeBlock(dir: string, block: TracePack.Block): void {
  const normalized = TracePack.normalizeBlock(block)
  const issues = TracePack.validateBlock(normalized, { dir })
  if (issues.length > 0) throw new TracePack.InvalidError(dir, issues)
  writeAll([{ path: blockPath(dir, normalized.blockNumber), text: Wire.blockToJson(normalized) }])
}

/** Normalizes, checks (manifest-local rules) and atomically writes `manifest.json`. */
export function writeManifest(dir: string, manifest: TracePack.Manifest): void {
  const normalized = TracePack.normalizeManifest(manifest)
  const issues = TracePack.validateManifest(normalized, { dir })
  if (issues.length > 0) throw new TracePack.InvalidError(dir, issues)
  writeAll([{ path: join(dir, 'manifest.json'), text: Wire.manifestToJson(normalized) }])
}

/** Block numbers to read: in-range `<n>.json` plain files of `blocks/` (any numbers when no range). */
export function blockNumbers(
  dir: string,
  range:
    | {
        readonly start: number
        readonly end: number
        readonly listed: readonly number[] | undefined
      }
    | undefined,
  issues: Issue.Issue[],
): number[] {
  const blocksDir = join(dir, 'blocks')
  const what = JsonFile.entryKind(blocksDir)
  if (what === 'missing') return []
  if (what !== 'directory') {
    issues.push(
      JsonFile.fileIssue(blocksDir, 'not_a_directory', 'a directory of block files', what),
    )
    return []
  }
  let names: string[]
  try {
    names = readdirSync(blocksDir)
  } catch (err) {
    issues.push(
      JsonFile.fileIssue(blocksDir, 'io_failed', 'a readable directory', Errors.describe(err)),
    )
    return []
  }
  const numbers: number[] = []
  for (const name of names) {
    const match = /^(0|[1-9][0-9]{0,15})\.json$/.exec(name)
    if (!match) continue
    const n = Number(match[1])
    if (!Number.isSafeInteger(n)) continue
    if (range && (n < range.start || n > range.end)) continue
    numbers.push(n)
  }
  if (range?.listed !== undefined) {
    const listed = new Set(range.listed)
    return numbers.filter((n) => listed.has(n)).sort((a, b) => a - b)
  }
  return numbers.sort((a, b) => a - b)
}

/** Reads and structurally parses `blocks/<n>.json`; problems go to `issues` (undefined then). */
export function readBlock(
  dir: string,
  n: number,
  issues: Issue.Issue[],
): TracePack.Block | undefined {
  const file = blockPath(dir, n)
  const json = JsonFile.read(file, issues, 'trace pack JSON')
  if (json === undefined) return undefined
  const parsed = Wire.blockFromJson(json.value, file)
  issues.push(...parsed.issues)
  const block = parsed.value
  if (block === undefined) return undefined
  if (block.blockNumber !== n) {
    issues.push(
      Issue.from({
        file,
        path: 'block_number',
        code: 'block_number_mismatch',
        expected: `${n} (the number in the file name)`,
        value: block.blockNumber,
        message: `block file ${n}.json holds block_number ${block.blockNumber}`,
      }),
    )
    return undefined
  }
  return block
}

function notFound(path: string, expected: string): Issue.Issue {
  return Issue.from({
    file: path,
    path: '',
    code: 'not_found',
    expected,
    value: undefined,
    message: `trace pack not found: ${path} does not exist`,
  })
}

function writeAll(files: readonly { readonly path: string; readonly text: string }[]): void {
  try {
    writeAtomically(files.map((f) => ({ path: f.path, content: f.text })))
  } catch (err) {
    throw new WriteError(files[0]?.path ?? '', err)
  }
}

/**
 * Writes every file all-or-nothing: each goes to a temp file beside its target, every target is
 * checked (a directory cannot be replaced), and only then are the temps renamed into place. Any
 * failure before the renames removes the temps and leaves every target as it was; the error
 * thrown is the file system's.
 */
export function writeAtomically(
  files: readonly { readonly path: string; readonly content: string | Uint8Array }[],
): void {
  const temps: { readonly temp: string; readonly path: string }[] = []
  try {
    for (const file of files) {
      makeDirs(join(file.path, '..'))
      const temp = `${file.path}${TEMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}`
      temps.push({ temp, path: file.path })
      writeFileSync(temp, file.content)
    }
    for (const { path } of temps) {
      const target = lstatSync(path, { throwIfNoEntry: false })
      if (target?.isDirectory()) throw new Error(`${path} is a directory`)
    }
  } catch (err) {
    for (const { temp } of temps) rmSync(temp, { force: true })
    throw err
  }
  let renamed = 0
  try {
    for (const { temp, path } of temps) {
      renameSync(temp, path)
      renamed += 1
    }
  } finally {
    for (const { temp } of temps.slice(renamed)) rmSync(temp, { force: true })
  }
}

/** What `writeAtomically` puts between a target's name and `<pid>-<8 hex>` in its temp file. */
const TEMP_MARK = '.tmp-'
const TEMP_NAME = /\.tmp-[0-9]+-[0-9a-f]{8}$/

/**
 * Removes the temp files `writeAtomically` left in `dirs` when a run was killed between writing
 * and renaming (`<name>.tmp-<pid>-<8 hex>`); missing or unreadable directories are skipped.
 * Resumed collections call it so a resumed output equals an uninterrupted one.
 */
export function removeTemps(dirs: readonly string[]): void {
  for (const dir of dirs) {
    let names: string[]
    try {
      names = readdirSync(dir)
    } catch {
      continue
    }
    for (const name of names) if (TEMP_NAME.test(name)) rmSync(join(dir, name), { force: true })
  }
}

/**
 * `mkdir -p` without Node's recursive mkdir, which spins forever where mkdir answers ENOENT under
 * a parent that exists (procfs: `/proc/nope`): creates each missing component in turn and lets the
 * first failure through (the error is the file system's).
 */
export function makeDirs(dir: string): void {
  const missing: string[] = []
  for (let current = resolve(dir); ; current = dirname(current)) {
    const stats = statSync(current, { throwIfNoEntry: false })
    if (stats !== undefined) {
      if (!stats.isDirectory())
        throw Object.assign(new Error(`${current} is not a directory`), { code: 'ENOTDIR' })
      break
    }
    missing.push(current)
    if (dirname(current) === current) break
  }
  for (const component of missing.reverse()) {
    try {
      mkdirSync(component)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    }
  }
}

/** The trace-pack directory or its manifest does not exist. */
export class NotFoundError extends Errors.BaseError {
  override name = 'Dir.NotFoundError'
  constructor(dir: string) {
    super(`trace pack not found: ${dir} (expected ${join(dir, 'manifest.json')})`, {
      code: 'TRACE_PACK_NOT_FOUND',
      hints: ['a trace pack is a directory holding manifest.json and blocks/<n>.json'],
    })
  }
}

/** Writing a trace-pack file failed (nothing is left half-written). */
export class WriteError extends Errors.BaseError {
  override name = 'Dir.WriteError'
  constructor(path: string, cause: unknown) {
    super(`failed to write trace pack file ${path}: ${Errors.describe(cause)}`, {
      code: 'IO_FAILED',
      cause,
    })
  }
}
