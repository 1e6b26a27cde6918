import { describe, expect, test } from 'vitest'
import type * as Bench from '../exec/Bench.ts'
import * as BenchTrace from './BenchTrace.ts'

const row = (mode: Bench.Row['mode'], elapsedNs: bigint): Bench.Row => ({
  mode,
  elapsedNs,
  txPerSec: 1,
  speedupVsSequential: null,
  stateHash: 'abcdef0123456789',
  declaredConflictPairs: 3,
  schedulerDeferrals: 4,
  validationFailures: 5,
  reexecutedTxs: 5,
  reexecutionPercent: 1,
  waveCount: 2,
  maxWaveWidth: 9,
  deterministicPassed: true,
})

const report: Bench.Report = {
  version: '0.1.0',
  workload: 'mixed',
  txCount: 1,
  requestedConflict: 0.5,
  observedConflict: 0,
  vmSteps: 0,
  seed: 42n,
  threads: 2,
  runtimeVersion: null,
  modes: [row('sequential', 2_500_999n), row('access-list', 400n)],
}

describe('build', () => {
  test('behavior: events laid end to end, dur = max(ns/1000, 1), ts advances by dur + 10', () => {
    const { traceEvents } = BenchTrace.build(report)
    expect(traceEvents.map((e) => [e.name, e.tid, e.ts, e.dur])).toEqual([
      ['mode:sequential', 'sequential', 0n, 2500n],
      ['mode:access-list', 'access-list', 2510n, 1n],
    ])
  })

  test('behavior: keys alphabetical inside events and args', () => {
    const text = BenchTrace.render(report)
    const event = JSON.parse(text).traceEvents[0]
    expect(Object.keys(event)).toEqual(['args', 'cat', 'dur', 'name', 'ph', 'pid', 'tid', 'ts'])
    expect(Object.keys(event.args)).toEqual([
      'declared_conflict_pairs',
      'deterministic_passed',
      'reexecuted_txs',
      'scheduler_deferrals',
      'state_hash',
      'validation_failures',
      'wave_count',
    ])
    expect(event.cat).toBe('parallel-revm-lab')
  })
})
