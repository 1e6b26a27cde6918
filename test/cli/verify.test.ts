import { spawnSync } from 'node:child_process'
import { describe, expect, test } from 'vitest'
import { run } from '../golden/cli.ts'

const cli = (...argv: string[]) => run(argv)

describe('verify', () => {
  test('behavior: the published 300-check sweep passes', async () => {
    const r = await cli(
      'verify',
      '--workload',
      'mixed',
      '--txs',
      '100',
      '--conflicts',
      '0.0,0.2,0.5,0.7,0.95',
      '--threads',
      '1,2,4',
      '--seed-start',
      '1',
      '--seed-end',
      '20',
    )
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe(
      'verified 300 workload/thread combinations for workload=mixed txs=100 seeds=1..=20\n',
    )
    expect(r.code).toBe(0)
  })

  test('default: mixed, 100 txs, conflicts 0.0,0.5, threads 1,2, seeds 1..=5 → 20 checks', async () => {
    const r = await cli('verify', '--txs', '20')
    expect(r.stdout).toBe(
      'verified 20 workload/thread combinations for workload=mixed txs=20 seeds=1..=5\n',
    )
  })

  test('options: list parsing trims and skips empty parts', async () => {
    const r = await cli(
      'verify',
      '--workload',
      'hot_pool',
      '--txs',
      '10',
      '--conflicts',
      ' 0.5, ,1',
      '--threads',
      '2,',
      '--seed-start',
      '3',
      '--seed-end',
      '3',
    )
    expect(r.stdout).toBe(
      'verified 2 workload/thread combinations for workload=hot-pool txs=10 seeds=3..=3\n',
    )
  })

  test('error: seed-start > seed-end is a usage error (exit 2)', async () => {
    const r = await cli('verify', '--seed-start', '5', '--seed-end', '1')
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--seed-start must be <= --seed-end')
    expect(r.stdout).toBe('')
  })

  test('error: zero, junk or empty thread lists exit 2 naming the problem', async () => {
    for (const [value, message] of [
      ['1,0', 'invalid --threads list: thread count must be > 0'],
      ['two', 'invalid --threads list: invalid thread count `two`'],
      [' , ', 'invalid --threads list: list must not be empty'],
    ] as const) {
      const r = await cli('verify', '--threads', value)
      expect(r.code).toBe(2)
      expect(r.stderr).toContain(message)
    }
  })

  test('error: a conflict outside 0..1 exits 2', async () => {
    const r = await cli('verify', '--conflicts', '0.5,1.5')
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(
      'invalid --conflicts list: conflict ratio `1.5` must be in 0.0..=1.0',
    )
  })

  test('options: --help lists the flags', async () => {
    const r = await cli('verify', '--help')
    expect(r.code).toBe(0)
    // Verify.run checks Block-STM too; the help says so.
    expect(r.stdout.replace(/\s+/g, ' ')).toContain(
      'check that access-list, optimistic and Block-STM runs equal sequential',
    )
    for (const flag of [
      '--workload',
      '--txs',
      '--conflicts',
      '--threads',
      '--seed-start',
      '--seed-end',
      '--vm-steps',
    ])
      expect(r.stdout).toContain(flag)
  })

  test('behavior: the real process exits once the sweep is done (no worker keeps it alive)', () => {
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'verify',
        '--txs',
        '10',
        '--threads',
        '1,2',
        '--seed-end',
        '1',
      ],
      { encoding: 'utf8', timeout: 45_000 },
    )
    expect(child.signal).toBeNull()
    expect(child.status).toBe(0)
    expect(child.stdout).toBe(
      'verified 4 workload/thread combinations for workload=mixed txs=10 seeds=1..=1\n',
    )
  })
})
