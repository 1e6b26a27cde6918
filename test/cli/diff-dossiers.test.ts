import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { run, tempDir } from '../golden/cli.ts'

const PACK = 'fixtures/original-lab/trace-packs/demo-mini'

async function dossiers(): Promise<{ a: string; b: string; dir: string }> {
  const dir = tempDir('pel-diff-')
  const analyze = (out: string, ...extra: string[]) =>
    run(['analyze-trace-pack', '--trace-dir', PACK, '--out-dir', join(dir, out), ...extra])
  expect((await analyze('a')).code).toBe(0)
  expect((await analyze('b', '--include-fee-recipient')).code).toBe(0)
  return { a: join(dir, 'a', 'dossier.json'), b: join(dir, 'b', 'dossier.json'), dir }
}

describe('diff-dossiers', () => {
  test('default: headline metrics side by side, then hot-table changes', async () => {
    const { a, b } = await dossiers()
    const r = await run(['diff-dossiers', a, a])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('| conflict_pair_count | 2 | 2 | 0 |')
    expect(r.stdout).toContain('## Hot keys (0 appeared, 0 vanished, 0 moved, 4 unchanged)')
    const other = await run(['diff-dossiers', a, b, '--json'])
    expect(other.code).toBe(0)
    const d = JSON.parse(other.stdout)
    expect(d.report_version).toBe('dossier-diff-v1')
    expect(d.metrics.find((m: { metric: string }) => m.metric === 'tx_count')).toEqual({
      metric: 'tx_count',
      a: 7,
      b: 7,
      delta: 0,
    })
  })

  test('error: a file that is not a dossier names the file and the JSON path', async () => {
    const { a, dir } = await dossiers()
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, JSON.stringify({ report_version: 'trace-pack-dossier-v1', chain: 1 }))
    const r = await run(['diff-dossiers', a, bad])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(
      `error[DOSSIER_INVALID]: ${bad}: $.contention_concentration: expected an object, got <missing>`,
    )
    const missing = await run(['diff-dossiers', a, join(dir, 'none.json')])
    expect(missing.code).not.toBe(0)
    expect(missing.stderr).toContain('none.json')
  })
})
