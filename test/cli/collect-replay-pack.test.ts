import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { ethereumjsName } from '../../src/cli/commands/collect-replay-pack.ts'
import { run, tempDir } from '../golden/cli.ts'

/** What `collect-replay-pack` refuses before it asks a node anything (no node runs here). */

const base = (out: string, start: string, end: string, extra: readonly string[] = []) => [
  'collect-replay-pack',
  '--chain',
  'anvil',
  '--start-block',
  start,
  '--end-block',
  end,
  '--out',
  out,
  '--rpc-url',
  'http://127.0.0.1:9/never-used',
  ...extra,
]

describe('collect-replay-pack usage', () => {
  test('error: start after end and an unknown --hardfork exit 2 (bounds: test/cli/bounds.test.ts)', async () => {
    const out = join(tempDir('replay-pack-usage-'), 'out')
    const backwards = await run(base(out, '5', '4'))
    expect(backwards.code).toBe(2)
    expect(backwards.stderr).toContain('--start-block must be <= --end-block')
    const fork = await run(base(out, '1', '1', ['--hardfork', 'pectra']))
    expect(fork.code).toBe(2)
    expect(fork.stderr).toContain(
      "option '--hardfork <name>' argument 'pectra' is invalid. expected an ethereumjs hardfork (chainstart, homestead,",
    )
    expect(existsSync(out)).toBe(false)
  })

  test('behavior: anvil hardfork spellings map to ethereumjs names', () => {
    expect(
      ['Prague', 'Bpo1', 'Osaka', 'Cancun', 'Merge', 'Frontier', 'TangerineWhistle', 'Latest'].map(
        ethereumjsName,
      ),
    ).toEqual([
      'prague',
      'bpo1',
      'osaka',
      'cancun',
      'paris',
      'chainstart',
      'tangerineWhistle',
      null,
    ])
  })
})
