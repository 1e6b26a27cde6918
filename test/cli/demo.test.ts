import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, test } from 'vitest'
import { run, tempDir } from '../golden/cli.ts'

describe('demo', () => {
  test('default: writes every report, prints headline numbers, matches the committed case study', async () => {
    const dir = tempDir('pel-demo-')
    const r = await run(['demo', '--out', dir])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/blocks=1 txs=500 conflicts=\d+/)
    expect(r.stdout).toContain(join(dir, 'dossier.json'))
    const files = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(dir, join(e.parentPath, e.name)))
      .sort()
    expect(files.length).toBeGreaterThanOrEqual(12)
    const committed = readdirSync('case-studies/demo', { recursive: true }).map(String)
    for (const f of files) expect(committed, f).toContain(f)
    for (const f of files) {
      if (f === 'dossier.html') continue // embeds the --out path
      expect(readFileSync(join(dir, f), 'utf8'), f).toBe(
        readFileSync(join('case-studies/demo', f), 'utf8'),
      )
    }
  })
})

describe('the report hash and the worker list (README)', () => {
  test('behavior: analyze-trace-pack gives the demo hash only with the demo worker list, as the README says', async () => {
    const readme = readFileSync('README.md', 'utf8')
    const demoHash = /\nhash=([0-9a-f]{16})\n/.exec(readme)?.[1]
    expect(readme).toContain('The report hash depends on the simulated worker list')
    const dir = tempDir('pel-hash-')
    const analyze = async (...extra: string[]) => {
      const r = await run([
        'analyze-trace-pack',
        '--trace-dir',
        'data/demo-pack',
        '--out-dir',
        join(dir, String(extra.length)),
        '--json',
        ...extra,
      ])
      return JSON.parse(r.stdout).deterministic_hash as string
    }
    expect(await analyze()).not.toBe(demoHash)
    expect(await analyze('--workers', '1,2,4,8,16')).toBe(demoHash)
  })
})
