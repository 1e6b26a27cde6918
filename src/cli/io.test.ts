import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { writeFiles } from './io.ts'

const root = mkdtempSync(join(tmpdir(), 'io-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('writeFiles', () => {
  test('default: writes every file, creating parent directories, and leaves no temp files', () => {
    const dir = join(root, 'ok')
    writeFiles([
      { path: join(dir, 'a.json'), content: '{}' },
      { path: join(dir, 'sub/b.md'), content: '# b' },
    ])
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('{}')
    expect(readFileSync(join(dir, 'sub/b.md'), 'utf8')).toBe('# b')
    expect(readdirSync(dir).sort()).toEqual(['a.json', 'sub'])
  })

  test('error: a target that is a directory fails before any file is replaced', () => {
    const dir = join(root, 'partial')
    mkdirSync(join(dir, 'report.html'), { recursive: true })
    writeFileSync(join(dir, 'report.json'), 'old')
    expect(() =>
      writeFiles([
        { path: join(dir, 'report.json'), content: 'new' },
        { path: join(dir, 'report.md'), content: 'new' },
        { path: join(dir, 'report.html'), content: 'new' },
      ]),
    ).toThrow(/failed to write output: .*report\.html is a directory/)
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe('old')
    expect(existsSync(join(dir, 'report.md'))).toBe(false)
    expect(readdirSync(dir).sort()).toEqual(['report.html', 'report.json'])
  })
})
