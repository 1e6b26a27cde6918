import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { run, tempDir } from '../golden/cli.ts'

const FIXTURE = 'fixtures/original-lab/fixtures/geth-mini-struct-logs.json'

describe('analyze-trace', () => {
  test('default: geth struct logs → 3 txs, 1 pair, lower-bound access model', async () => {
    const dir = tempDir('pel-at-')
    const args = [
      '--out',
      join(dir, 'r.json'),
      '--markdown',
      join(dir, 'r.md'),
      '--html',
      join(dir, 'r.html'),
    ]
    const r = await run([
      'analyze-trace',
      '--format',
      'geth-struct-logs',
      '--fixture',
      FIXTURE,
      ...args,
    ])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`analyzed geth-struct-logs 3 txs from ${FIXTURE}`)
    expect(r.stdout).toContain('conflicts=1 waves=2 max_width=2 ceiling=1.500x')
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'))
    expect(report.access_model).toBe('declared-read-write-lower-bound')
  })

  test('error: unknown --format is a usage error', async () => {
    const dir = tempDir('pel-at-')
    const args = [
      '--out',
      join(dir, 'r.json'),
      '--markdown',
      join(dir, 'r.md'),
      '--html',
      join(dir, 'r.html'),
    ]
    const r = await run(['analyze-trace', '--format', 'parity', '--fixture', FIXTURE, ...args])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('expected geth-struct-logs')
  })
})
