import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { run, tempDir } from '../golden/cli.ts'
import { extract, write } from '../replay/packs.ts'

/** Every file under `dir` (relative path → content). */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (rel: string): void => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`
      if (entry.isDirectory()) walk(path)
      else out[path] = readFileSync(join(dir, path), 'utf8')
    }
  }
  walk('')
  return out
}

describe('replay', () => {
  test('default: --json prints the report: every block with its fork, txs, gas and checks', async () => {
    const { code, stdout, stderr } = await run([
      'replay',
      '--blocks',
      '2462997,46147,12459406',
      '--json',
    ])
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const report = JSON.parse(stdout)
    expect(report.report_version).toBe('replay-report-v1')
    expect(
      report.blocks.map((b: Record<string, unknown>) => [b.number, b.fork, b.txs, b.gas_used]),
    ).toEqual([
      [46147, 'chainstart', 1, 21000],
      [2462997, 'dao', 9, 484186],
      [12459406, 'berlin', 201, 14994849],
    ])
    expect(report.blocks.map((b: { checks: unknown }) => b.checks)).toEqual([
      { gas_used: 'match', logs_bloom: 'match', receipts_root: 'n/a' },
      { gas_used: 'match', logs_bloom: 'match', receipts_root: 'n/a' },
      { gas_used: 'match', logs_bloom: 'match', receipts_root: 'match' },
    ])
    expect(report.summary).toMatchObject({ blocks: 3, matched: 3, mismatched: [], txs: 211 })
  })

  test('default: the text table has a line per block and a verdict', async () => {
    const { code, stdout } = await run(['replay', '--blocks', '46147'])
    expect(code).toBe(0)
    const lines = stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^\s+block\s+fork\s+txs\s+gas\s+Mgas\/s\s+checks/)
    expect(lines[1]).toMatch(/^\s+46147\s+chainstart\s+1\s+21000\s+[0-9.]+\s+match match n\/a$/)
    expect(lines[2]).toMatch(/^1 block, 1 tx, 0\.0 Mgas in .*: every block matches its header$/)
  })

  test('behavior: --trace-out writes a valid trace pack, byte-identical across two replays', async () => {
    const dir = tempDir('replay-trace-')
    const blocks = '46147,1150000,12459406'
    const a = await run(['replay', '--blocks', blocks, '--trace-out', join(dir, 'a'), '--json'])
    const b = await run(['replay', '--blocks', blocks, '--trace-out', join(dir, 'b'), '--json'])
    expect([a.code, b.code]).toEqual([0, 0])
    const first = tree(join(dir, 'a'))
    expect(Object.keys(first).sort()).toEqual([
      'blocks/1150000.json',
      'blocks/12459406.json',
      'blocks/46147.json',
      'manifest.json',
    ])
    expect(tree(join(dir, 'b'))).toEqual(first)
    const manifest = JSON.parse(first['manifest.json']!)
    expect(manifest).toMatchObject({
      chain: 'ethereum-mainnet',
      source: 'replay',
      start_block: 46147,
      end_block: 12459406,
      block_numbers: [46147, 1150000, 12459406],
      tracer_kind: 'ethereumjs-step-hook+state-manager-wrapper',
    })
    const block = JSON.parse(first['blocks/12459406.json']!)
    expect(block.tx_count).toBe(201)
    expect(block.total_gas_used).toBe(14994849)
    const ops = new Set(
      block.transactions.flatMap((t: { accesses: { op: string }[] }) =>
        t.accesses.map((x) => x.op),
      ),
    )
    expect([...ops].sort()).toEqual(['BALANCE', 'CODE', 'FEE_CREDIT', 'NONCE', 'SLOAD', 'SSTORE'])
    const validated = await run(['validate-trace-pack', '--trace-dir', join(dir, 'a')])
    expect(validated.code).toBe(0)
    const analyzed = await run([
      'analyze-trace-pack',
      '--trace-dir',
      join(dir, 'a'),
      '--out-dir',
      join(dir, 'dossier'),
    ])
    expect(analyzed.stderr).toBe('')
    expect(analyzed.code).toBe(0)
  })

  test('error: a block that does not match its header exits 1 naming the block and check; the report is still written', async () => {
    const dir = tempDir('replay-mismatch-')
    const files = extract(dir, [46147, 1150000])
    const block = JSON.parse(files['blocks/1150000/block.json']!)
    block.logsBloom = `0x${'f'.repeat(512)}`
    write(dir, { 'blocks/1150000/block.json': JSON.stringify(block) })
    const out = join(dir, 'report.json')
    const { code, stdout, stderr } = await run(['replay', '--data', dir, '--out', out])
    expect(code).toBe(1)
    expect(stdout).toContain('1 of 2 blocks do not match their header')
    expect(stderr).toBe(
      'error[REPLAY_MISMATCH]: 1 of 2 blocks do not match their header\n  block 1150000: logs_bloom\n',
    )
    const report = JSON.parse(readFileSync(out, 'utf8'))
    expect(report.summary.mismatched).toEqual([{ number: 1150000, checks: ['logs_bloom'] }])
  })

  test('error: an invalid pack exits 1 with every problem, file and JSON path, and writes nothing', async () => {
    const dir = tempDir('replay-invalid-')
    const files = extract(dir, [46147])
    const pre = JSON.parse(files['blocks/46147/pre_state.json']!)
    const [first] = Object.keys(pre)
    pre[first!].balance = -5
    write(dir, { 'blocks/46147/pre_state.json': JSON.stringify(pre) })
    const out = join(dir, 'report.json')
    const { code, stderr } = await run(['replay', '--data', dir, '--out', out])
    expect(code).toBe(1)
    expect(stderr).toContain(`error[REPLAY_PACK_INVALID]: replay pack ${dir} is invalid: 1 problem`)
    expect(stderr).toContain(`blocks/46147/pre_state.json: ${first}.balance:`)
    expect(stderr).not.toMatch(/\n\s+at /)
    expect(existsSync(out)).toBe(false)
  })

  test('error: --blocks naming a block the pack lacks is a usage error', async () => {
    const { code, stderr } = await run(['replay', '--blocks', '46147,7'])
    expect(code).toBe(2)
    expect(stderr).toMatch(
      /--blocks: 7 not in the replay pack .* \(it holds 52 blocks, 46147\.\.19934116\)/,
    )
  })

  test('behavior: --no-plan runs Block-STM on a block it would plan sequential, and it still equals', async () => {
    // 930196: 18 transactions, 0.4 Mgas, under the 5 Mgas of gas limit per thread the plan asks for.
    const planned = await run(['replay', '--blocks', '930196', '--threads', '2', '--json'])
    const forced = await run([
      'replay',
      '--blocks',
      '930196',
      '--threads',
      '2',
      '--no-plan',
      '--json',
    ])
    expect([planned.code, forced.code]).toEqual([0, 0])
    const totals = (stdout: string) =>
      (
        JSON.parse(stdout) as {
          summary: { block_stm: { planned_sequential: number; equal: number }[] }
        }
      ).summary.block_stm[0]
    expect(totals(planned.stdout)).toMatchObject({ planned_sequential: 1, equal: 1 })
    expect(totals(forced.stdout)).toMatchObject({ planned_sequential: 0, equal: 1 })
  })

  test("behavior: a Block-STM speedup is taken against the baseline timed on the engine's worker, not the replay's own run", async () => {
    const { code, stdout } = await run([
      'replay',
      '--blocks',
      '930196',
      '--threads',
      '1,2',
      '--json',
    ])
    expect(code).toBe(0)
    type Timing = { execution_ns: number; baseline_ns: number; speedup_vs_sequential: number }
    const block = (
      JSON.parse(stdout) as {
        blocks: { timing: { execution_ns: number }; block_stm: { timing: Timing }[] }[]
      }
    ).blocks[0]!
    const runs = block.block_stm.map((p) => p.timing)
    expect(runs).toHaveLength(2)
    // One baseline per block, shared by every thread count, and a run of its own (not the replay's).
    expect(runs[0]!.baseline_ns).toBeGreaterThan(0)
    expect(runs[1]!.baseline_ns).toBe(runs[0]!.baseline_ns)
    expect(runs[0]!.baseline_ns).not.toBe(block.timing.execution_ns)
    for (const t of runs)
      expect(t.speedup_vs_sequential).toBeCloseTo(t.baseline_ns / t.execution_ns, 9)
  })
})
