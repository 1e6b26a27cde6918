import { spawnSync } from 'node:child_process'
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
import { BaseError } from '../primitives/Errors.ts'
import { checkWritable, writeFiles } from './io.ts'

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

describe('checkWritable', () => {
  test('default: new nested paths, existing files and directories pass; nothing is left behind', () => {
    const dir = join(root, 'writable')
    mkdirSync(dir)
    writeFileSync(join(dir, 'old.json'), 'old')
    checkWritable([join(dir, 'a/b/c.json'), join(dir, 'old.json'), dir])
    expect(readdirSync(dir)).toEqual(['old.json'])
    expect(readFileSync(join(dir, 'old.json'), 'utf8')).toBe('old')
  })

  test('error: a path under a regular file names that file', () => {
    const file = join(root, 'plain')
    writeFileSync(file, 'x')
    expect(() => checkWritable([join(file, 'sub', 'out.json')])).toThrow(
      `cannot write ${join(file, 'sub', 'out.json')}: ${file} is not a directory`,
    )
  })

  test.skipIf(!existsSync('/proc/self'))(
    "error: /proc refuses new entries: IO_FAILED at once (Node's recursive mkdir spins there)",
    () => {
      let caught: unknown
      try {
        checkWritable(['/proc/parallel-evm-lab-nope/out.json'])
      } catch (err) {
        caught = err
      }
      expect(caught).toBeInstanceOf(BaseError)
      expect((caught as BaseError).code).toBe('IO_FAILED')
      expect((caught as BaseError).shortMessage).toMatch(
        /^cannot write \/proc\/parallel-evm-lab-nope\/out\.json: cannot create entries in \/proc \(/,
      )
    },
  )
})

describe('writeFiles under /proc', () => {
  // In a child with a timeout: Node's recursive mkdir spins forever there, which would hang this
  // process rather than fail the test.
  test.skipIf(!existsSync('/proc/self'))(
    'error: fails instead of spinning (parent directories are made one by one)',
    () => {
      const script = [
        "import * as Dir from './src/trace/Dir.ts'",
        "try { Dir.writeAtomically([{ path: '/proc/parallel-evm-lab-nope/x.json', content: '' }]) }",
        "catch (err) { console.log('failed: ' + err.code) }",
      ].join('\n')
      const child = spawnSync(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script],
        { encoding: 'utf8', timeout: 30_000 },
      )
      expect(child.signal).toBe(null)
      expect(child.stdout).toBe('failed: ENOENT\n')
    },
  )
})
