import { cpSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { run, tempDir } from '../golden/cli.ts'

const PACK = 'fixtures/original-lab/trace-packs/demo-mini'

describe('explain', () => {
  const key =
    'storage:0x1111111111111111111111111111111111111111:0x0000000000000000000000000000000000000000000000000000000000000000'

  test('default: a summary first (keys, earlier txs), then the chain, the causing key named', async () => {
    const r = await run(['explain', '--trace-dir', PACK, '--block', '38014901', '--tx', '2'])
    expect(r.code).toBe(0)
    const lines = r.stdout.split('\n')
    expect(lines[1]).toBe('wave 1 (0-based) of 2 waves; conflict degree 1; duration 120 gas')
    expect(lines[3]).toBe('held back most by these keys (direct dependencies through each; all 1):')
    expect(lines[4]).toBe(`      1  ${key}`)
    expect(lines[6]).toBe(`  tx_index 0 finishes at 100 gas, via ${key}`)
    expect(r.stdout).toContain(`waits for tx_index 0 via ${key}\n`)
    expect(r.stdout).not.toContain('[waw, war]')
  })

  test('options: --full lists every dependency with every shared key and its edge types', async () => {
    const r = await run([
      'explain',
      '--trace-dir',
      PACK,
      '--block',
      '38014901',
      '--tx',
      '2',
      '--full',
    ])
    expect(r.stdout).toContain('waits for tx_index 0 via:')
    expect(r.stdout).toContain(`${key} [waw, war]`)
  })

  test('options: --labels names addresses; --top bounds the summary and the chain', async () => {
    const dir = tempDir('pel-explain-')
    const labels = join(dir, 'labels.json')
    writeFileSync(
      labels,
      JSON.stringify({ '0x1111111111111111111111111111111111111111': 'Hot Pool' }),
    )
    const args = ['explain', '--trace-dir', PACK, '--block', '38014901', '--tx', '2']
    const r = await run([...args, '--labels', labels, '--top', '1'])
    expect(r.stdout).toContain(`${key} (Hot Pool)`)
    expect(r.stdout).toContain('(2 tx, block critical path 220; first 1 steps)')
    const json = JSON.parse((await run([...args, '--labels', labels, '--json'])).stdout)
    expect(json.summary.keys[0]).toEqual({
      key,
      key_type: 'storage',
      address_label: 'Hot Pool',
      dependency_count: 1,
    })
  })

  test('behavior: explain reads only its block, so a corrupt other block does not stop it', async () => {
    const dir = join(tempDir('pel-explain-'), 'pack')
    cpSync(PACK, dir, { recursive: true })
    writeFileSync(join(dir, 'blocks', '38014902.json'), '{ truncated')
    const good = await run(['explain', '--trace-dir', dir, '--block', '38014901', '--tx', '2'])
    expect(good.code).toBe(0)
    const bad = await run(['explain', '--trace-dir', dir, '--block', '38014902', '--tx', '0'])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain(`invalid block file(s): ${join(dir, 'blocks', '38014902.json')}`)
    expect(bad.stderr).toContain('--resume')
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
