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
