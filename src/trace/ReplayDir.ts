/**
 * Replay-pack directories on disk (layout in `ReplayPack`, format in docs/replay-pack.md).
 * `open` reads the pack-wide files (manifest, codes, block hashes) and lists the blocks; `readBlock`
 * reads one block when it is needed, so memory grows with the largest block, not the pack. Every
 * file may be plain (`block.json`) or Brotli-compressed (`block.json.br`), never both. Reading is
 * defensive (see `JsonFile`); writing is all-or-nothing (`Dir.writeAtomically`).
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants } from 'node:zlib'
import * as Errors from '../primitives/Errors.ts'
import * as Json from '../primitives/Json.ts'
import * as Dir from './Dir.ts'
import * as Issue from './Issue.ts'
import * as JsonFile from './JsonFile.ts'
import * as ReplayPack from './ReplayPack.ts'
import * as ReplayWire from './ReplayWire.ts'

/** An opened pack: its pack-wide data and the blocks it holds; blocks are read with `readBlock`. */
export type Pack = {
  readonly dir: string
  readonly manifest: ReplayPack.Manifest
  /** Block numbers present, ascending. */
  readonly numbers: readonly number[]
  /** Code hash → code (`0x` hex); each checked against its hash when a block first uses it. */
  readonly codes: ReadonlyMap<string, string>
  /** The file the codes came from (named in code-hash issues). */
  readonly codesFile: string
  /** Hashes whose code has been checked (filled by `readBlock`). */
  readonly checked: Set<string>
  /** Block number → hash, for BLOCKHASH. */
  readonly blockHashes: ReadonlyMap<number, string>
}

const MANIFEST = 'replay-pack.json'
const CODES = 'bytecodes.json'
const HASHES = 'block_hashes.json'

/**
 * Opens a replay pack: reads and checks `replay-pack.json` (optional: mainnet when absent),
 * `bytecodes.json` and `block_hashes.json` (each optional: an empty map), and lists `blocks/<n>/`.
 * Throws `ReplayPack.NotFoundError` when `dir` is not a pack, `ReplayPack.InvalidError` with every
 * issue when a pack-wide file is bad.
 * @example const pack = ReplayDir.open('data/mainnet'); const block = ReplayDir.readBlock(pack, 14029313)
 */
export function open(dir: string): Pack {
  if (JsonFile.targetKind(dir) !== 'directory')
    throw new ReplayPack.NotFoundError(dir, 'no such directory')
  const issues: Issue.Issue[] = []
  const numbers = blockNumbers(dir, issues)
  if (issues.length === 0 && numbers.length === 0)
    throw new ReplayPack.NotFoundError(dir, `${join(dir, 'blocks')} holds no block directories`)
  const manifest = readOptional(dir, MANIFEST, issues, ReplayWire.manifestFromJson)
  const codesAt = locate(dir, CODES, [])
  const codes = readOptional(dir, CODES, issues, ReplayWire.codesFromJson)
  const blockHashes = readOptional(dir, HASHES, issues, ReplayWire.blockHashesFromJson)
  if (issues.length > 0) throw new ReplayPack.InvalidError(dir, Issue.sort(issues))
  return {
    dir,
    manifest: manifest ?? ReplayPack.MAINNET,
    numbers,
    codes: codes ?? new Map(),
    codesFile: codesAt ?? join(dir, CODES),
    checked: new Set(),
    blockHashes: blockHashes ?? new Map(),
  }
}

/**
 * Reads and checks block `n` (`block.json` and `pre_state.json`); throws `ReplayPack.InvalidError`
 * with every issue of both files.
 */
export function readBlock(pack: Pack, n: number): ReplayPack.Block {
  const issues: Issue.Issue[] = []
  const block = readPart(pack.dir, n, 'block.json', issues, (value, file) => {
    const parsed = ReplayWire.blockFromJson(value, file)
    const number = parsed.value?.header.number
    if (number === undefined || number === n) return parsed
    const issue = Issue.from({
      file,
      path: 'number',
      code: 'block_number_mismatch',
      expected: `${n} (the number of its directory)`,
      value: number,
      message: `blocks/${n}/ holds block ${number}`,
    })
    return { issues: [issue] }
  })
  const preState = readPart(pack.dir, n, 'pre_state.json', issues, (value, file) =>
    ReplayWire.preStateFromJson(value, file, pack.codes),
  )
  const bad = new Set<string>()
  for (const { codeHash, code } of preState ?? []) {
    if (codeHash === null || code === null || pack.checked.has(codeHash) || bad.has(codeHash))
      continue
    if (!pack.codes.has(codeHash)) continue // inline code, checked by the parser
    const issue = ReplayWire.checkCode(pack.codesFile, codeHash, code)
    if (issue === undefined) pack.checked.add(codeHash)
    else {
      bad.add(codeHash)
      issues.push(issue)
    }
  }
  if (issues.length > 0 || block === undefined || preState === undefined)
    throw new ReplayPack.InvalidError(pack.dir, Issue.sort(issues))
  return { ...block, preState }
}

/** One block as written: the node's raw JSON answers, kept as they came. */
export type RawBlock = {
  readonly number: number
  readonly block: Json.Value
  readonly preState: Json.Value
}

/**
 * Writes a whole pack all-or-nothing: `replay-pack.json`, `bytecodes.json`, `block_hashes.json`
 * and every block's two files, Brotli-compressed (`.br`) when `compress` is set. Keys of the maps
 * are written in ascending order, so equal inputs give identical bytes.
 */
export function write(
  dir: string,
  pack: {
    readonly manifest: ReplayPack.Manifest
    readonly codes: ReadonlyMap<string, string>
    readonly blockHashes: ReadonlyMap<number, string>
    readonly blocks: readonly RawBlock[]
  },
  options: { readonly compress: boolean },
): void {
  const suffix = options.compress ? JsonFile.BROTLI_SUFFIX : ''
  const encode = (value: Json.Value) => {
    const text = `${Json.stringify(value, { pretty: !options.compress })}\n`
    return options.compress ? compress(text) : text
  }
  const { manifest } = pack
  const codes = [...pack.codes].sort((a, b) => (a[0] < b[0] ? -1 : 1))
  const hashes = [...pack.blockHashes].sort((a, b) => a[0] - b[0])
  const files = [
    {
      path: join(dir, MANIFEST),
      content: `${Json.stringify({
        schema: ReplayPack.SCHEMA,
        chain: manifest.chain,
        chain_id: `0x${manifest.chainId.toString(16)}`,
        hardfork: manifest.hardfork,
        provenance: manifest.provenance,
      })}\n`,
    },
    { path: join(dir, CODES + suffix), content: encode(Object.fromEntries(codes)) },
    {
      path: join(dir, HASHES + suffix),
      content: encode(Object.fromEntries(hashes.map(([n, h]) => [String(n), h]))),
    },
    ...pack.blocks.flatMap((b) => [
      {
        path: join(dir, 'blocks', String(b.number), `block.json${suffix}`),
        content: encode(b.block),
      },
      {
        path: join(dir, 'blocks', String(b.number), `pre_state.json${suffix}`),
        content: encode(b.preState),
      },
    ]),
  ]
  try {
    Dir.writeAtomically(files)
  } catch (err) {
    throw new Errors.BaseError(`failed to write replay pack ${dir}: ${Errors.describe(err)}`, {
      code: 'IO_FAILED',
      cause: err,
    })
  }
}

/** Brotli at its densest setting (the bundled mainnet pack: 57 MB of JSON → about 9 MB). */
function compress(text: string): Uint8Array {
  return brotliCompressSync(Buffer.from(text, 'utf8'), {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: text.length,
    },
  })
}

/** `blocks/<n>/` directories, ascending; anything else in `blocks/` is reported or ignored. */
function blockNumbers(dir: string, issues: Issue.Issue[]): number[] {
  const blocksDir = join(dir, 'blocks')
  const kind = JsonFile.entryKind(blocksDir)
  if (kind === 'missing') return []
  if (kind !== 'directory') {
    issues.push(JsonFile.fileIssue(blocksDir, 'not_a_directory', 'a directory of blocks', kind))
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
    if (!/^(0|[1-9][0-9]{0,15})$/.test(name) || !Number.isSafeInteger(Number(name))) continue
    const what = JsonFile.entryKind(join(blocksDir, name))
    if (what === 'directory') numbers.push(Number(name))
    else
      issues.push(
        JsonFile.fileIssue(
          join(blocksDir, name),
          'not_a_directory',
          'a block directory (symlinks are refused)',
          what,
        ),
      )
  }
  return numbers.sort((a, b) => a - b)
}

/** The path of `name` in `dir`, plain or `.br`; null when neither exists (both: an issue). */
function locate(dir: string, name: string, issues: Issue.Issue[]): string | null | undefined {
  const plain = join(dir, name)
  const compressed = plain + JsonFile.BROTLI_SUFFIX
  const hasPlain = JsonFile.entryKind(plain) !== 'missing'
  const hasCompressed = JsonFile.entryKind(compressed) !== 'missing'
  if (hasPlain && hasCompressed) {
    const issue = JsonFile.fileIssue(
      plain,
      'ambiguous_file',
      `${name} or ${name}.br, not both`,
      'both',
    )
    issues.push(issue)
    return undefined
  }
  return hasPlain ? plain : hasCompressed ? compressed : null
}

function readOptional<T>(
  dir: string,
  name: string,
  issues: Issue.Issue[],
  parse: (value: unknown, file: string) => ReplayWire.Parsed<T>,
): T | undefined {
  const file = locate(dir, name, issues)
  if (file === null || file === undefined) return undefined
  const json = JsonFile.read(file, issues, 'replay-pack JSON')
  if (json === undefined) return undefined
  const parsed = parse(json.value, file)
  issues.push(...parsed.issues)
  return parsed.value
}

function readPart<T>(
  dir: string,
  n: number,
  name: string,
  issues: Issue.Issue[],
  parse: (value: unknown, file: string) => ReplayWire.Parsed<T>,
): T | undefined {
  const blockDir = join(dir, 'blocks', String(n))
  const file = locate(blockDir, name, issues)
  if (file === null) {
    issues.push(
      JsonFile.fileIssue(join(blockDir, name), 'not_found', `${name} (or ${name}.br)`, 'nothing'),
    )
    return undefined
  }
  if (file === undefined) return undefined
  const json = JsonFile.read(file, issues, 'replay-pack JSON')
  if (json === undefined) return undefined
  const parsed = parse(json.value, file)
  issues.push(...parsed.issues)
  return parsed.value
}
