import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import * as BalCodec from '../../src/evm/BalCodec.ts'
import * as BalWire from '../../src/trace/BalWire.ts'
import { run, tempDir } from '../golden/cli.ts'

/**
 * `replay --bal-out` and `--engine bal` on bundled mainnet blocks. CI runs the engine on a subset
 * covering every era (a SELFDESTRUCT + CREATE2 block included, and 12243999, whose post-state needs
 * EIP-161's deletion of an account a BAL shows only as its balance going to 0); `npm run
 * replay:bal` runs all 52.
 */
const SUBSET = '930196,2674998,4370000,9069000,12159808,12243999,19933122'

type Run = { threads: number; status: string; checks: Record<string, string> }
type Report = {
  bal: {
    blocks: {
      number: number
      bal_hash: string
      items: number
      rlp_bytes: number
      notes: string[]
      parallel: Run[]
    }[]
  }
}

describe('replay --engine bal', () => {
  test('behavior: BAL-parallel at 1, 2 and 4 threads equals the sequential replay on every era', async () => {
    const { code, stdout, stderr } = await run([
      'replay',
      '--blocks',
      SUBSET,
      '--engine',
      'bal',
      '--threads',
      '1,2,4',
      '--json',
    ])
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const report = JSON.parse(stdout) as Report
    expect(report.bal.blocks.map((b) => b.number)).toEqual(SUBSET.split(',').map(Number))
    for (const block of report.bal.blocks) {
      expect(block.parallel.map((r) => [r.threads, r.status])).toEqual([
        [1, 'equal'],
        [2, 'equal'],
        [4, 'equal'],
      ])
      for (const r of block.parallel) expect(Object.values(r.checks)).not.toContain('mismatch')
    }
  })

  test('error: a given BAL with one wrong value is invalid: first differing key named, sequential fallback, exit 1', async () => {
    const dir = tempDir('replay-bal-')
    const out = await run(['replay', '--blocks', '2674998', '--bal-out', join(dir, 'own')])
    expect(out.code).toBe(0)
    const json = JSON.parse(readFileSync(join(dir, 'own', '2674998.bal.json'), 'utf8')) as {
      address: string
      balanceChanges: { index: string; value: string }[]
    }[]
    const account = json.find((a) => a.balanceChanges.some((c) => c.index === '0x7'))!
    const change = account.balanceChanges.find((c) => c.index === '0x7')!
    const expected = BigInt(change.value) + 1n
    change.value = `0x${expected.toString(16)}`
    // the directory of given BALs holds only the altered one
    const given = join(dir, 'given')
    mkdirSync(given)
    writeFileSync(join(given, '2674998.bal.json'), JSON.stringify(json))
    const { code, stdout, stderr } = await run([
      'replay',
      '--blocks',
      '2674998',
      '--engine',
      'bal',
      '--threads',
      '2',
      '--bal-in',
      given,
    ])
    expect(code).toBe(1)
    const message = `transaction 6 (index 7) writes balance:${account.address} = ${expected - 1n}, the BAL says ${expected}`
    expect(stdout).toContain(`invalid BAL (given BAL): ${message}; replayed sequentially`)
    expect(stdout).toContain('every block matches its header')
    expect(stderr).toContain('error[BAL_INVALID]')
    expect(stderr).toContain(`block 2674998, 2 thread(s): invalid BAL: ${message}`)
  })

  test('error: --bal-in needs --engine bal, --threads a parallel engine, --no-plan Block-STM (exit 2)', async () => {
    for (const [args, message] of [
      [['--bal-in', '.'], 'needs --engine bal'],
      [['--engine', 'sequential', '--threads', '2'], 'needs a parallel engine'],
      [['--no-plan'], '--no-plan needs Block-STM'],
      [['--engine', 'bal', '--no-plan'], '--no-plan needs Block-STM'],
    ] as const) {
      const { code, stderr } = await run(['replay', '--blocks', '46147', ...args])
      expect(code).toBe(2)
      expect(stderr).toContain(message)
    }
  })
})

describe('replay --bal-out', () => {
  test('behavior: <n>.bal.json and <n>.bal.rlp per block, hash/items/size printed, notes for what the pack lacks; two runs byte-identical', async () => {
    const dir = tempDir('replay-bal-out-')
    const blocks = '46147,19923400'
    const a = await run(['replay', '--blocks', blocks, '--bal-out', join(dir, 'a')])
    const b = await run(['replay', '--blocks', blocks, '--bal-out', join(dir, 'b'), '--json'])
    expect([a.code, b.code]).toEqual([0, 0])
    const names = readdirSync(join(dir, 'a')).sort()
    expect(names).toEqual([
      '19923400.bal.json',
      '19923400.bal.rlp',
      '46147.bal.json',
      '46147.bal.rlp',
    ])
    for (const name of names)
      expect(readFileSync(join(dir, 'b', name))).toEqual(readFileSync(join(dir, 'a', name)))
    const report = JSON.parse(b.stdout) as Report
    for (const n of [46147, 19923400]) {
      const json = BalWire.fromJson(
        JSON.parse(readFileSync(join(dir, 'a', `${n}.bal.json`), 'utf8')),
        'x',
      )
      const rlp = BalCodec.decode(readFileSync(join(dir, 'a', `${n}.bal.rlp`)), 'x')
      expect(rlp.value).toEqual(json.value)
      const entry = report.bal.blocks.find((x) => x.number === n)!
      expect(entry.bal_hash).toBe(BalCodec.hash(json.value!))
      expect(entry.rlp_bytes).toBe(readFileSync(join(dir, 'a', `${n}.bal.rlp`)).length)
      expect(a.stdout).toContain(
        `bal ${entry.bal_hash}: ${entry.items} items, ${entry.rlp_bytes} bytes`,
      )
    }
    const cancun = report.bal.blocks.find((x) => x.number === 19923400)!
    expect(cancun.notes).toEqual([
      'index 0: beacon-root system call (EIP-4788): the contract is not in the pre-state; its 2 storage write(s) come from the header',
      'index 25: 11 of 11 withdrawal recipients (16 withdrawals) are not in the pre-state; their balance changes are missing from this BAL',
    ])
    expect(report.bal.blocks.find((x) => x.number === 46147)!.notes).toEqual([
      'index 2: proof-of-work block: the miner and uncle rewards are not replayed and are missing from this BAL',
      'before Spurious Dragon (EIP-161) a call creates empty accounts, which a BAL cannot show (nothing of theirs changes): BAL-parallel runs are compared with the sequential replay without empty accounts',
    ])
    expect(a.stdout).toContain(`wrote 4 BAL files to ${join(dir, 'a')}`)
  })
})
