import { afterAll, describe, expect, test } from 'vitest'
import * as Json from '../primitives/Json.ts'
import * as Workload from '../workload/Workload.ts'
import * as Bench from './Bench.ts'
import * as Pool from './Pool.ts'

const pool = Pool.create({ size: 2 })
afterAll(() => pool.close())

function input(w: Workload.Workload): Bench.Input {
  return { ...w, workload: w.kind }
}

const w = Workload.generate({
  kind: 'mixed',
  txCount: 120,
  requestedConflict: 0.5,
  seed: 42,
  vmSteps: 8,
})

describe('run', () => {
  test('behavior: mode all → sequential, access-list, optimistic, block-stm rows, all passed', async () => {
    const report = await Bench.run(input(w), {
      mode: 'all',
      threads: 2,
      pool,
      version: '0.1.0',
      runtimeVersion: 'node vX',
    })
    expect(report.modes.map((r) => r.mode)).toEqual([
      'sequential',
      'access-list',
      'optimistic',
      'block-stm',
    ])
    expect(report.modes.every((r) => r.deterministicPassed)).toBe(true)
    const [seq, planned, optimistic] = report.modes
    expect(seq?.schedulerDeferrals).toBe(0)
    expect(seq?.waveCount).toBe(0)
    expect(seq?.speedupVsSequential).toBeNull()
    expect(planned?.schedulerDeferrals).toBeGreaterThan(0)
    expect(optimistic?.validationFailures).toBe(optimistic?.reexecutedTxs)
    expect(new Set(report.modes.map((r) => r.stateHash)).size).toBe(1)
    expect(report.threads).toBe(2)
  })

  test('options: a single mode yields one row; the clock drives the timing fields', async () => {
    let now = 0n
    const clock = (): bigint => (now += 1000n)
    const report = await Bench.run(input(w), {
      mode: 'optimistic',
      threads: 1,
      version: '0.1.0',
      clock,
    })
    expect(report.modes.map((r) => r.mode)).toEqual(['optimistic'])
    const row = report.modes[0] as Bench.Row
    // sequential: one tick (1000 ns); optimistic: one tick → speedup 1, 120 txs per µs.
    expect(row.elapsedNs).toBe(1000n)
    expect(row.speedupVsSequential).toBe(1)
    expect(row.txPerSec).toBe(120 / (1000 / 1e9))
    expect(row.reexecutionPercent).toBe((row.reexecutedTxs / 120) * 100)
  })

  test('behavior: threads 0 is treated as 1; zero txs give zero rates', async () => {
    const empty = Workload.generate({ kind: 'erc20', txCount: 0, requestedConflict: 0, seed: 1 })
    const report = await Bench.run(input(empty), { mode: 'all', threads: 0, version: '0.1.0' })
    expect(report.threads).toBe(1)
    expect(report.modes.every((r) => r.txPerSec === 0 && r.reexecutionPercent === 0)).toBe(true)
    expect(report.modes.every((r) => r.elapsedNs >= 1n)).toBe(true)
  })
})

describe('toWire', () => {
  test('behavior: docs/original-lab.md §5.5 field order and serde float text', async () => {
    let now = 0n
    const clock = (): bigint => (now += 2_000_000n)
    const report = await Bench.run(input(w), {
      mode: 'sequential',
      threads: 4,
      version: '0.1.0',
      clock,
    })
    const text = Json.stringify(Bench.toWire(report), { floatKeys: Bench.floatKeys })
    expect(Object.keys(JSON.parse(text))).toEqual([
      'version',
      'workload',
      'tx_count',
      'requested_conflict',
      'observed_conflict',
      'vm_steps',
      'seed',
      'threads',
      'rust_version',
      'modes',
    ])
    expect(Object.keys(JSON.parse(text).modes[0])).toEqual([
      'mode',
      'elapsed_ns',
      'tx_per_sec',
      'speedup_vs_sequential',
      'state_hash',
      'declared_conflict_pairs',
      'scheduler_deferrals',
      'validation_failures',
      'reexecuted_txs',
      'reexecution_percent',
      'wave_count',
      'max_wave_width',
      'deterministic_passed',
    ])
    expect(text).toContain('"requested_conflict": 0.5,')
    expect(text).toContain('"tx_per_sec": 60000.0,')
    expect(text).toContain('"reexecution_percent": 0.0,')
    expect(text).toContain('"rust_version": null,')
    expect(text).toContain('"vm_steps": 8,')
  })
})

describe('median', () => {
  const row = (
    mode: Bench.Row['mode'],
    ns: bigint,
    speedup: number | null,
    ok = true,
  ): Bench.Row => ({
    mode,
    elapsedNs: ns,
    txPerSec: 0,
    speedupVsSequential: speedup,
    stateHash: 'h',
    declaredConflictPairs: 0,
    schedulerDeferrals: 0,
    validationFailures: 0,
    reexecutedTxs: 0,
    reexecutionPercent: 0,
    waveCount: 0,
    maxWaveWidth: 0,
    deterministicPassed: ok,
  })
  const report = (rows: Bench.Row[]): Bench.Report => ({
    version: '0',
    workload: 'w',
    txCount: 1000,
    requestedConflict: 0,
    observedConflict: 0,
    vmSteps: 0,
    seed: 0n,
    threads: 1,
    runtimeVersion: null,
    modes: rows,
  })

  test('default: median elapsed and the median of the paired speedups, per mode', () => {
    // A slow first run (a cold JIT) would give optimistic 2.5x alone; the median drops it.
    const m = Bench.median([
      report([row('sequential', 500n, null), row('optimistic', 200n, 2.5)]),
      report([row('sequential', 100n, null), row('optimistic', 110n, 100 / 110)]),
      report([row('sequential', 105n, null), row('optimistic', 120n, 105 / 120)]),
    ])
    expect(m.modes.map((r) => r.elapsedNs)).toEqual([105n, 120n])
    expect(m.modes[1]!.speedupVsSequential).toBeCloseTo(100 / 110, 12)
    expect(m.modes[0]!.speedupVsSequential).toBeNull()
    expect(m.modes[1]!.txPerSec).toBeCloseTo(1000 / 120e-9, 0)
  })

  test('behavior: a mode passes only when it passed in every run', () => {
    const m = Bench.median([
      report([row('sequential', 1n, null), row('access-list', 1n, 1)]),
      report([row('sequential', 1n, null), row('access-list', 1n, 1, false)]),
    ])
    expect(m.modes[1]!.deterministicPassed).toBe(false)
  })

  test('error: no reports', () => {
    expect(() => Bench.median([])).toThrow(RangeError)
  })
})
