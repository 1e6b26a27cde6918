import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, test } from 'vitest'
import { check } from '../../src/cli/commands/validate-trace-pack.ts'
import * as Dir from '../../src/trace/Dir.ts'
import * as Issue from '../../src/trace/Issue.ts'

/**
 * Thousands of malformed packs made by mutating the original demo pack (delete fields, wrong types,
 * absurd numbers, truncation, garbage bytes, missing or extra files, `blocks` as a file) go through
 * `Dir.validateDir` and the command's entry function: no crash, and either a valid pack or a
 * non-empty, sorted list of well-formed issues.
 */

const demo = new URL('../../fixtures/original-lab/trace-packs/demo-mini/', import.meta.url).pathname
const originals: Record<string, string> = {
  'manifest.json': readFileSync(join(demo, 'manifest.json'), 'utf8'),
  'blocks/38014901.json': readFileSync(join(demo, 'blocks/38014901.json'), 'utf8'),
  'blocks/38014902.json': readFileSync(join(demo, 'blocks/38014902.json'), 'utf8'),
}
const fileNames = Object.keys(originals)
const root = mkdtempSync(join(tmpdir(), 'trace-pack-fuzz-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** Values swapped in for any JSON node; `raw:` entries are spliced in as raw JSON text. */
const hostile: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  -0,
  2 ** 53,
  2 ** 64,
  1e308,
  '',
  'NaN',
  '0x',
  '../../etc/passwd',
  '0xZZ',
  ' 0XAB ',
  [],
  {},
  [[[]]],
  { chain: 'base' },
  'x'.repeat(300),
  '\u0000\u202e',
  'raw:1e999',
  'raw:-1e999',
  'raw:18446744073709551616',
  'raw:00',
  'raw:NaN',
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
  | { readonly kind: 'extra-file'; readonly name: string; readonly file: number }
  | { readonly kind: 'blocks-is-file' }

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('delete' as const), file: fc.nat(2), node: fc.nat() }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('replace' as const),
      file: fc.nat(2),
      node: fc.nat(),
      value: fc.nat(hostile.length - 1),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('truncate' as const), file: fc.nat(2), at: fc.nat() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('garbage' as const),
      file: fc.nat(2),
      at: fc.nat(),
      bytes: fc.string({ minLength: 1, maxLength: 4 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('remove-file' as const), file: fc.nat(2) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('extra-file' as const),
      name: fc.constantFrom('0.json', '38014903.json', '038014901.json', 'x.json', '..json'),
      file: fc.nat(2),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'blocks-is-file' as const }) },
)

/** Every node path of a JSON value (objects and arrays), in document order. */
function nodePaths(value: unknown, path: readonly (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = path.length > 0 ? [[...path]] : []
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) out.push(...nodePaths(v, [...path, i]))
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push(...nodePaths(v, [...path, k]))
  }
  return out
}

function editNode(text: string, node: number, edit: 'delete' | unknown): string {
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
  if (edit === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1)
    else delete parent[last]
    return JSON.stringify(json, null, 2)
  }
  const raw = typeof edit === 'string' && edit.startsWith('raw:') ? edit.slice(4) : undefined
  parent[last] = raw === undefined ? edit : '__RAW__'
  const out = JSON.stringify(json, null, 2)
  return raw === undefined ? out : out.replace('"__RAW__"', raw)
}

function materialize(dir: string, mutations: readonly Mutation[]): void {
  const files: Record<string, string | null> = { ...originals }
  let blocksIsFile = false
  for (const m of mutations) {
    const name = fileNames[m.kind === 'blocks-is-file' ? 0 : m.file]!
    const text = files[name]
    if (m.kind === 'blocks-is-file') blocksIsFile = true
    else if (m.kind === 'remove-file') files[name] = null
    else if (m.kind === 'extra-file') files[`blocks/${m.name}`] = originals[name]!
    else if (text === null || text === undefined) continue
    else if (m.kind === 'delete') files[name] = editNode(text, m.node, 'delete')
    else if (m.kind === 'replace') files[name] = editNode(text, m.node, hostile[m.value])
    else if (m.kind === 'truncate') files[name] = text.slice(0, m.at % (text.length + 1))
    else {
      const at = m.at % (text.length + 1)
      files[name] = text.slice(0, at) + m.bytes + text.slice(at)
    }
  }
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  if (blocksIsFile) writeFileSync(join(dir, 'blocks'), 'not a directory')
  else mkdirSync(join(dir, 'blocks'))
  for (const [name, text] of Object.entries(files)) {
    if (text === null || (blocksIsFile && name.startsWith('blocks/'))) continue
    writeFileSync(join(dir, name), text)
  }
}

function assertWellFormed(result: ReturnType<typeof Dir.validateDir>): void {
  if (result.pack !== undefined) {
    expect(result.issues).toEqual([])
    return
  }
  expect(result.issues.length).toBeGreaterThan(0)
  expect(Issue.sort(result.issues)).toEqual(result.issues)
  for (const issue of result.issues) {
    expect(issue.file.length).toBeGreaterThan(0)
    expect(issue.code).toMatch(/^[a-z_]+$/)
    expect(issue.message.length).toBeGreaterThan(0)
    expect(issue.expected.length).toBeGreaterThan(0)
    expect(issue.value.length).toBeLessThanOrEqual(Issue.MAX_VALUE_CHARS + 1)
  }
}

describe('Dir.validateDir (fuzz)', () => {
  test('behavior: malformed packs never crash and always yield a verdict', () => {
    const dir = join(root, 'pack')
    const counts = { valid: 0, invalid: 0 }
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        materialize(dir, mutations)
        const result = Dir.validateDir(dir)
        assertWellFormed(result)
        counts[result.pack ? 'valid' : 'invalid']++
      }),
      { seed: 20261126, numRuns: Number(process.env.FC_NUM_RUNS ?? 0) || 2000 },
    )
    // The mutations must actually exercise the validator, not only produce valid packs.
    expect(counts.invalid).toBeGreaterThan(counts.valid)
  })

  test('behavior: the command entry function handles a sample without crashing', () => {
    const dir = join(root, 'cli')
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        materialize(dir, mutations)
        // Without a manifest there is no pack at all: a clear BaseError, which the CLI prints.
        if (mutations.some((m) => m.kind === 'remove-file' && m.file === 0)) {
          expect(() => check(dir)).toThrow(Dir.NotFoundError)
          return
        }
        const text = check(dir)
        const json = check(dir, { format: 'json' })
        expect(text.exitCode).toBe(json.exitCode)
        const issues = JSON.parse(json.lines[0]!) as unknown[]
        expect(issues.length === 0).toBe(json.exitCode === 0)
        if (text.exitCode === 1) expect(text.lines).toHaveLength(issues.length + 1)
      }),
      { seed: 7, numRuns: 200 },
    )
  })
})
