/**
 * Every count-like flag of every command has an upper bound: a value above it is a usage error
 * (exit 2) naming the flag and the range, raised before any work (no pack is read, no thread
 * started, no node asked), and nothing is written.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { MAX_THREADS_ENV } from '../../src/cli/parsers.ts'
import { run, tempDir } from '../golden/cli.ts'

const dir = tempDir('bounds-')
const out = join(dir, 'never.json')
const pack = 'data/demo-pack'
const HUGE = '99999999999'
const many = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1)).join(',')
const collect = ['collect-block-range', '--chain', 'x', '--start-block', '1', '--end-block', '2']
const replayPack = ['collect-replay-pack', '--chain', 'x', '--start-block', '1', '--end-block', '2']

/** [command and its required flags, the flag under test, a value above its bound, expected text]. */
const cases: readonly (readonly [readonly string[], string, string, string])[] = [
  [['bench', '--out', out], '--txs', HUGE, 'expected an integer in 0..=100000'],
  [['bench', '--out', out], '--txs', '99999999999999', 'expected an integer in 0..=100000'],
  [['bench', '--out', out], '--threads', '100000', "above this machine's cap"],
  [['bench', '--out', out], '--vm-steps', HUGE, 'expected an integer in 0..=10000000'],
  [['verify'], '--txs', HUGE, 'expected an integer in 0..=100000'],
  [['verify'], '--threads', `1,${HUGE}`, "above this machine's cap"],
  [['verify'], '--threads', many(65), 'list has 65 entries; at most 64 are accepted'],
  [['verify'], '--conflicts', many(65).replace(/\d+/g, '0'), 'at most 64 are accepted'],
  [['verify'], '--vm-steps', HUGE, 'expected an integer in 0..=10000000'],
  [['verify', '--seed-start', '1'], '--seed-end', HUGE, 'at most 10000 are accepted'],
  [['inspect'], '--txs', HUGE, 'expected an integer in 0..=100000'],
  [['inspect'], '--vm-steps', HUGE, 'expected an integer in 0..=10000000'],
  [['bench-trace-pack', '--trace-dir', pack, '--out', out], '--threads', '100000', 'cap of'],
  [
    ['bench-trace-pack', '--trace-dir', pack, '--out', out],
    '--vm-steps-per-gas',
    HUGE,
    'expected an integer in 0..=100',
  ],
  [
    ['bench-trace-pack', '--trace-dir', pack, '--out', out],
    '--repeats',
    HUGE,
    'expected an integer in 1..=100',
  ],
  [
    ['analyze-trace-pack', '--trace-dir', pack, '--out-dir', dir],
    '--top',
    HUGE,
    'expected an integer in 1..=1000',
  ],
  [
    ['explain', '--trace-dir', pack, '--block', '1', '--tx', '0'],
    '--top',
    HUGE,
    'expected an integer in 1..=1000',
  ],
  [['bench-evm-block', '--out', out], '--threads', '1,100000', 'cap of'],
  [['bench-evm-block', '--out', out], '--repeats', HUGE, 'expected an integer in 1..=100'],
  [['bench-evm-block', '--out', out], '--txs', HUGE, 'txs must be an integer in 1..=100000'],
  [['bench-evm-block', '--out', out], '--pools', HUGE, 'pools must be an integer in 1..=64'],
  [['bench-evm-block', '--out', out], '--users', HUGE, 'users must be an integer in 2..=4096'],
  [['generate-evm-block', '--out', dir], '--txs', HUGE, 'txs must be an integer in 1..=100000'],
  [['generate-evm-block', '--out', dir], '--pools', HUGE, 'pools must be an integer in 1..=64'],
  [['generate-evm-block', '--out', dir], '--users', HUGE, 'users must be an integer in 2..=4096'],
  [
    ['analyze-trace-pack', '--trace-dir', pack, '--out-dir', dir],
    '--workers',
    HUGE,
    `invalid --workers list: worker count ${HUGE} is above 4096`,
  ],
  [
    ['analyze-trace-pack', '--trace-dir', pack, '--out-dir', dir],
    '--workers',
    many(65),
    'invalid --workers list: 65 entries; at most 64 are accepted',
  ],
  [[...collect, '--out', dir], '--max-transactions', HUGE, 'expected an integer in 0..=1000000'],
  [[...collect, '--out', dir], '--concurrency', HUGE, 'expected an integer in 1..=64'],
  [[...collect, '--out', dir], '--retries', HUGE, 'expected an integer in 0..=100'],
  [[...collect, '--out', dir], '--timeout-ms', HUGE, 'expected an integer in 1..=3600000'],
  [[...collect, '--out', dir], '--retry-delay-ms', HUGE, 'expected an integer in 0..=60000'],
  [
    ['collect-block-range', '--chain', 'x', '--start-block', '1', '--out', dir],
    '--end-block',
    HUGE,
    `--start-block..--end-block spans ${HUGE} blocks; at most 100000 per run`,
  ],
  [[...replayPack, '--out', dir], '--concurrency', HUGE, 'expected an integer in 1..=64'],
  [[...replayPack, '--out', dir], '--retries', HUGE, 'expected an integer in 0..=100'],
  [
    ['collect-replay-pack', '--chain', 'x', '--start-block', '1', '--out', dir],
    '--end-block',
    HUGE,
    `--start-block..--end-block spans ${HUGE} blocks; at most 100000 per run`,
  ],
  [['rpc-capability-check', '--chain', 'x', '--block', '1'], '--retries', HUGE, '0..=100'],
  [['rpc-capability-check', '--chain', 'x', '--block', '1'], '--timeout-ms', '0', '1..=3600000'],
]

afterEach(() => {
  delete process.env[MAX_THREADS_ENV]
})

describe('count-like flags', () => {
  test.each(cases)('error: %s %s %s is a usage error (exit 2)', async (base, flag, value, text) => {
    const r = await run([...base, flag, value])
    expect(r.stderr).toContain(text)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(existsSync(out)).toBe(false)
  })
})

describe('thread cap', () => {
  test('error: the message says why and how to oversubscribe on purpose', async () => {
    const r = await run(['bench', '--threads', '100000', '--txs', '10', '--out', out])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(
      /thread count 100000 is above this machine's cap of \d+ \(max\(16, 2 × \d+ cores\)\); set PARALLEL_EVM_LAB_MAX_THREADS=N \(N <= 1024\) to oversubscribe on purpose/,
    )
  })

  test('options: PARALLEL_EVM_LAB_MAX_THREADS lowers or raises the cap', async () => {
    process.env[MAX_THREADS_ENV] = '1'
    const low = await run(['bench', '--threads', '2', '--txs', '10', '--out', out])
    expect(low.code).toBe(2)
    expect(low.stderr).toContain(
      `thread count 2 is above this machine's cap of 1 (set by ${MAX_THREADS_ENV})`,
    )
    process.env[MAX_THREADS_ENV] = '1024'
    const hard = await run(['verify', '--threads', '1025'])
    expect(hard.code).toBe(2)
    expect(hard.stderr).toContain('thread count 1025 is above this machine')
    const ok = await run(['inspect', '--txs', '3'])
    expect(ok.code).toBe(0)
  })
})
