import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test, vi } from 'vitest'
import type * as Bench from '../../src/exec/Bench.ts'
import { run } from '../golden/cli.ts'

const dir = mkdtempSync(join(tmpdir(), 'bench-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

type Main = (argv: readonly string[]) => Promise<number>

const cli = (main: Main, ...argv: string[]) => run(argv, main)

const { main } = await import('../../src/cli/program.ts')

describe('bench', () => {
  test('behavior: tiny bench writes the report and the Chrome trace', async () => {
    const out = join(dir, 'nested', 'bench.json')
    const trace = join(dir, 'bench.trace.json')
    const r = await cli(
      main,
      'bench',
      '--workload',
      'storage',
      '--txs',
      '40',
      '--conflict',
      '0.5',
      '--threads',
      '2',
      '--vm-steps',
      '8',
      '--out',
      out,
      '--trace',
      trace,
    )
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const text = readFileSync(out, 'utf8')
    expect(text).toContain('"vm_steps": 8')
    expect(text).toContain('"deterministic_passed": true')
    expect(text.endsWith('}')).toBe(true)
    const report = JSON.parse(text)
    expect(report.threads).toBe(2)
    expect(report.rust_version).toBe(`node ${process.version}`)
    // `all` is every executor, Block-STM included.
    expect(report.modes.map((m: { mode: string }) => m.mode)).toEqual([
      'sequential',
      'access-list',
      'optimistic',
      'block-stm',
    ])
    expect(JSON.parse(readFileSync(trace, 'utf8')).traceEvents).toHaveLength(4)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines[0]).toBe(`wrote 4 mode(s) for 40 txs to ${out}`)
    expect(lines[1]).toMatch(/^sequential hash=[0-9a-f]{16} tx\/s=\d+\.\d{2} speedup=baseline$/)
    expect(lines[2]).toMatch(/^access-list hash=[0-9a-f]{16} tx\/s=\d+\.\d{2} speedup=\d+\.\d{3}x$/)
    expect(lines[4]).toMatch(/^block-stm hash=[0-9a-f]{16} tx\/s=\d+\.\d{2} speedup=\d+\.\d{3}x$/)
    // Transactions that cost something: no zero-cost note.
    expect(lines).toHaveLength(5)
  })

  test('behavior: with --vm-steps 0 a note says the speedups measure only coordination overhead', async () => {
    const out = join(dir, 'free.json')
    const r = await cli(main, 'bench', '--txs', '10', '--threads', '2', '--out', out)
    expect(r.code).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines.at(-1)).toBe(
      'note: --vm-steps 0 makes every transaction free, so the parallel speedups above measure only coordination overhead (thread hand-offs, scheduling); pass --vm-steps 100000 for CPU-heavy transactions',
    )
    // A sequential-only run shows no speedup, so no note either.
    const seq = await cli(main, 'bench', '--txs', '10', '--mode', 'sequential', '--out', out)
    expect(seq.stdout).not.toContain('note:')
  })

  test('options: --mode access_list, --threads 0 is treated as 1', async () => {
    const out = join(dir, 'one.json')
    const r = await cli(
      main,
      'bench',
      '--txs',
      '10',
      '--mode',
      'access_list',
      '--threads',
      '0',
      '--out',
      out,
    )
    expect(r.code).toBe(0)
    const report = JSON.parse(readFileSync(out, 'utf8'))
    expect(report.threads).toBe(1)
    expect(report.modes.map((m: { mode: string }) => m.mode)).toEqual(['access-list'])
    expect(report.workload).toBe('mixed')
    expect(report.seed).toBe(42)
  })

  test('error: unknown workload / mode, bad ratio, missing --out exit 2', async () => {
    const cases = [
      [
        ['--workload', 'nope'],
        'unknown workload `nope`; expected erc20, storage, swap-like, hot-pool, or mixed',
      ],
      [
        ['--mode', 'fast'],
        'unknown execution mode `fast`; expected sequential, access-list, optimistic, ',
      ],
      [['--conflict', '1.5'], 'conflict ratio `1.5` must be in 0.0..=1.0'],
      [['--conflict', 'abc'], 'invalid conflict ratio `abc`'],
    ] as const
    for (const [flags, message] of cases) {
      const r = await cli(main, 'bench', ...flags, '--out', join(dir, 'never.json'))
      expect(r.code).toBe(2)
      expect(r.stderr).toContain(message)
    }
    expect((await cli(main, 'bench')).code).toBe(2)
    expect(existsSync(join(dir, 'never.json'))).toBe(false)
  })

  test('error: a state mismatch writes nothing and exits 1', async () => {
    vi.resetModules()
    vi.doMock('../../src/exec/Bench.ts', async (importOriginal) => {
      const original = await importOriginal<typeof Bench>()
      return {
        ...original,
        run: async (...args: Parameters<typeof Bench.run>): Promise<Bench.Report> => {
          const report = await original.run(...args)
          return {
            ...report,
            modes: report.modes.map((m, i) => (i === 1 ? { ...m, deterministicPassed: false } : m)),
          }
        },
      }
    })
    const mocked = (await import('../../src/cli/program.ts')).main
    const out = join(dir, 'mismatch.json')
    const trace = join(dir, 'mismatch.trace.json')
    const r = await cli(
      mocked,
      'bench',
      '--txs',
      '10',
      '--threads',
      '1',
      '--out',
      out,
      '--trace',
      trace,
    )
    vi.doUnmock('../../src/exec/Bench.ts')
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(
      'parallel execution produced a state mismatch; report was not written',
    )
    expect(existsSync(out) || existsSync(trace)).toBe(false)
  })

  test('options: --help', async () => {
    const r = await cli(main, 'bench', '--help')
    expect(r.code).toBe(0)
    expect(r.stdout.replace(/\s+/g, ' ')).toContain(
      'synthetic benchmark of the sequential, access-list, optimistic and Block-STM executors',
    )
    for (const flag of [
      '--workload',
      '--txs',
      '--conflict',
      '--mode',
      '--threads',
      '--seed',
      '--vm-steps',
      '--out',
      '--trace',
    ])
      expect(r.stdout).toContain(flag)
  })
})

describe('bench-trace-pack', () => {
  const packDir = 'fixtures/original-lab/trace-packs/demo-mini'

  test('behavior: one BenchmarkReport per thread count, all modes passed, order-sensitive state', async () => {
    const out = join(dir, 'trace-bench.json')
    const r = await cli(
      main,
      'bench-trace-pack',
      '--trace-dir',
      packDir,
      '--threads',
      '1,2,2',
      '--vm-steps-per-gas',
      '1',
      '--repeats',
      '1',
      '--out',
      out,
    )
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines[0]).toBe(`wrote trace-derived benchmark for 7 txs from ${packDir} to ${out}`)
    expect(lines[1]).toMatch(
      /^conflicts=\d+ observed_conflict=\d\.\d{6} \(analyzer: 2 pairs, 22\.222% within blocks\) runs=3 medians of 1 round\(s\) after a warm-up$/,
    )
    const report = JSON.parse(readFileSync(out, 'utf8'))
    expect(Object.keys(report)).toEqual([
      'report_version',
      'trace_dir',
      'chain',
      'start_block',
      'end_block',
      'tx_count',
      'tx_coverage_percentage',
      'observed_conflict',
      'conflict_pairs',
      'vm_steps_per_gas',
      'fee_recipient',
      'repeats',
      'timing',
      'access_topology',
      'caveats',
      'analyzer_ceiling',
      'runs',
    ])
    expect(report.report_version).toBe('trace-derived-benchmark-v1')
    // The original lab's published demo-mini figures: 7 txs over a 2+2 tx critical path; gas 645
    // over a 405 gas-weighted critical path (docs/original-lab.md §6.2 worked example).
    expect(report.analyzer_ceiling.by_tx).toBe(7 / 4)
    expect(report.analyzer_ceiling.by_gas).toBe(645 / 405)
    expect(lines[2]).toBe('analyzer ceiling: by_tx=1.750x by_gas=1.593x')
    expect(lines.filter((l) => l.startsWith('threads=2 block-stm speedup='))).toHaveLength(2)
    expect(lines.some((l) => l.startsWith('note:'))).toBe(false)
    expect(lines.filter((l) => l.startsWith('threads=2 access-list speedup='))).toHaveLength(2)
    expect(report.runs.map((run: { threads: number }) => run.threads)).toEqual([1, 2, 2])
    const hashes = new Set<string>()
    for (const run of report.runs) {
      for (const m of run.modes) {
        expect(m.deterministic_passed).toBe(true)
        hashes.add(m.state_hash)
      }
    }
    // Every run ends in the same non-empty state (not the vacuous empty-state hash).
    expect([...hashes]).toHaveLength(1)
    expect(hashes.has('252cc6dcaaa244e7')).toBe(false)
  })

  test("behavior: on data/demo-pack it counts the analyzer's conflicts (20.9%), not every pair", async () => {
    const out = join(dir, 'demo-pack-bench.json')
    const args = ['bench-trace-pack', '--trace-dir', 'data/demo-pack', '--mode', 'sequential']
    const r = await cli(main, ...args, '--threads', '1', '--repeats', '1', '--out', out)
    expect(r.code).toBe(0)
    const report = JSON.parse(readFileSync(out, 'utf8'))
    expect(report.conflict_pairs).toBe(26127)
    expect(report.observed_conflict.toFixed(6)).toBe('0.209435')
    expect(report.analyzer_ceiling.conflict_pair_count).toBe(26127)
    expect(report.fee_recipient).toBe('excluded')
    // With the fee recipient's credits every pair conflicts, in both views.
    const all = await cli(
      main,
      ...args,
      '--threads',
      '1',
      '--repeats',
      '1',
      '--include-fee-recipient',
      '--out',
      out,
    )
    expect(all.code).toBe(0)
    const included = JSON.parse(readFileSync(out, 'utf8'))
    expect(included.observed_conflict).toBe(1)
    expect(included.analyzer_ceiling.conflict_pair_count).toBe(124750)
  })

  test('behavior: block-stm runs trace-derived txs on their observed sets and equals sequential', async () => {
    const out = join(dir, 'trace-bench-stm.json')
    const r = await cli(
      main,
      'bench-trace-pack',
      '--trace-dir',
      packDir,
      '--mode',
      'block-stm',
      '--threads',
      '2',
      '--out',
      out,
    )
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const report = JSON.parse(readFileSync(out, 'utf8'))
    const modes = report.runs.flatMap((run: { modes: unknown[] }) => run.modes)
    expect(modes.map((m: { mode: string }) => m.mode)).toContain('block-stm')
    for (const m of modes) expect(m.deterministic_passed).toBe(true)
    // The default --vm-steps-per-gas 0 makes every tx free: the output says what that measures.
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(
      'note: --vm-steps-per-gas 0 makes every transaction free, so the parallel speedups above measure only coordination overhead (thread hand-offs, scheduling); pass --vm-steps-per-gas 10 for CPU-heavy transactions',
    )
  })

  test('error: a missing pack exits 1 naming the directory; writes nothing', async () => {
    const out = join(dir, 'never-trace.json')
    const r = await cli(
      main,
      'bench-trace-pack',
      '--trace-dir',
      join(dir, 'no-such-pack'),
      '--out',
      out,
    )
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`failed to load trace pack ${join(dir, 'no-such-pack')}`)
    expect(existsSync(out)).toBe(false)
  })

  test('error: a zero thread count exits 2', async () => {
    const r = await cli(
      main,
      'bench-trace-pack',
      '--trace-dir',
      packDir,
      '--threads',
      '0',
      '--out',
      join(dir, 'x.json'),
    )
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('invalid --threads list: thread count must be > 0')
  })
})

describe('bench-trace-pack sideBySide', () => {
  test('behavior: a speedup above min(threads, ceiling) is flagged as timing noise', async () => {
    const { sideBySide } = await import('../../src/cli/commands/bench-trace-pack.ts')
    const row = (mode: 'sequential' | 'optimistic', speedup: number | null) => ({
      mode,
      elapsedNs: 1n,
      txPerSec: 1,
      speedupVsSequential: speedup,
      stateHash: 'h',
      declaredConflictPairs: 0,
      schedulerDeferrals: 0,
      validationFailures: 0,
      reexecutedTxs: 0,
      reexecutionPercent: 0,
      waveCount: 0,
      maxWaveWidth: 0,
      deterministicPassed: true,
    })
    const report = (threads: number, speedup: number) => ({
      version: '0',
      workload: 'trace-pack',
      txCount: 1,
      requestedConflict: 0,
      observedConflict: 0,
      vmSteps: 0,
      seed: 0n,
      threads,
      runtimeVersion: null,
      modes: [row('sequential', null), row('optimistic', speedup)],
    })
    const ceiling = { byTx: 2, byGas: 1.5, pairs: 1, conflictPercentage: 10 }
    const lines = sideBySide([report(1, 2.241), report(2, 1.4)], ceiling)
    expect(lines[1]).toBe(
      'threads=1 optimistic speedup=2.241x bound=min(threads, ceiling)=1.000x (above its bound: timing noise; raise --repeats or --vm-steps-per-gas for a steadier figure)',
    )
    expect(lines[2]).toBe('threads=2 optimistic speedup=1.400x bound=min(threads, ceiling)=1.500x')
  })
})
