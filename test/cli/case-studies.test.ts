import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, test } from 'vitest'
import * as RangePack from '../../scripts/make-synthetic-range-pack.ts'
import { run, tempDir } from '../golden/cli.ts'

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort()
}

describe('case-studies/synthetic-range', () => {
  test('behavior: the committed reports are exactly what the tool writes', async () => {
    const out = join(tempDir('pel-range-'), 'range')
    const r = await run([
      'analyze-trace-pack',
      '--trace-dir',
      'data/synthetic-range-pack',
      '--out-dir',
      out,
      '--workers',
      '1,2,4,8,16',
    ])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(
      'blocks=3 txs=300 conflicts=2902 (19.521%) tx_ceiling=3.000x gas_ceiling=2.392x',
    )
    const committed = 'case-studies/synthetic-range'
    const written = files(out)
    expect(files(committed).filter((f) => f !== 'README.md')).toEqual(written)
    for (const f of written) {
      if (f === 'dossier.html') continue // embeds the --out-dir path in its command line
      expect(readFileSync(join(out, f), 'utf8'), f).toBe(readFileSync(join(committed, f), 'utf8'))
    }
  })
})

describe('data/synthetic-range-pack', () => {
  test('behavior: the script its manifest names regenerates it byte for byte', () => {
    const committed = 'data/synthetic-range-pack'
    const manifest = JSON.parse(readFileSync(join(committed, 'manifest.json'), 'utf8'))
    expect(manifest.source).toBe('scripts/make-synthetic-range-pack.ts (seeded generator)')
    const out = join(tempDir('pel-range-pack-'), 'pack')
    RangePack.write(out)
    expect(files(out)).toEqual(files(committed))
    for (const f of files(out)) {
      expect(readFileSync(join(out, f), 'utf8'), f).toBe(readFileSync(join(committed, f), 'utf8'))
    }
  })
})
