import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { run } from '../golden/cli.ts'

const dir = mkdtempSync(join(tmpdir(), 'bench-evm-block-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const cli = (...argv: string[]) => run(argv)

const small = ['--txs', '24', '--users', '16', '--pools', '4', '--seed', '3']

describe('bench-evm-block', () => {
  test('default: writes sequential and Block-STM runs with equal roots and the analyzer ceiling', async () => {
    const out = join(dir, 'report.json')
    const r = await cli(
      'bench-evm-block',
      ...small,
      '--threads',
      '1,2',
      '--repeats',
      '2',
      '--out',
      out,
    )
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const report = JSON.parse(readFileSync(out, 'utf8'))
    expect(report).toMatchObject({ tx_count: 24, seed: 3, pools: 4, users: 16, repeats: 2 })
    expect(report.runs.map((run: { threads: number }) => run.threads)).toEqual([1, 2])
    for (const run of report.runs) {
      expect(run.deterministic_passed).toBe(true)
      expect(run.state_root).toBe(report.sequential.state_root)
      expect(run.executions).toBeGreaterThanOrEqual(24)
      expect(run.speedup_target).toBe(Math.min(run.threads, report.analyzer.ceiling_by_gas))
      expect(run.speedup_vs_sequential).toBeGreaterThan(0)
    }
    // Block-STM at 1 thread against itself is exactly 1 in every round.
    expect(report.runs[0].speedup_vs_one_thread).toBe(1)
    expect(report.runs[1].speedup_vs_one_thread).toBeGreaterThan(0)
    expect(report.sequential.state_root).toMatch(/^0x[0-9a-f]{64}$/)
    expect(report.analyzer.ceiling_by_gas).toBeGreaterThanOrEqual(1)
    // f64 fields stay floats even when integral.
    expect(readFileSync(out, 'utf8')).toMatch(/"skew": 1\.0/)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(
      /^block: 24 txs, total_gas_used=\d+, analyzer ceiling \d+\.\d\d \(by gas\); medians of 2 interleaved round\(s\)$/,
    )
    expect(lines[1]).toContain(`root=${report.sequential.state_root}`)
    expect(lines[2]).toMatch(
      /^block-stm threads=1 root=0x[0-9a-f]{64} ms=[\d.]+ speedup=[\d.]+x vs_1_thread=1\.000x target=1\.00x .* passed=true$/,
    )
    expect(lines.at(-1)).toBe(`wrote 2 block-stm run(s) for 24 txs to ${out}`)
  })

  test('error: a zero thread count or a missing --out exits 2 and writes nothing', async () => {
    const out = join(dir, 'never.json')
    const zero = await cli('bench-evm-block', ...small, '--threads', '1,0', '--out', out)
    expect(zero.code).toBe(2)
    expect(zero.stderr).toContain('thread count must be > 0')
    const missing = await cli('bench-evm-block', ...small)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain("required option '--out <file>' not specified")
    expect(existsSync(out)).toBe(false)
  })
})
