/**
 * A trace-pack directory read block by block, for ranges too long to hold in memory: `scan` reads
 * the manifest and lists the block files (checking the manifest and the missing blocks up front),
 * `readOne` reads and checks one block against the manifest, and `parentIssue` checks the hash
 * chain between two neighbours. Together they report what `Dir.read` reports for the whole pack,
 * block by block.
 */
import { join } from 'node:path'
import * as Dir from './Dir.ts'
import * as Issue from './Issue.ts'
import * as JsonFile from './JsonFile.ts'
import { blockFile, checkParent, checkPresent, type Sink } from './PackRange.ts'
import * as PackRules from './PackRules.ts'
import * as TracePack from './TracePack.ts'
import * as Wire from './Wire.ts'

/** What `scan` found: the manifest, the block numbers with a file, and the pack-level problems. */
export type Scan = {
  readonly manifest: TracePack.Manifest
  /** Block numbers that have a file, ascending (the manifest's list order for a sparse pack). */
  readonly numbers: readonly number[]
  /** Blocks the manifest names: the whole range, or `block_numbers` of a sparse pack. */
  readonly expected: number
  /** Blocks the manifest names that have no file (the first `PackRange.MAX_MISSING_LISTED` one by one). */
  readonly missingIssues: readonly Issue.Issue[]
  /** How many blocks the manifest names have no file. */
  readonly missingCount: number
}

/**
 * Reads and checks `manifest.json` and lists `blocks/`. Throws `Dir.NotFoundError` when there is
 * no pack and `TracePack.InvalidError` when the manifest or the listing has a problem (nothing of
 * the pack can be read then); missing blocks are returned, not thrown.
 */
export function scan(dir: string): Scan {
  const manifestFile = join(dir, 'manifest.json')
  if (JsonFile.targetKind(dir) !== 'directory' || JsonFile.entryKind(manifestFile) === 'missing')
    throw new Dir.NotFoundError(dir)
  const issues: Issue.Issue[] = []
  const json = JsonFile.read(manifestFile, issues, 'trace pack JSON')
  const parsed = json === undefined ? undefined : Wire.manifestFromJson(json.value, manifestFile)
  if (parsed) issues.push(...parsed.issues)
  const manifest = parsed?.value && TracePack.normalizeManifest(parsed.value)
  if (manifest !== undefined) issues.push(...PackRules.checkManifestAlone(manifest, { dir }))
  if (manifest === undefined || issues.length > 0)
    throw new TracePack.InvalidError(dir, Issue.sort(issues))
  const range = {
    start: manifest.startBlock,
    end: manifest.endBlock,
    listed: manifest.blockNumbers,
  }
  const numbers = Dir.blockNumbers(dir, range, issues)
  if (issues.length > 0) throw new TracePack.InvalidError(dir, Issue.sort(issues))
  const missing: Issue.Issue[] = []
  const sinkFor = (rel: string) => (fields: Parameters<Sink>[0]) =>
    missing.push(Issue.from({ file: join(dir, rel), ...fields }))
  checkPresent(manifest, numbers, sinkFor('manifest.json'), sinkFor)
  const expected =
    manifest.blockNumbers?.length ?? Math.max(0, manifest.endBlock - manifest.startBlock + 1)
  const missingCount = expected - numbers.length
  return { manifest, numbers, expected, missingIssues: Issue.sort(missing), missingCount }
}

/** What `readOne` found: the normalized block when it has no problem, and its problems. */
export type One = {
  readonly block?: TracePack.Block
  /** The block as parsed (hashes known even when it has problems); absent when unparseable. */
  readonly parsed?: Pick<TracePack.Block, 'blockNumber' | 'blockHash' | 'parentHash'>
  readonly issues: readonly Issue.Issue[]
}

/** Reads block `n` of the pack in `dir` and checks it against `manifest` and on its own. */
export function readOne(dir: string, manifest: TracePack.Manifest, n: number): One {
  const issues: Issue.Issue[] = []
  const raw = Dir.readBlock(dir, n, issues)
  if (raw === undefined) return { issues: Issue.sort(issues) }
  const values = TracePack.normalizeValues(raw)
  const parsed = {
    blockNumber: values.blockNumber,
    blockHash: values.blockHash,
    parentHash: values.parentHash,
  }
  issues.push(...PackRules.checkBlockInPack(values, manifest, { dir }))
  if (issues.length > 0) return { parsed, issues: Issue.sort(issues) }
  return { block: TracePack.normalizeBlock(raw), parsed, issues: [] }
}

/**
 * Normalizes, checks (block-local rules) and atomically writes one block as compact JSON (one line,
 * no indentation: a third of the pretty form's size, for packs of many blocks; readers parse both).
 */
export function writeCompact(dir: string, block: TracePack.Block): void {
  const normalized = TracePack.normalizeBlock(block)
  const issues = TracePack.validateBlock(normalized, { dir })
  if (issues.length > 0) throw new TracePack.InvalidError(dir, issues)
  const path = Dir.blockPath(dir, normalized.blockNumber)
  try {
    Dir.writeAtomically([{ path, content: JSON.stringify(Wire.blockToWire(normalized)) }])
  } catch (err) {
    throw new Dir.WriteError(path, err)
  }
}

/** The parent-hash problem between two neighbours (reported on `block`), if any. */
export function parentIssue(
  dir: string,
  previous: Pick<TracePack.Block, 'blockNumber' | 'blockHash'>,
  block: Pick<TracePack.Block, 'blockNumber' | 'parentHash'>,
): Issue.Issue | undefined {
  let found: Issue.Issue | undefined
  checkParent(previous, block, (fields) => {
    found = Issue.from({ file: join(dir, blockFile(block.blockNumber)), ...fields })
  })
  return found
}
