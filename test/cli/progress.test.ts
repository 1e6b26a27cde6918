/**
 * Progress on long commands: shown on stderr when it is a terminal (here a pseudo-terminal made by
 * util-linux `script`, part of every Debian system), never when stderr is piped or with --json.
 */
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { tempDir } from '../golden/cli.ts'
import { spawnCliDone } from '../rpc/helpers.ts'

/** Runs the CLI with stderr on a pseudo-terminal; returns what reached the terminal (stderr only). */
function onTerminal(args: readonly string[]): string {
  const command = `node_modules/.bin/tsx src/cli/main.ts ${args.join(' ')} >/dev/null`
  return execFileSync('script', ['-qec', command, '/dev/null'], {
    encoding: 'utf8',
    timeout: 120_000,
  })
}

describe('progress', () => {
  const verify = ['verify', '--txs', '20', '--seed-end', '2', '--threads', '1']

  test('behavior: verify shows its workloads on a terminal, and nothing when piped', async () => {
    expect(onTerminal(verify)).toContain('progress: 4/4 workloads verified')
    const piped = await spawnCliDone(verify, {}, 120_000)
    expect(piped.code).toBe(0)
    expect(piped.stderr).toBe('')
  })

  test('behavior: bench names the mode it is running on a terminal', () => {
    const out = join(tempDir('pel-progress-'), 'bench.json')
    const text = onTerminal(['bench', '--txs', '50', '--threads', '1', '--out', out])
    expect(text).toContain('generating 50 mixed txs')
    expect(text).toContain('block-stm: 50 txs on 1 thread(s)')
  })

  test('behavior: analyze-trace-pack counts blocks on a terminal; --json keeps it quiet', () => {
    const dir = tempDir('pel-progress-')
    const pack = 'data/synthetic-range-pack'
    const text = onTerminal([
      'analyze-trace-pack',
      '--trace-dir',
      pack,
      '--out-dir',
      join(dir, 'a'),
    ])
    expect(text).toContain('progress: 3/3 blocks analyzed')
    expect(text).toContain('rendering the reports')
    const json = onTerminal([
      'analyze-trace-pack',
      '--trace-dir',
      pack,
      '--out-dir',
      join(dir, 'b'),
      '--json',
    ])
    expect(json).not.toContain('progress')
  })
})
