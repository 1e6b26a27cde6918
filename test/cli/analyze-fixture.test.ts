import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { run, tempDir } from '../golden/cli.ts'

const FIXTURE = 'fixtures/original-lab/fixtures/base-mini-trace.json'
const outputs = (dir: string) => [
  '--out',
  join(dir, 'report.json'),
  '--markdown',
  join(dir, 'report.md'),
  '--html',
  join(dir, 'report.html'),
]

describe('analyze-fixture', () => {
  test('default: base-mini fixture → 12 txs, 7 pairs, 3 waves', async () => {
    const dir = tempDir('pel-af-')
    const r = await run([
      'analyze-fixture',
      '--fixture',
      FIXTURE,
      ...outputs(dir),
      '--trace',
      join(dir, 't.json'),
    ])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`analyzed 12 txs from ${FIXTURE} into ${join(dir, 'report.json')}`)
    expect(r.stdout).toMatch(/conflicts=7 waves=3 max_width=7 ceiling=4\.000x hash=[0-9a-f]{16}/)
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'))
    expect(report.tx_count).toBe(12)
    expect(report.conflict_pair_count).toBe(7)
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain(
      `parallel-evm-lab analyze-fixture --fixture ${FIXTURE}`,
    )
    expect(JSON.parse(readFileSync(join(dir, 't.json'), 'utf8')).traceEvents).toHaveLength(12)
  })

  test('error: invalid fixture names the file; no partial output', async () => {
    const dir = tempDir('pel-af-')
    const bad = join(dir, 'bad.json')
    writeFileSync(
      bad,
      JSON.stringify({
        chain: 'x',
        block: { number: 1, hash: null },
        transactions: [{ tx_index: 0, tx_hash: 'nope', from: '0x1' }],
      }),
    )
    const r = await run(['analyze-fixture', '--fixture', bad, ...outputs(dir)])
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain(bad)
    expect(existsSync(join(dir, 'report.json'))).toBe(false)
  })
})
