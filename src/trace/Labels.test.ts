import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import * as Labels from './Labels.ts'

const addr = (byte: string) => `0x${byte.repeat(20)}`

describe('parse', () => {
  test('default: keys are lowercased and sorted', () => {
    const labels = Labels.parse(
      { [`0x${'AB'.repeat(20)}`]: 'Upper', [addr('11')]: 'One' },
      'l.json',
    )
    expect(labels).toEqual([
      [addr('11'), 'One'],
      [addr('ab'), 'Upper'],
    ])
  })
  test('error: names the file, the JSON path, the expectation and the value', () => {
    expect(() => Labels.parse({ nope: 'x' }, 'l.json')).toThrowError(
      'invalid contract labels l.json at $["nope"]: expected a key of 0x + 40 hex digits, got "nope"',
    )
    expect(() => Labels.parse({ [addr('11')]: 7 }, 'l.json')).toThrowError(
      'a non-empty string label, got 7',
    )
    expect(() => Labels.parse([], 'l.json')).toThrowError('at $: expected an object')
  })
})

describe('forPack', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pel-labels-'))

  test('default: the bundled labels when the pack has none', () => {
    expect(Labels.forPack(dir)).toEqual(Labels.read(Labels.bundledPath))
    expect(Labels.forPack(dir).map(([, label]) => label)).toContain('Base WETH')
  })

  test('options: the pack own labels.json, and an explicit file before both', () => {
    writeFileSync(join(dir, 'labels.json'), JSON.stringify({ [addr('11')]: 'Pack' }))
    expect(Labels.forPack(dir)).toEqual([[addr('11'), 'Pack']])
    const file = join(dir, 'other.json')
    writeFileSync(file, JSON.stringify({ [addr('22')]: 'Flag' }))
    expect(Labels.forPack(dir, file)).toEqual([[addr('22'), 'Flag']])
  })

  test('error: a missing or broken file names the file', () => {
    const missing = join(dir, 'missing.json')
    expect(() => Labels.forPack(dir, missing)).toThrowError(
      `failed to read contract labels ${missing}: no such file or directory`,
    )
    const broken = join(dir, 'broken.json')
    writeFileSync(broken, '{')
    expect(() => Labels.read(broken)).toThrowError(`failed to parse contract labels ${broken}`)
  })
})
