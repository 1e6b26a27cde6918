import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import * as Issue from '../../src/trace/Issue.ts'
import * as ReplayDir from '../../src/trace/ReplayDir.ts'
import * as ReplayPack from '../../src/trace/ReplayPack.ts'
import { run, tempDir } from '../golden/cli.ts'
import { extract } from '../replay/packs.ts'

/**
 * Malformed replay packs made by mutating a real one (mainnet block 1150000: nine Homestead
 * transactions, contracts with storage): deleted fields, wrong types, absurd numbers, truncation,
 * garbage bytes, removed or extra files, symlinks. Reading never crashes and yields either a
 * block or a sorted list of well-formed issues; the `replay` command exits 0, 1 or 2 with one
 * `error[CODE]` line and hints, never a stack trace, and writes no report when it fails.
 */

const BLOCK = 1150000
const root = tempDir('replay-fuzz-')
const originals = extract(join(root, 'original'), [BLOCK])
const fileNames = Object.keys(originals).sort()

const hostile: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  2 ** 53,
  1e308,
  '',
  '0x',
  '0xZZ',
  `0x1${'0'.repeat(64)}`,
  `0x${'f'.repeat(65)}`,
  '../../etc/passwd',
  ' 0XAB ',
  [],
  {},
  [[[]]],
  'x'.repeat(300),
  '\u0000\u202e',
  'raw:1e999',
  'raw:18446744073709551616',
  'raw:9007199254740993',
]

type Mutation =
  | { readonly kind: 'delete'; readonly file: number; readonly node: number }
  | {
      readonly kind: 'replace'
      readonly file: number
      readonly node: number
      readonly value: number
    }
  | { readonly kind: 'truncate'; readonly file: number; readonly at: number }
  | { readonly kind: 'garbage'; readonly file: number; readonly at: number; readonly bytes: string }
  | { readonly kind: 'remove-file'; readonly file: number }
  | { readonly kind: 'extra'; readonly name: string }

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('delete' as const), file: fc.nat(3), node: fc.nat() }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('replace' as const),
      file: fc.nat(3),
      node: fc.nat(),
      value: fc.nat(hostile.length - 1),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('truncate' as const), file: fc.nat(3), at: fc.nat() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('garbage' as const),
      file: fc.nat(3),
      at: fc.nat(),
      bytes: fc.string({ minLength: 1, maxLength: 4 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('remove-file' as const), file: fc.nat(3) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('extra' as const),
      name: fc.constantFrom(
        'bytecodes.json.br',
        `blocks/${BLOCK}/block.json.br`,
        'blocks/1150001',
        'blocks/01150000/block.json',
        'blocks/x/block.json',
        'replay-pack.json',
      ),
    }),
  },
)

function nodePaths(value: unknown, path: readonly (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = path.length > 0 ? [[...path]] : []
  if (Array.isArray(value))
    for (const [i, v] of value.entries()) out.push(...nodePaths(v, [...path, i]))
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...nodePaths(v, [...path, k]))
  return out
}

function editNode(text: string, node: number, edit: unknown): string {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return text
  }
  const paths = nodePaths(json)
  const path = paths[node % Math.max(paths.length, 1)]
  if (path === undefined) return text
  let parent = json as Record<string | number, unknown>
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>
  const last = path[path.length - 1]!
  if (edit === DELETE) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1)
    else delete parent[last]
    return JSON.stringify(json)
  }
  const raw = typeof edit === 'string' && edit.startsWith('raw:') ? edit.slice(4) : undefined
  parent[last] = raw === undefined ? edit : '__RAW__'
  const out = JSON.stringify(json)
  return raw === undefined ? out : out.replace('"__RAW__"', raw)
}

const DELETE = Symbol('delete')

function materialize(dir: string, mutations: readonly Mutation[]): void {
  const files: Record<string, string | null> = { ...originals }
  const extras: string[] = []
  for (const m of mutations) {
    if (m.kind === 'extra') {
      extras.push(m.name)
      continue
    }
    const name = fileNames[m.file % fileNames.length]!
    const text = files[name]
    if (m.kind === 'remove-file') files[name] = null
    else if (text === null || text === undefined) continue
    else if (m.kind === 'delete') files[name] = editNode(text, m.node, DELETE)
    else if (m.kind === 'replace') files[name] = editNode(text, m.node, hostile[m.value])
    else if (m.kind === 'truncate') files[name] = text.slice(0, m.at % (text.length + 1))
    else {
      const at = m.at % (text.length + 1)
      files[name] = text.slice(0, at) + m.bytes + text.slice(at)
    }
  }
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(join(dir, 'blocks', String(BLOCK)), { recursive: true })
  for (const [name, text] of Object.entries(files))
    if (text !== null) writeFileSync(join(dir, name), text)
  for (const name of extras) {
    if (name === 'blocks/1150001') symlinkSync(join(dir, 'blocks', String(BLOCK)), join(dir, name))
    else {
      mkdirSync(join(dir, name, '..'), { recursive: true })
      writeFileSync(join(dir, name), name.endsWith('.br') ? 'garbage' : '{"schema": 1}')
    }
  }
}

/** Reads the pack like `replay` does; returns the issues (empty: the block read cleanly). */
function read(dir: string): readonly Issue.Issue[] {
  try {
    const pack = ReplayDir.open(dir)
    ReplayDir.readBlock(pack, BLOCK)
    return []
  } catch (err) {
    if (err instanceof ReplayPack.InvalidError) return err.issues
    if (err instanceof ReplayPack.NotFoundError) return []
    throw err
  }
}

describe('replay packs (fuzz)', () => {
  test('behavior: malformed packs never crash the reader; issues are sorted and well formed', () => {
    const dir = join(root, 'pack')
    const counts = { clean: 0, invalid: 0 }
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        materialize(dir, mutations)
        const issues = read(dir)
        counts[issues.length === 0 ? 'clean' : 'invalid']++
        expect(Issue.sort(issues)).toEqual(issues)
        for (const issue of issues) {
          expect(issue.file.startsWith(dir)).toBe(true)
          expect(issue.code).toMatch(/^[a-z_]+$/)
          expect(issue.message.length).toBeGreaterThan(0)
          expect(issue.expected.length).toBeGreaterThan(0)
          expect(issue.value.length).toBeLessThanOrEqual(Issue.MAX_VALUE_CHARS + 1)
        }
      }),
      { seed: 20261207, numRuns: Number(process.env.FC_NUM_RUNS ?? 0) || 1000 },
    )
    expect(counts.invalid).toBeGreaterThan(counts.clean)
  })

  test('behavior: the replay command answers every malformed pack with an exit code and one error', async () => {
    const dir = join(root, 'cli')
    const out = join(root, 'report.json')
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 2 }), async (mutations) => {
        materialize(dir, mutations)
        rmSync(out, { force: true })
        const { code, stderr } = await run(['replay', '--data', dir, '--out', out])
        expect([0, 1, 2]).toContain(code)
        expect(stderr).not.toMatch(/\n\s+at |INTERNAL/)
        if (code === 0) expect(stderr).toBe('')
        else expect(stderr).toMatch(/^error\[[A-Z_]+\]: /)
        // A report is written only when every block was read and replayed.
        if (/REPLAY_PACK|EVM_REPLAY|NOT_FOUND|CLI_USAGE/.test(stderr))
          expect(() => readFileSync(out)).toThrow()
      }),
      { seed: 7, numRuns: 60 },
    )
  })
})
