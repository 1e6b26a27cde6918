import { describe, expect, test } from 'vitest'
import * as Issue from './Issue.ts'

const issue = (file: string, path: string, code: string): Issue.Issue =>
  Issue.from({ file, path, code, expected: 'e', value: 1, message: 'm' })

describe('sort', () => {
  test('default: by file, then path, then code', () => {
    const sorted = Issue.sort([
      issue('b', 'a', 'x'),
      issue('a', 'b', 'x'),
      issue('a', 'a', 'y'),
      issue('a', 'a', 'x'),
    ])
    expect(sorted.map((i) => `${i.file} ${i.path} ${i.code}`)).toEqual([
      'a a x',
      'a a y',
      'a b x',
      'b a x',
    ])
  })
})

describe('renderValue', () => {
  test('default: compact JSON text', () => {
    expect(Issue.renderValue('0x1')).toBe('"0x1"')
    expect(Issue.renderValue({ a: [1, null] })).toBe('{"a":[1,null]}')
    expect(Issue.renderValue(undefined)).toBe('<missing>')
  })

  test('behavior: long, huge and deep values are truncated quickly', () => {
    expect(Issue.renderValue('x'.repeat(1000))).toBe(`"${'x'.repeat(79)}…`)
    const huge = Array.from({ length: 1_000_000 }, (_, i) => i)
    expect(Issue.renderValue(huge)).toHaveLength(81)
    let deep: unknown = 0
    for (let i = 0; i < 100_000; i++) deep = [deep]
    expect(Issue.renderValue(deep)).toBe('[[[[[[[[[…]]]]]]]]]')
  })
})

describe('render', () => {
  test('default: file:path: message (got value)', () => {
    expect(Issue.render(issue('f.json', 'a[0]', 'c'))).toBe('f.json:a[0]: m (got 1)')
    expect(Issue.hint(issue('f.json', 'a[0]', 'c'))).toBe('f.json: a[0]: m (got 1)')
    expect(Issue.render(issue('f.json', '', 'c'))).toBe('f.json: m (got 1)')
  })
})
