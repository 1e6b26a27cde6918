import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { check } from '../../src/cli/commands/validate-trace-pack.ts'
import { NotFoundError } from '../../src/trace/Dir.ts'

const repo = new URL('../../', import.meta.url).pathname
const packs = join(repo, 'fixtures/original-lab/trace-packs')
const root = mkdtempSync(join(tmpdir(), 'validate-cli-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

function cli(args: readonly string[]) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(repo, 'src/cli/main.ts'), ...args],
    { cwd: repo, encoding: 'utf8' },
  )
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** demo-mini with two broken blocks: a bad slot and tx count in one, truncated JSON in the other. */
function brokenPack(): string {
  const dir = join(root, 'broken')
  cpSync(join(packs, 'demo-mini'), dir, { recursive: true })
  const first = join(dir, 'blocks/38014901.json')
  const json = JSON.parse(readFileSync(first, 'utf8'))
  json.tx_count = 5
  json.transactions[1].accesses[0].slot = '0x01'
  writeFileSync(first, JSON.stringify(json))
  writeFileSync(join(dir, 'blocks/38014902.json'), '{"chain": "base", "block_')
  return dir
}

describe('validate-trace-pack', () => {
  test('default: the original packs are valid (exit 0, one-line summary)', () => {
    const demo = cli(['validate-trace-pack', '--trace-dir', join(packs, 'demo-mini')])
    expect(demo.code).toBe(0)
    expect(demo.stdout).toBe(`ok: ${join(packs, 'demo-mini')}: 2 blocks, 7 txs, 7 accesses\n`)
    expect(check(join(packs, 'revm-smoke-mini')).lines).toEqual([
      `ok: ${join(packs, 'revm-smoke-mini')}: 1 blocks, 3 txs, 5 accesses`,
    ])
  })

  test('error: every issue on its own line, exit 1', () => {
    const dir = brokenPack()
    const run = cli(['validate-trace-pack', '--trace-dir', dir])
    expect(run.code).toBe(1)
    expect(run.stderr).toBe('')
    const lines = run.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(4)
    expect(lines[0]).toBe(
      `${dir}/blocks/38014901.json:transactions[1].accesses[0].slot: invalid storage key at block 38014901 tx_index 1 access 0: \`0x01\`; expected 0x followed by 64 hex characters (got "0x01")`,
    )
    expect(lines[1]).toBe(
      `${dir}/blocks/38014901.json:tx_count: tx_count 5 does not match 4 transactions (got 5)`,
    )
    expect(lines[2]).toMatch(
      new RegExp(
        `^${dir}/blocks/38014902.json: failed to parse trace pack JSON: .* \\(got "\\{\\\\"chain`,
      ),
    )
    expect(lines[3]).toBe(`invalid: ${dir}: 3 issues`)
  })

  test('options: --json prints the issue array', () => {
    const run = cli(['validate-trace-pack', '--trace-dir', brokenPack(), '--json'])
    expect(run.code).toBe(1)
    const issues = JSON.parse(run.stdout) as { code: string; path: string }[]
    expect(issues.map((i) => `${i.path}|${i.code}`)).toEqual([
      'transactions[1].accesses[0].slot|invalid_slot',
      'tx_count|tx_count_mismatch',
      '|json_invalid',
    ])
    expect(Object.keys(issues[0]!)).toEqual([
      'file',
      'path',
      'code',
      'expected',
      'value',
      'message',
    ])
    expect(check(join(packs, 'demo-mini'), { format: 'json' })).toEqual({
      exitCode: 0,
      lines: ['[]'],
    })
  })

  test('error: a missing pack and a missing flag', () => {
    const missing = cli(['validate-trace-pack', '--trace-dir', join(root, 'none')])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/^error\[TRACE_PACK_NOT_FOUND\]: trace pack not found: /)
    expect(missing.stderr).not.toMatch(/at .*\.ts:\d+/)
    expect(() => check(join(root, 'none'))).toThrow(NotFoundError)
    expect(cli(['validate-trace-pack']).code).toBe(2)
  })
})
