import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, test } from 'vitest'

/**
 * Layer → layers it may import (see ARCHITECTURE.md). `index` is the package entry (src/index.ts).
 * Two stacks: synthetic (model → exec → evm) and real traces (trace → analysis → report); they meet
 * only in workload/ and cli/.
 */
const allowed: Record<string, readonly string[]> = {
  primitives: [],
  model: ['primitives'],
  trace: ['primitives'],
  workload: ['trace', 'model', 'primitives'],
  exec: ['model', 'primitives'],
  analysis: ['trace', 'primitives'],
  report: ['analysis', 'exec', 'evm', 'trace', 'model', 'primitives'],
  rpc: ['trace', 'primitives'],
  evm: ['exec', 'trace', 'primitives'],
  tables: ['analysis', 'trace', 'primitives'],
  range: ['analysis', 'tables', 'exec', 'trace', 'primitives'],
  cli: [
    'index',
    'primitives',
    'model',
    'trace',
    'workload',
    'exec',
    'analysis',
    'report',
    'rpc',
    'evm',
    'tables',
    'range',
  ],
  index: ['primitives', 'model', 'trace', 'workload', 'exec', 'analysis', 'report'],
}

/** Benchmarks and scripts may use every library layer, but never the CLI (its commands are shells). */
const outside: Record<string, readonly string[]> = {
  bench: [
    'primitives',
    'model',
    'trace',
    'workload',
    'exec',
    'analysis',
    'report',
    'rpc',
    'evm',
    'tables',
    'range',
  ],
  scripts: ['primitives', 'model', 'trace', 'workload', 'exec', 'analysis', 'report', 'rpc', 'evm'],
}

/** External modules only some layers may touch (effects at the edges). */
const restricted: readonly { pattern: RegExp; layers: readonly string[] }[] = [
  { pattern: /^@ethereumjs\//, layers: ['evm'] },
  { pattern: /^node:worker_threads$/, layers: ['exec', 'evm', 'range'] },
  { pattern: /^node:child_process$/, layers: ['cli'] },
  { pattern: /^node:fs(\/promises)?$/, layers: ['cli', 'trace', 'evm', 'tables', 'range'] },
  { pattern: /^@duckdb\//, layers: ['tables'] },
  { pattern: /^(viem|viem\/.*)$/, layers: ['rpc', 'evm'] },
  { pattern: /^commander$/, layers: ['cli'] },
]

function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...sourceFiles(path))
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) out.push(path)
  }
  return out
}

/** Every Markdown, TypeScript and HTML file under `dir` (where a citation could hide). */
function textFiles(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...textFiles(path))
    else if (/\.(md|ts|mjs|html)$/.test(entry.name)) out.push(path)
  }
  return out
}

function layerOf(file: string): string {
  const rel = relative('src', file).split('/')
  return rel.length === 1 ? 'index' : (rel[0] ?? 'index')
}

/** A src layer, or `outside:<dir>` for files outside src/ (bench, scripts, test). */
function ownerOf(file: string): string {
  const top = relative('.', file).split('/')[0] ?? ''
  return top === 'src' ? layerOf(file) : `outside:${top}`
}

function importsOf(text: string): string[] {
  const specs: string[] = []
  for (const match of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g))
    specs.push(match[1] ?? '')
  for (const match of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) specs.push(match[1] ?? '')
  return specs
}

describe('architecture', () => {
  const files = sourceFiles('src')

  test('behavior: every src layer imports only the layers below it', () => {
    const violations: string[] = []
    for (const file of files) {
      const layer = layerOf(file)
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        if (!spec.startsWith('.')) continue
        const target = layerOf(join(file, '..', spec))
        if (target !== layer && !(allowed[layer] ?? []).includes(target)) {
          violations.push(`${file} (${layer}) imports ${spec} (${target})`)
        }
      }
    }
    expect(violations).toEqual([])
  })

  test('behavior: effects stay at the edges', () => {
    const violations: string[] = []
    for (const file of files) {
      const layer = layerOf(file)
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        for (const rule of restricted) {
          if (rule.pattern.test(spec) && !rule.layers.includes(layer)) {
            violations.push(`${file} (${layer}) imports ${spec}`)
          }
        }
      }
    }
    expect(violations).toEqual([])
  })

  test('behavior: bench/ and scripts/ import library layers, never cli/', () => {
    const violations: string[] = []
    for (const dir of Object.keys(outside)) {
      for (const file of sourceFiles(dir)) {
        for (const spec of importsOf(readFileSync(file, 'utf8'))) {
          if (!spec.startsWith('.')) continue
          const target = ownerOf(join(file, '..', spec))
          if (target.startsWith('outside:')) continue
          if (!(outside[dir] ?? []).includes(target))
            violations.push(`${file} imports ${spec} (${target})`)
        }
      }
    }
    expect(violations).toEqual([])
  })

  test('behavior: report reads the EVM layer for types only (it never loads ethereumjs)', () => {
    const violations: string[] = []
    for (const file of files.filter((f) => layerOf(f) === 'report')) {
      const text = readFileSync(file, 'utf8')
      for (const match of text.matchAll(
        /^(import|export)(\s+type)?\s[^'"]*?from\s+['"]([^'"]+)['"]/gm,
      )) {
        const spec = match[3] ?? ''
        if (
          spec.startsWith('.') &&
          layerOf(join(file, '..', spec)) === 'evm' &&
          match[2] === undefined
        )
          violations.push(`${file} imports ${spec} at run time`)
      }
    }
    expect(violations).toEqual([])
  })

  test('behavior: no command imports another command (shared code lives in cli/ or its layer)', () => {
    const violations: string[] = []
    for (const file of files.filter((f) => f.startsWith(join('src', 'cli', 'commands')))) {
      if (file.endsWith(join('commands', 'index.ts'))) continue
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        if (spec.startsWith('./')) violations.push(`${file} imports ${spec}`)
      }
    }
    expect(violations).toEqual([])
  })

  test('behavior: the repository stands alone: no file cites documents outside it', () => {
    // Facts taken from elsewhere are stated in docs/original-lab.md; nothing points outside the
    // repo.
    // (Spelled in pieces so this file does not match itself.)
    const outsideDocs = new RegExp(
      [
        ['seed', 'spec'].join('-'),
        ['\\.\\.', 'shared'].join('/'),
        ['', 'work', 'shared'].join('/'),
      ].join('|'),
      'i',
    )
    const texts = ['src', 'test', 'bench', 'scripts', 'docs', 'fixtures', 'case-studies'].flatMap(
      (dir) => textFiles(dir),
    )
    const cited = [...texts, 'README.md', 'ARCHITECTURE.md'].filter((file) =>
      outsideDocs.test(readFileSync(file, 'utf8')),
    )
    expect(cited).toEqual([])
  })

  test('behavior: every layer in the table exists or is planned', () => {
    expect(Object.keys(allowed)).toContain('primitives')
    expect(files.length).toBeGreaterThan(0)
  })
})
