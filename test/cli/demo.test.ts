import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, test } from 'vitest'
import { run, tempDir } from '../golden/cli.ts'

/** Every file `demo` wrote under `dir`, relative to it, sorted. */
function written(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort()
}

/** The files equal the committed case study's, byte for byte (the page embeds the --out path). */
function expectCaseStudy(dir: string, caseStudy: string): void {
  const files = written(dir)
  expect(files.length).toBeGreaterThanOrEqual(12)
  const committed = readdirSync(caseStudy, { recursive: true }).map(String)
  for (const f of files) expect(committed, f).toContain(f)
  for (const f of files) {
    if (f === 'dossier.html') continue
    expect(readFileSync(join(dir, f), 'utf8'), f).toBe(readFileSync(join(caseStudy, f), 'utf8'))
  }
}

describe('demo', () => {
  test('default: replays mainnet block 14029313, which matches its header, and matches the committed case study', async () => {
    const dir = tempDir('pel-demo-')
    const r = await run(['demo', '--out', dir])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('replayed Ethereum mainnet block 14029313 (arrowGlacier, 724 txs)')
    expect(r.stdout).toContain(
      'header checks: gas_used match, logs_bloom match, receipts_root match',
    )
    expect(r.stdout).toMatch(/blocks=1 txs=724 conflicts=\d+/)
    expect(r.stdout).toContain(join(dir, 'dossier.json'))
    expectCaseStudy(dir, 'case-studies/demo')
    const readme = readFileSync('README.md', 'utf8')
    const hash = /\nhash=([0-9a-f]{16})\n/.exec(r.stdout)?.[1]
    expect(readme).toContain(`\nhash=${hash}\n`)
  })

  test('behavior: --example generated analyzes the bundled generated block and matches its case study', async () => {
    const dir = tempDir('pel-demo-gen-')
    const r = await run(['demo', '--example', 'generated', '--out', dir])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/blocks=1 txs=500 conflicts=\d+/)
    expectCaseStudy(dir, 'case-studies/demo-generated')
  })

  test('error: an unknown example is a usage error naming the choices', async () => {
    const r = await run(['demo', '--example', 'base', '--out', tempDir('pel-demo-bad-')])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('mainnet, generated')
  })
})

describe('the report hash and the worker list (README)', () => {
  test('behavior: analyze-trace-pack gives the demo hash only with the demo worker list, as the README says', async () => {
    const readme = readFileSync('README.md', 'utf8')
    expect(readme).toContain('The report hash depends on the simulated worker list')
    const demoHash = JSON.parse(readFileSync('case-studies/demo-generated/dossier.json', 'utf8'))
      .deterministic_hash as string
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
