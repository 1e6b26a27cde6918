import { describe, expect, test } from 'vitest'
import { run } from '../golden/cli.ts'

const PACK = 'fixtures/original-lab/trace-packs/demo-mini'

describe('explain', () => {
  test('default: text names the wave, the chain and the causing key', async () => {
    const r = await run(['explain', '--trace-dir', PACK, '--block', '38014901', '--tx', '2'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('wave 1 (0-based) of 2 waves')
    expect(r.stdout).toContain('waits for tx_index 0 via:')
    expect(r.stdout).toContain(
      'storage:0x1111111111111111111111111111111111111111:0x0000000000000000000000000000000000000000000000000000000000000000 [waw, war]',
    )
  })

  test('options: --json gives the chain back to a root with edge types', async () => {
    const r = await run([
      'explain',
      '--trace-dir',
      PACK,
      '--block',
      '38014901',
      '--tx',
      '2',
      '--json',
    ])
    const e = JSON.parse(r.stdout)
    expect(e.wave).toBe(1)
    expect(e.dependency_chain.map((s: { tx_index: number }) => s.tx_index)).toEqual([2, 0])
    expect(e.dependency_chain[0].waits_for.edge_types).toEqual(['waw', 'war'])
    expect(e.dependency_chain[1].waits_for).toBeNull()
    expect(e.block_critical_path).toBe(220)
  })

  test('error: unknown block or tx is a usage error naming it', async () => {
    const block = await run(['explain', '--trace-dir', PACK, '--block', '5', '--tx', '0'])
    expect(block.code).toBe(2)
    expect(block.stderr).toContain('has no block 5')
    const tx = await run(['explain', '--trace-dir', PACK, '--block', '38014901', '--tx', '9'])
    expect(tx.code).toBe(2)
    expect(tx.stderr).toContain('no tx_index 9')
    const junk = await run(['explain', '--trace-dir', PACK, '--block', 'x', '--tx', '0'])
    expect(junk.code).toBe(2)
  })
})
