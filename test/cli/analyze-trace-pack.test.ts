import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { run, tempDir } from '../golden/cli.ts'

const DEMO_MINI = 'fixtures/original-lab/trace-packs/demo-mini'
const tmp = () => tempDir('pel-atp-')

describe('analyze-trace-pack', () => {
  test('default: demo-mini writes the dossier, summary, HTML, trace and all four CSVs', async () => {
    const dir = tmp()
    const r = await run([
      'analyze-trace-pack',
      '--trace-dir',
      DEMO_MINI,
      '--workers',
      '1,2,4,8',
      '--out',
      join(dir, 'dossier.json'),
      '--markdown',
      join(dir, 'summary.md'),
      '--html',
      join(dir, 'dossier.html'),
      '--trace',
      join(dir, 'schedule.trace.json'),
    ])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`analyzed trace pack ${DEMO_MINI} into ${join(dir, 'dossier.json')}`)
    expect(r.stdout).toContain(
      'blocks=2 txs=7 conflicts=2 (22.222%) tx_ceiling=1.750x gas_ceiling=1.593x',
    )
    const d = JSON.parse(readFileSync(join(dir, 'dossier.json'), 'utf8'))
    expect(d.report_version).toBe('trace-pack-dossier-v1')
    expect(d.tx_count).toBe(7)
    expect(d.conflict_pair_count).toBe(2)
    for (const csv of ['hot-contracts', 'hot-slots', 'worker-simulation', 'scheduler-ablation']) {
      expect(existsSync(join(dir, `${csv}.csv`))).toBe(true)
    }
    expect(readFileSync(join(dir, 'scheduler-ablation.csv'), 'utf8')).toContain(
      'critical_path,2,405,1.592593,20.370370,80,405,0.000000,true,at critical-path lower bound under observed dependencies',
    )
    expect(readFileSync(join(dir, 'schedule.trace.json'), 'utf8')).toContain('"traceEvents"')
  })

  test('options: --out-dir writes every format; labels come from the package, not the CWD', async () => {
    const dir = tmp()
    const pack = join(dir, 'weth-pack')
    cpSync(DEMO_MINI, pack, { recursive: true })
    const blockFile = join(pack, 'blocks', '38014901.json')
    writeFileSync(
      blockFile,
      readFileSync(blockFile, 'utf8').replaceAll(
        '0x1111111111111111111111111111111111111111',
        '0x4200000000000000000000000000000000000006',
      ),
    )
    const cwd = process.cwd()
    process.chdir(tmpdir())
    try {
      const r = await run(['analyze-trace-pack', '--trace-dir', pack, '--out-dir', join(dir, 'o')])
      expect(r.code).toBe(0)
    } finally {
      process.chdir(cwd)
    }
    for (const f of [
      'dossier.json',
      'summary.md',
      'dossier.html',
      'schedule.trace.json',
      'optimization-memo.md',
    ]) {
      expect(existsSync(join(dir, 'o', f))).toBe(true)
    }
    const d = JSON.parse(readFileSync(join(dir, 'o', 'dossier.json'), 'utf8'))
    const weth = d.top_hot_contracts.find(
      (c: { address: string }) => c.address === '0x4200000000000000000000000000000000000006',
    )
    expect(weth.label).toBe('Base WETH')
  })

  test('options: --labels applies a labels file and changes only labels and hash', async () => {
    const dir = tmp()
    const labels = join(dir, 'labels.json')
    writeFileSync(
      labels,
      JSON.stringify({ '0x1111111111111111111111111111111111111111': 'Hot One' }),
    )
    await run(['analyze-trace-pack', '--trace-dir', DEMO_MINI, '--out-dir', join(dir, 'a')])
    await run([
      'analyze-trace-pack',
      '--trace-dir',
      DEMO_MINI,
      '--out-dir',
      join(dir, 'b'),
      '--labels',
      labels,
    ])
    const a = JSON.parse(readFileSync(join(dir, 'a', 'dossier.json'), 'utf8'))
    const b = JSON.parse(readFileSync(join(dir, 'b', 'dossier.json'), 'utf8'))
    expect(b.top_hot_contracts[0].label).toBe('Hot One')
    expect(b.deterministic_hash).not.toBe(a.deterministic_hash)
    const strip = (d: {
      top_hot_contracts: unknown
      top_hot_storage_slots: unknown
      top_hot_keys: unknown
      what_if_hot_keys: unknown
      blocks: unknown
      deterministic_hash: unknown
    }) => ({
      ...d,
      top_hot_contracts: null,
      top_hot_storage_slots: null,
      top_hot_keys: null,
      what_if_hot_keys: null,
      blocks: null,
      deterministic_hash: null,
    })
    expect(strip(b)).toEqual(strip(a))
  })

  test('options: --json prints the headline as JSON for scripts, and nothing else', async () => {
    const dir = tmp()
    const r = await run([
      'analyze-trace-pack',
      '--trace-dir',
      DEMO_MINI,
      '--out-dir',
      join(dir, 'j'),
      '--json',
    ])
    expect(r.code).toBe(0)
    const headline = JSON.parse(r.stdout)
    const dossier = JSON.parse(readFileSync(join(dir, 'j', 'dossier.json'), 'utf8'))
    expect(headline).toMatchObject({
      report_version: 'dossier-headline-v1',
      tx_count: 7,
      conflict_pair_count: 2,
      deterministic_hash: dossier.deterministic_hash,
    })
    expect(headline.hottest_key.key).toBe(dossier.top_hot_keys[0].key)
    expect(headline.files).toContain(join(dir, 'j', 'dossier.json'))
    expect(r.stderr).toBe('')
  })

  test('options: --top sets the rows of every hot table; above its bound is a usage error', async () => {
    const dir = tmp()
    const args = ['analyze-trace-pack', '--trace-dir', DEMO_MINI, '--out-dir', join(dir, 't')]
    expect((await run([...args, '--top', '1'])).code).toBe(0)
    const d = JSON.parse(readFileSync(join(dir, 't', 'dossier.json'), 'utf8'))
    expect(d.top_hot_keys).toHaveLength(1)
    expect(d.top_hot_contracts).toHaveLength(1)
    expect(d.top_hot_storage_slots).toHaveLength(1)
    const bad = await run([...args, '--top', '1001'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('expected an integer in 1..=1000')
  })

  test('error: invalid labels file names the file and path; nothing is written', async () => {
    const dir = tmp()
    const labels = join(dir, 'labels.json')
    writeFileSync(labels, JSON.stringify({ nope: 'x' }))
    const r = await run([
      'analyze-trace-pack',
      '--trace-dir',
      DEMO_MINI,
      '--out-dir',
      join(dir, 'o'),
      '--labels',
      labels,
    ])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('error[LABELS_INVALID]')
    expect(r.stderr).toContain(labels)
    expect(r.stderr).toContain('$["nope"]')
    expect(existsSync(join(dir, 'o'))).toBe(false)
  })

  test('error: bad --workers says --workers and exits 2', async () => {
    const r = await run([
      'analyze-trace-pack',
      '--trace-dir',
      DEMO_MINI,
      '--out-dir',
      tmp(),
      '--workers',
      '2,x',
    ])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('invalid --workers list: invalid worker count `x`')
    expect(r.stderr).not.toContain('--threads')
    const zero = await run([
      'analyze-trace-pack',
      '--trace-dir',
      DEMO_MINI,
      '--out-dir',
      tmp(),
      '--workers',
      '0',
    ])
    expect(zero.stderr).toContain('--workers')
    const empty = await run([
      'analyze-trace-pack',
      '--trace-dir',
      DEMO_MINI,
      '--out-dir',
      tmp(),
      '--workers',
      ' , ',
    ])
    expect(empty.stderr).toContain('invalid --workers list: list must not be empty')
  })

  test('error: missing output flags without --out-dir is a usage error', async () => {
    const r = await run([
      'analyze-trace-pack',
      '--trace-dir',
      DEMO_MINI,
      '--out',
      join(tmp(), 'x.json'),
    ])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--out-dir')
  })

  test('error: missing pack exits non-zero with a message naming the directory', async () => {
    const r = await run(['analyze-trace-pack', '--trace-dir', 'no/such/pack', '--out-dir', tmp()])
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain('no/such/pack')
    expect(r.stderr).not.toContain('    at ')
  })

  test('options: --include-fee-recipient counts FEE_CREDIT conflicts', async () => {
    const dir = tmp()
    await run(['analyze-trace-pack', '--trace-dir', 'data/demo-pack', '--out-dir', join(dir, 'x')])
    await run([
      'analyze-trace-pack',
      '--trace-dir',
      'data/demo-pack',
      '--out-dir',
      join(dir, 'i'),
      '--include-fee-recipient',
    ])
    const x = JSON.parse(readFileSync(join(dir, 'x', 'dossier.json'), 'utf8'))
    const i = JSON.parse(readFileSync(join(dir, 'i', 'dossier.json'), 'utf8'))
    expect(x.fee_recipient).toEqual({ accesses: 'excluded', excluded_access_count: 500 })
    expect(i.fee_recipient).toEqual({ accesses: 'included', excluded_access_count: 0 })
    // every tx credits the fee recipient, so including it makes every pair of a block conflict
    expect(i.conflict_percentage).toBe(100)
    expect(x.conflict_percentage).toBeLessThan(100)
  })
})
