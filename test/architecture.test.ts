import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, test } from 'vitest'

/** Layer → layers it may import (see ARCHITECTURE.md). `index` is the package entry (src/index.ts). */
const allowed: Record<string, readonly string[]> = {
  primitives: [],
  model: ['primitives'],
  trace: ['model', 'primitives'],
  workload: ['trace', 'model', 'primitives'],
  exec: ['model', 'primitives'],
  analysis: ['trace', 'model', 'primitives'],
  report: ['analysis', 'exec', 'evm', 'trace', 'model', 'primitives'],
  rpc: ['trace', 'model', 'primitives'],
  evm: ['exec', 'trace', 'model', 'primitives'],
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
  ],
  index: ['primitives', 'model', 'trace', 'workload', 'exec', 'analysis', 'report'],
}

/** External modules only some layers may touch (effects at the edges). */
const restricted: readonly { pattern: RegExp; layers: readonly string[] }[] = [
  { pattern: /^@ethereumjs\//, layers: ['evm'] },
  { pattern: /^node:worker_threads$/, layers: ['exec', 'evm'] },
  { pattern: /^node:child_process$/, layers: ['cli'] },
  { pattern: /^node:fs(\/promises)?$/, layers: ['cli', 'trace', 'evm'] },
  { pattern: /^(viem|viem\/.*)$/, layers: ['rpc'] },
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

function layerOf(file: string): string {
  const rel = relative('src', file).split('/')
  return rel.length === 1 ? 'index' : (rel[0] ?? 'index')
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

  test('behavior: every layer in the table exists or is planned', () => {
    expect(Object.keys(allowed)).toContain('primitives')
    expect(files.length).toBeGreaterThan(0)
  })
})
