import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { keccak256 } from 'viem'
import { describe, expect, test } from 'vitest'
import * as Pipeline from '../../src/analysis/Pipeline.ts'
import * as BalCodec from '../../src/evm/BalCodec.ts'
import * as BalWire from '../../src/trace/BalWire.ts'
import * as Dir from '../../src/trace/Dir.ts'
import * as Labels from '../../src/trace/Labels.ts'
import { run, tempDir } from '../golden/cli.ts'

const small = ['--txs', '30', '--users', '6', '--pools', '2', '--seed', '3']
const files = (dir: string) =>
  ['manifest.json', 'execution.json', 'labels.json', join('blocks', '1.json')].map((f) =>
    readFileSync(join(dir, f), 'utf8'),
  )

describe('generate-evm-block', () => {
  test('default: writes a valid pack + execution.json that analyze-trace-pack accepts', async () => {
    const dir = join(tempDir('pel-geb-'), 'pack')
    const r = await run(['generate-evm-block', '--out', dir, ...small])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^block 1: 30 txs, 0 not successful, total_gas_used=\d+$/m)
    expect(r.stdout).toMatch(/^state_root=0x[0-9a-f]{64}$/m)
    expect(readdirSync(dir).sort()).toEqual([
      'bal.json',
      'bal.rlp',
      'blocks',
      'execution.json',
      'labels.json',
      'manifest.json',
    ])
    expect(r.stdout).toMatch(/^bal: hash 0x[0-9a-f]{64}, \d+ items, \d+ bytes \(RLP\)$/m)

    const pack = Dir.read(dir)
    expect(pack.manifest.provenance).toContain('generated, real EVM execution')
    expect(pack.manifest.tracerKind).toBe('ethereumjs-step-hook+state-manager-wrapper')
    const block = pack.blocks[0]!
    expect(block.txCount).toBe(30)
    expect(
      block.transactions.every(
        (t) => t.gasUsed !== null && t.gasUsed >= 21_000 && t.status === 'success',
      ),
    ).toBe(true)
    const feeCredits = block.transactions.map((t) =>
      t.accesses.filter((a) => a.op === 'FEE_CREDIT'),
    )
    expect(
      feeCredits.every((f) => f.length === 1 && f[0]!.kind === 'write' && f[0]!.slot === null),
    ).toBe(true)

    const execution = JSON.parse(readFileSync(join(dir, 'execution.json'), 'utf8'))
    expect(execution.report_version).toBe('evm-execution-v1')
    expect(r.stdout).toContain(`state_root=${execution.state_root}`)
    expect(execution.transactions.map((t: { gas_used: number }) => t.gas_used)).toEqual(
      block.transactions.map((t) => t.gasUsed),
    )
    expect(execution.total_gas_used).toBe(block.totalGasUsed)
    expect(execution.options).toEqual({
      txs: 30,
      mix: 'erc20=30,weth=15,swap=35,eth=15,approve=5',
      pools: 2,
      skew: 1,
      seed: 3,
      users: 6,
    })

    const { dossier } = Pipeline.run({ pack, labels: Labels.forPack(dir) }, { workers: [1, 2, 4] })
    expect(JSON.stringify(dossier)).toContain('generated-evm')
  })

  test('behavior: two runs are byte-identical', async () => {
    const root = tempDir('pel-geb-')
    const a = await run(['generate-evm-block', '--out', join(root, 'a'), ...small, '--skew', '1.5'])
    const b = await run(['generate-evm-block', '--out', join(root, 'b'), ...small, '--skew', '1.5'])
    expect([a.code, b.code]).toEqual([0, 0])
    expect(files(join(root, 'b'))).toEqual(files(join(root, 'a')))
    expect(b.stdout.replace(join(root, 'b'), '')).toBe(a.stdout.replace(join(root, 'a'), ''))
  })

  test("behavior: --hardfork amsterdam seals the block with ethereumjs; its header commits to the lab's BAL", async () => {
    const dir = join(tempDir('pel-geb-'), 'pack')
    const r = await run(['generate-evm-block', '--out', dir, ...small, '--hardfork', 'amsterdam'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const block = JSON.parse(readFileSync(join(dir, 'block.json'), 'utf8'))
    const bal = BalWire.fromJson(
      JSON.parse(readFileSync(join(dir, 'bal.json'), 'utf8')),
      'bal.json',
    )
    const rlp = readFileSync(join(dir, 'bal.rlp'))
    expect(block.blockAccessListHash).toBe(BalCodec.hash(bal.value!))
    expect(block.blockAccessListHash).toBe(keccak256(rlp))
    expect(block.transactions).toHaveLength(30)
    expect(r.stdout).toContain(
      `header blockAccessListHash ${block.blockAccessListHash} (equals the lab's BAL)`,
    )
    const execution = JSON.parse(readFileSync(join(dir, 'execution.json'), 'utf8'))
    expect(execution.block.hardfork).toBe('amsterdam')
    expect(execution.state_root).toBe(block.stateRoot)
  })

  test('error: a bad --mix exits 2 and writes nothing', async () => {
    const dir = join(tempDir('pel-geb-'), 'pack')
    const r = await run(['generate-evm-block', '--out', dir, '--mix', 'erc20=30,nft=5'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('invalid --mix entry `nft=5`; expected kind=weight')
    expect(existsSync(dir)).toBe(false)
  })

  test('error: out-of-range --pools exits 2 and writes nothing', async () => {
    const dir = join(tempDir('pel-geb-'), 'pack')
    const r = await run(['generate-evm-block', '--out', dir, '--pools', '0'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('error[CLI_USAGE]: pools must be an integer in 1..=64, got 0')
    expect(existsSync(dir)).toBe(false)
  })
})
