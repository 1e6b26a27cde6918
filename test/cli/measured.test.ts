/**
 * The execution ladder's measured rung end to end: real `replay` runs of two small bundled mainnet
 * blocks (Block-STM and BAL-parallel at 1 and 2 threads) read back with `--measured` by
 * `analyze-trace-pack` and `analyze-range`. Measured figures are timings: they must never change
 * the deterministic hash.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { run, tempDir } from '../golden/cli.ts'

const BLOCKS = '2688148,9068998'
const dir = tempDir('pel-measured-')
const pack = join(dir, 'pack')
const stm = join(dir, 'stm.json')
const bal = join(dir, 'bal.json')

beforeAll(async () => {
  const traced = await run([
    'replay',
    '--blocks',
    BLOCKS,
    '--trace-out',
    pack,
    '--engine',
    'block-stm',
    '--threads',
    '1,2',
    '--out',
    stm,
  ])
  expect(traced.code, traced.stderr).toBe(0)
  const balRun = await run([
    'replay',
    '--blocks',
    BLOCKS,
    '--engine',
    'bal',
    '--threads',
    '1,2',
    '--out',
    bal,
  ])
  expect(balRun.code, balRun.stderr).toBe(0)
}, 120_000)

const dossierOf = (out: string) => JSON.parse(readFileSync(join(out, 'dossier.json'), 'utf8'))

describe('analyze-trace-pack --measured', () => {
  test('behavior: rung 5 holds every run per block and in total; the hash is the one without it', async () => {
    const plain = join(dir, 'plain')
    const measured = join(dir, 'measured')
    expect((await run(['analyze-trace-pack', '--trace-dir', pack, '--out-dir', plain])).code).toBe(
      0,
    )
    const r = await run([
      'analyze-trace-pack',
      '--trace-dir',
      pack,
      '--out-dir',
      measured,
      '--measured',
      stm,
      '--measured',
      bal,
    ])
    expect(r.code, r.stderr).toBe(0)
    const a = dossierOf(plain)
    const b = dossierOf(measured)
    expect(a.measured_execution).toBeNull()
    expect(b.deterministic_hash).toBe(a.deterministic_hash)
    const m = b.measured_execution
    expect(m.blocks.map((x: { block_number: number }) => x.block_number)).toEqual([
      2688148, 9068998,
    ])
    expect(
      m.totals.map((t: { engine: string; threads: number; blocks: number }) => [
        t.engine,
        t.threads,
        t.blocks,
      ]),
    ).toEqual([
      ['bal-parallel', 1, 2],
      ['bal-parallel', 2, 2],
      ['block-stm', 1, 2],
      ['block-stm', 2, 2],
    ])
    // Each total is Σ sequential / Σ parallel time of the runs it sums (read back from the reports).
    const stmReport = JSON.parse(readFileSync(stm, 'utf8'))
    const seq = stmReport.blocks.reduce(
      (s: number, x: { timing: { execution_ns: number } }) => s + x.timing.execution_ns,
      0,
    )
    const par = stmReport.blocks.reduce(
      (s: number, x: { block_stm: { threads: number; timing: { execution_ns: number } }[] }) =>
        s + x.block_stm.find((p) => p.threads === 2)!.timing.execution_ns,
      0,
    )
    expect(m.totals[3]).toMatchObject({
      sequential_ns: seq,
      execution_ns: par,
      speedup_vs_sequential: seq / par,
    })
    expect(readFileSync(join(plain, 'summary.md'), 'utf8')).toContain(
      'Block-STM and BAL-parallel measured: not measured',
    )
    const summary = readFileSync(join(measured, 'summary.md'), 'utf8')
    expect(summary).toMatch(
      /\| 5 \| Block-STM, 2 threads, measured \([0-9] of 2 blocks ran in parallel and equal\) \| timing \| [0-9.]+x \|/,
    )
    expect(summary).toContain('5 Block-STM 2t measured')
    expect(readFileSync(join(measured, 'dossier.html'), 'utf8')).toContain(
      'BAL-parallel, 2 threads, measured',
    )
  })

  test('behavior: analyze-range carries the same measurements, also outside its hash', async () => {
    const plain = join(dir, 'range-plain')
    const measured = join(dir, 'range-measured')
    expect(
      (await run(['analyze-range', '--trace-dir', pack, '--out-dir', plain, '--threads', '1']))
        .code,
    ).toBe(0)
    const r = await run([
      'analyze-range',
      '--trace-dir',
      pack,
      '--out-dir',
      measured,
      '--threads',
      '1',
      '--measured',
      bal,
    ])
    expect(r.code, r.stderr).toBe(0)
    const a = JSON.parse(readFileSync(join(plain, 'range.json'), 'utf8'))
    const b = JSON.parse(readFileSync(join(measured, 'range.json'), 'utf8'))
    expect(b.deterministic_hash).toBe(a.deterministic_hash)
    expect(b.execution_ladder).toEqual(a.execution_ladder)
    expect(b.measured_execution.totals.map((t: { engine: string }) => t.engine)).toEqual([
      'bal-parallel',
      'bal-parallel',
    ])
    // The same section analyze-trace-pack makes of the same report.
    const one = join(dir, 'one-report')
    expect(
      (await run(['analyze-trace-pack', '--trace-dir', pack, '--out-dir', one, '--measured', bal]))
        .code,
    ).toBe(0)
    expect(b.measured_execution).toEqual(dossierOf(one).measured_execution)
  })

  test('error: a file that is not a replay report, or another block, is refused naming it; nothing is written', async () => {
    const out = join(dir, 'bad')
    const r = await run([
      'analyze-trace-pack',
      '--trace-dir',
      pack,
      '--out-dir',
      out,
      '--measured',
      join(dir, 'plain', 'dossier.json'),
    ])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('error[REPLAY_REPORT_INVALID]')
    expect(r.stderr).toContain(
      `${join(dir, 'plain', 'dossier.json')}: $.report_version: expected "replay-report-v1"`,
    )
    expect(existsSync(out)).toBe(false)
    const other = join(dir, 'other.json')
    const report = JSON.parse(readFileSync(bal, 'utf8'))
    report.blocks[0].gas_used += 1
    writeFileSync(other, JSON.stringify(report))
    const r2 = await run([
      'analyze-trace-pack',
      '--trace-dir',
      pack,
      '--out-dir',
      out,
      '--measured',
      other,
    ])
    expect(r2.code).toBe(1)
    expect(r2.stderr).toContain(`${other}: block 2688148 has gas used`)
    expect(existsSync(out)).toBe(false)
  })

  test('error: more than 16 reports is a usage error before any work', async () => {
    const out = join(dir, 'too-many')
    const many = Array.from({ length: 17 }, () => ['--measured', bal]).flat()
    const r = await run(['analyze-trace-pack', '--trace-dir', pack, '--out-dir', out, ...many])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--measured: at most 16 reports (got 17)')
    expect(existsSync(out)).toBe(false)
  })
})
