/**
 * `collect-replay-pack` against a real anvil (its default hardfork): the collected pack replays
 * offline and matches anvil's headers, its pre-state is the node's state before the block (checked
 * account by account and slot by slot with eth_getBalance / eth_getTransactionCount / eth_getCode /
 * eth_getStorageAt at the parent), and its block hashes are the ones BLOCKHASH asked for.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type Anvil, call, startAnvil } from './anvil.ts'
import { filesOf, runCli } from './helpers.ts'
import { type FaultProxy, startProxy } from './proxy.ts'
import { buildReplayScenario, type ReplayScenario } from './replayScenario.ts'

const SENTINEL = 'SENTINELKEY456'

let anvil: Anvil
let scenario: ReplayScenario
let keyed: FaultProxy
let tmp: string
let reference: string
let first: Awaited<ReturnType<typeof runCli>>

const collect = (
  out: string,
  url: string,
  extra: readonly string[] = [],
  [start, end] = [scenario.block - 1, scenario.block + 1],
) => [
  'collect-replay-pack',
  '--chain',
  'anvil',
  '--start-block',
  String(start),
  '--end-block',
  String(end),
  '--out',
  out,
  '--rpc-url',
  url,
  '--retries',
  '0',
  ...extra,
]

const hex = (n: number) => `0x${n.toString(16)}`

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'replay-pack-anvil-'))
  anvil = await startAnvil()
  scenario = await buildReplayScenario(anvil.url)
  keyed = await startProxy({ target: anvil.url })
  reference = join(tmp, 'reference')
  first = await runCli(collect(reference, `${keyed.base}/v2/${SENTINEL}?apikey=${SENTINEL}`))
})

afterAll(async () => {
  await keyed?.close()
  await anvil?.stop()
  rmSync(tmp, { recursive: true, force: true })
})

function noSecret(...texts: readonly string[]): void {
  for (const text of texts) expect(text).not.toContain(SENTINEL)
}

function json(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>
}

describe('collect-replay-pack against anvil', () => {
  test('behavior: the scenario block holds every case (node side)', async () => {
    const block = (await call(anvil.url, 'eth_getBlockByNumber', [hex(scenario.block), false])) as {
      transactions: string[]
    }
    expect(block.transactions).toHaveLength(9)
    const receipt = (await call(anvil.url, 'eth_getTransactionReceipt', [scenario.reverted])) as {
      status: string
      blockNumber: string
    }
    expect(receipt).toMatchObject({ status: '0x0', blockNumber: hex(scenario.block) })
    const asked = (await call(anvil.url, 'eth_getBlockByNumber', [hex(scenario.asked), false])) as {
      hash: string
    }
    const stored = await call(anvil.url, 'eth_getStorageAt', [scenario.hasher, '0x0', 'latest'])
    expect(stored).toBe(asked.hash)
    expect(await call(anvil.url, 'eth_getCode', [scenario.created, 'latest'])).not.toBe('0x')
    // EIP-7623: 1000 non-zero calldata bytes cost 21000 + 40 × 1000, not 21000 + 16 × 1000.
    const floored = (await call(anvil.url, 'eth_getBlockByNumber', [
      hex(scenario.floored),
      false,
    ])) as {
      gasUsed: string
    }
    expect(Number(floored.gasUsed)).toBe(61_000)
  })

  test('behavior: a collected pack replays offline and matches every header', async () => {
    expect(first.stderr).not.toContain('error')
    expect(first.code).toBe(0)
    expect(first.stdout).toContain(
      `collecting anvil blocks ${scenario.block - 1}-${scenario.block + 1} : chain id 31337, hardfork bpo1 (the node's anvil_nodeInfo says Bpo1)\n`,
    )
    expect(first.stdout).toContain(`collected anvil block ${scenario.block}: 9 txs, `)
    const replay = await runCli(['replay', '--data', reference, '--json'])
    expect(replay.stderr).toBe('')
    expect(replay.code).toBe(0)
    const report = JSON.parse(replay.stdout) as {
      blocks: { number: number; fork: string; txs: number; checks: Record<string, string> }[]
    }
    expect(report.blocks.map((b) => [b.number, b.fork, b.txs, b.checks])).toEqual(
      [scenario.block - 1, scenario.block, scenario.block + 1].map((n) => [
        n,
        'bpo1',
        n === scenario.block ? 9 : n === scenario.floored ? 1 : 0,
        { gas_used: 'match', logs_bloom: 'match', receipts_root: 'match' },
      ]),
    )
    const manifest = json(join(reference, 'replay-pack.json'))
    expect(manifest).toMatchObject({ chain: 'anvil', chain_id: '0x7a69', hardfork: 'bpo1' })
  })

  test('behavior: block_hashes.json holds exactly the hash BLOCKHASH asked for, as anvil has it', async () => {
    const asked = (await call(anvil.url, 'eth_getBlockByNumber', [hex(scenario.asked), false])) as {
      hash: string
    }
    expect(json(join(reference, 'block_hashes.json'))).toEqual({
      [String(scenario.asked)]: asked.hash,
    })
  })

  test('behavior: the pre-state is the node state at the parent, account by account and slot by slot', async () => {
    const parent = hex(scenario.block - 1)
    const pre = json(join(reference, 'blocks', String(scenario.block), 'pre_state.json')) as Record<
      string,
      { balance: string; nonce: string; code?: string; storage: Record<string, string> }
    >
    const senders = scenario.accounts.slice(0, 6)
    const { counter, reverter, hasher, factory, fresh } = scenario
    const expected = [...senders, counter, reverter, hasher, factory, fresh].map((a) =>
      a.toLowerCase(),
    )
    expect(Object.keys(pre)).toEqual(expect.arrayContaining(expected))
    // Created in the block: not there before it.
    expect(Object.keys(pre)).not.toContain(scenario.created)
    for (const [address, account] of Object.entries(pre)) {
      const at = (method: string, extra: unknown[] = []) =>
        call(anvil.url, method, [address, ...extra, parent])
      expect({ address, balance: BigInt(account.balance) }).toEqual({
        address,
        balance: BigInt((await at('eth_getBalance')) as string),
      })
      expect(BigInt(account.nonce)).toBe(BigInt((await at('eth_getTransactionCount')) as string))
      expect(account.code ?? '0x').toBe(await at('eth_getCode'))
      for (const [slot, value] of Object.entries(account.storage))
        expect({ address, slot, value }).toEqual({
          address,
          slot,
          value: await at('eth_getStorageAt', [slot]),
        })
    }
    // The counter was written twice in the block: the pack holds the value before the first write.
    const slots = pre[counter.toLowerCase()]?.storage ?? {}
    expect(BigInt(slots[`0x${'0'.repeat(63)}1`] ?? '0x0')).toBe(1n)
    expect(BigInt(slots[`0x${'0'.repeat(64)}`] ?? '0x0')).toBe(0x42n)
  })

  test('behavior: collecting twice gives byte-identical packs (--hardfork given or read from the node)', async () => {
    const out = join(tmp, 'again')
    const run = await runCli(collect(out, anvil.url, ['--hardfork', 'bpo1']))
    expect(run.code).toBe(0)
    expect(filesOf(out)).toEqual(filesOf(reference))
    noSecret(first.stdout, first.stderr, ...Object.values(filesOf(reference)))
  })

  test('behavior: --compress writes Brotli files that replay the same', async () => {
    const out = join(tmp, 'compressed')
    const run = await runCli(collect(out, anvil.url, ['--compress']))
    expect(run.code).toBe(0)
    expect(readdirSync(join(out, 'blocks', String(scenario.block))).sort()).toEqual([
      'block.json.br',
      'pre_state.json.br',
    ])
    const replay = await runCli(['replay', '--data', out])
    expect(replay.code).toBe(0)
    expect(replay.stdout).toContain('every block matches its header')
  })

  test('behavior: --resume keeps valid blocks, re-collects damaged and missing ones, same bytes', async () => {
    const out = join(tmp, 'resumed')
    expect((await runCli(collect(out, anvil.url))).code).toBe(0)
    rmSync(join(out, 'blocks', String(scenario.block + 1)), { recursive: true })
    writeFileSync(join(out, 'blocks', String(scenario.block), 'pre_state.json'), '{"0x12": ')
    writeFileSync(join(out, 'blocks', String(scenario.block), 'block.json.tmp-1-abcdef01'), 'x')
    const run = await runCli(collect(out, anvil.url, ['--resume']))
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`resume: kept block ${scenario.block - 1}\n`)
    expect(run.stdout).toContain(`collected anvil block ${scenario.block}: 9 txs`)
    expect(run.stderr).toContain(`resume: re-collecting block ${scenario.block}: `)
    expect(filesOf(out)).toEqual(filesOf(reference))
  })
})

describe('collect-replay-pack errors', () => {
  test('error: a node without prestateTracer fails naming it, and writes nothing', async () => {
    const proxy = await startProxy({
      target: anvil.url,
      byRequest: (method, params) => {
        const config = params[1] as { tracer?: unknown } | undefined
        return method.startsWith('debug_') && config?.tracer === 'prestateTracer'
          ? 'method-missing'
          : undefined
      },
    })
    try {
      const out = join(tmp, 'no-prestate')
      const only: [number, number] = [scenario.block, scenario.block]
      const run = await runCli(collect(out, `${proxy.base}/${SENTINEL}`, [], only))
      expect(run.code).toBe(1)
      expect(run.stderr).toContain(
        `error[RPC_METHOD_UNSUPPORTED]: debug_traceTransaction failed for block ${scenario.block} tx_index 0; the provider does not support debug_traceTransaction with the built-in prestateTracer (default and diffMode)`,
      )
      expect(filesOf(out)).toEqual({})
      noSecret(run.stdout, run.stderr)
    } finally {
      await proxy.close()
    }
  })

  test('error: a block past the chain head fails before any work', async () => {
    const head = Number(await call(anvil.url, 'eth_blockNumber', []))
    const out = join(tmp, 'future')
    const run = await runCli(collect(out, anvil.url, [], [head, head + 5]))
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toBe(
      `error[RPC_REQUEST_FAILED]: block ${head + 5} does not exist yet on anvil: the chain head is block ${head}\n` +
        `  collect blocks at or below ${head}\n`,
    )
    expect(existsSync(out)).toBe(false)
  })

  test('error: rules that do not match the node fail the header check, and the block is not written', async () => {
    // Under cancun the calldata-heavy transfer is not priced by EIP-7623's floor: it costs less.
    const out = join(tmp, 'cancun')
    const only: [number, number] = [scenario.floored, scenario.floored]
    const run = await runCli(collect(out, anvil.url, ['--hardfork', 'cancun'], only))
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(
      new RegExp(
        `^error\\[REPLAY_MISMATCH\\]: block ${scenario.floored} does not replay to its header: gas_used, logs_bloom|receipts_root`,
      ),
    )
    expect(run.stderr).toContain('rules: cancun)')
    expect(run.stderr).toContain('the node may run other rules than cancun')
    expect(filesOf(out)).toEqual({})
  })

  test('error: rules the header cannot run under are a clear error, not a crash', async () => {
    // The header carries Cancun fields (excessBlobGas); london cannot build such a block.
    const out = join(tmp, 'london')
    const only: [number, number] = [scenario.floored, scenario.floored]
    const run = await runCli(collect(out, anvil.url, ['--hardfork', 'london'], only))
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(
      `error[EVM_REPLAY_FAILED]: block ${scenario.floored}: ethereumjs cannot build its header under london: excess blob gas can only be provided with EIP4844 activated`,
    )
    expect(filesOf(out)).toEqual({})
  })

  test('error: a chain that is not mainnet and a node that does not say its hardfork need --hardfork (exit 2)', async () => {
    const proxy = await startProxy({
      target: anvil.url,
      byMethod: { prefix: 'anvil_', behaviour: 'method-missing' },
    })
    try {
      const run = await runCli(collect(join(tmp, 'no-rules'), proxy.base))
      expect(run.code).toBe(2)
      expect(run.stderr).toContain(
        'error[CLI_USAGE]: chain id 31337 is not Ethereum mainnet and the node does not say which hardfork it runs: pass --hardfork',
      )
    } finally {
      await proxy.close()
    }
  })

  test('error: an --out that holds a pack needs --resume (exit 2)', async () => {
    const run = await runCli(collect(reference, anvil.url))
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(`error[CLI_USAGE]: ${reference} already holds a replay pack`)
  })
})
