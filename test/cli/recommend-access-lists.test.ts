import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { run, tempDir } from '../golden/cli.ts'

describe('recommend-access-lists', () => {
  test('default: demo-mini → 7 hints, EIP-2930 shaped observed lists, deterministic', async () => {
    const dir = tempDir('pel-ral-')
    const args = (n: string) => [
      'recommend-access-lists',
      '--trace-dir',
      'fixtures/original-lab/trace-packs/demo-mini',
      '--out',
      join(dir, `${n}.json`),
      '--markdown',
      join(dir, `${n}.md`),
    ]
    const r = await run(args('a'))
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('wrote 7 observed access hint(s) to')
    await run(args('b'))
    const a = readFileSync(join(dir, 'a.json'), 'utf8')
    expect(readFileSync(join(dir, 'b.json'), 'utf8')).toBe(a)
    const hints = JSON.parse(a)
    expect(hints.report_version).toBe('observed-access-hints-v1')
    expect(hints.tx_hints[0].observed_access_list).toEqual([
      {
        address: '0x1111111111111111111111111111111111111111',
        storageKeys: ['0x0000000000000000000000000000000000000000000000000000000000000000'],
      },
    ])
    expect(hints.access_list_note).toContain('not a complete access list')
    expect(hints.top_conflict_keys).toHaveLength(2)
    const md = readFileSync(join(dir, 'a.md'), 'utf8')
    expect(md).toContain('not complete production Ethereum access lists')
    expect(md).toContain('observed only, not complete')
  })
})
