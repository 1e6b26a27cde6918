import { describe, expect, test } from 'vitest'
import { run } from '../golden/cli.ts'

const cli = (...argv: string[]) => run(argv)

describe('inspect', () => {
  test('default: header lines then a sample of the first 10 txs', async () => {
    const r = await cli('inspect')
    expect(r.code).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines.slice(0, 5)).toEqual([
      'workload: mixed',
      'txs: 20',
      'seed: 42',
      'vm_steps: 0',
      'requested_conflict: 0.500',
    ])
    expect(lines[5]).toMatch(/^observed_conflict: \d\.\d{6}$/)
    expect(lines[6]).toBe('initial_state_hash: ef8fefddcc862f76')
    expect(lines[7]).toBe('sample:')
    expect(lines.length).toBe(8 + 10 * 3)
    expect(lines.filter((l) => l.startsWith('tx ')).map((l) => l.split(' ')[1])).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
    ])
  })

  test('behavior: storage c0 seed 42 reproduces the published pair count', async () => {
    const r = await cli('inspect', '--workload', 'storage', '--txs', '1000', '--conflict', '0.0')
    // 245 pairs / C(1000, 2) = 0.00049049… → {:.6}
    expect(r.stdout).toContain('observed_conflict: 0.000490\n')
    expect(r.stdout).toContain('requested_conflict: 0.000\n')
  })

  test('behavior: debug forms and key displays', async () => {
    const r = await cli(
      'inspect',
      '--workload',
      'erc20',
      '--txs',
      '1',
      '--seed',
      '7',
      '--vm-steps',
      '3',
    )
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines[3]).toBe('vm_steps: 3')
    expect(lines[8]).toMatch(
      /^tx 0 Transfer \{ from: AccountId\(\d+\), to: AccountId\(\d+\), amount: \d+ \}$/,
    )
    expect(lines[9]).toMatch(/^ {2}reads: \[acct:\d+:balance, acct:\d+:balance, acct:\d+:nonce\]$/)
    expect(lines[10]).toBe(lines[9]?.replace('reads', 'writes'))
  })

  test('error: bad values exit 2', async () => {
    expect((await cli('inspect', '--workload', 'x')).code).toBe(2)
    expect((await cli('inspect', '--conflict', '-0.1')).code).toBe(2)
    expect((await cli('inspect', '--seed', '18446744073709551616')).code).toBe(2)
  })
})
