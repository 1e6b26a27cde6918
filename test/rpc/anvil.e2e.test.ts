import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { encodeAbiParameters, keccak256 } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import * as Dir from '../../src/trace/Dir.ts'
import type * as TracePack from '../../src/trace/TracePack.ts'
import { type Anvil, buildScenario, freePort, type Scenario, startAnvil } from './anvil.ts'
import { conflictPairs, filesOf, runCli, stateKey, storageKey } from './helpers.ts'
import { type FaultProxy, startProxy } from './proxy.ts'

const SENTINEL = 'SENTINELKEY123'
const keyed = (base: string) => `${base}/v1/${SENTINEL}?apikey=${SENTINEL}`

let anvil: Anvil
let scenario: Scenario
let clean: FaultProxy
let tmp: string
const packs: Record<string, TracePack.TracePack> = {}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'h5-anvil-'))
  anvil = await startAnvil()
  scenario = await buildScenario(anvil.url)
  clean = await startProxy({ target: anvil.url })
})

afterAll(async () => {
  await clean?.close()
  await anvil?.stop()
  rmSync(tmp, { recursive: true, force: true })
})

function collectArgs(
  tracer: string,
  out: string,
  url: string,
  extra: readonly string[] = [],
): string[] {
  return [
    'collect-block-range',
    '--chain',
    'anvil',
    '--start-block',
    '1',
    '--end-block',
    String(scenario.empty),
    '--tracer',
    tracer,
    '--out',
    out,
    '--rpc-url',
    url,
    ...extra,
  ]
}

function noSecret(...texts: readonly string[]): void {
  for (const text of texts) expect(text).not.toContain(SENTINEL)
}

describe('collect-block-range against anvil', () => {
  test.each(['geth-js-storage', 'prestate', 'struct-logs'])(
    'behavior: %s collects a valid pack',
    async (tracer) => {
      const out = join(tmp, tracer)
      const run = await runCli(collectArgs(tracer, out, keyed(clean.base)))
      expect(run.stderr).not.toContain('error')
      expect(run.code).toBe(0)
      expect(run.stdout).toContain(
        `wrote trace pack for anvil blocks 1-${scenario.empty} to ${out}`,
      )
      packs[tracer] = Dir.read(out)
      noSecret(run.stdout, run.stderr, ...Object.values(filesOf(out)))
    },
  )

  test('behavior: storage conflict pairs agree across tracers and match the scenario', () => {
    const [a0] = scenario.accounts
    // UniswapV2ERC20: balanceOf is the mapping at slot 1 → keccak256(abi.encode(holder, 1))
    const a0Slot = keccak256(
      encodeAbiParameters([{ type: 'address' }, { type: 'uint256' }], [a0 as `0x${string}`, 1n]),
    )
    for (const tracer of ['geth-js-storage', 'prestate', 'struct-logs']) {
      const pack = packs[tracer] as TracePack.TracePack
      const block = pack.blocks.find((b) => b.blockNumber === scenario.contended) as TracePack.Block
      const senders = block.transactions.filter((t) => t.from === a0).map((t) => t.txIndex)
      expect(senders).toHaveLength(3)
      const expected = [
        `${senders[0]}-${senders[1]}`,
        `${senders[0]}-${senders[2]}`,
        `${senders[1]}-${senders[2]}`,
      ]
      expect(conflictPairs(block, storageKey), tracer).toEqual(expected)
      for (const i of senders) {
        const tx = block.transactions[i] as TracePack.Tx
        expect(
          tx.accesses.some(
            (a) => a.address === scenario.tokenA && a.slot === a0Slot && a.kind === 'write',
          ),
        ).toBe(true)
      }
    }
    const storagePairs = (tracer: string) =>
      (packs[tracer] as TracePack.TracePack).blocks.map((b) => [
        b.blockNumber,
        conflictPairs(b, storageKey),
      ])
    expect(storagePairs('geth-js-storage')).toEqual(storagePairs('struct-logs'))
    expect(storagePairs('prestate')).toEqual(storagePairs('struct-logs'))
  })

  test('behavior: prestate adds account-level keys and FEE_CREDIT on every tx', () => {
    const pack = packs.prestate as TracePack.TracePack
    const block = pack.blocks.find((b) => b.blockNumber === scenario.contended) as TracePack.Block
    const a0 = scenario.accounts[0]
    for (const tx of block.transactions) {
      const fee = tx.accesses.filter((a) => a.op === 'FEE_CREDIT')
      expect(fee).toEqual([
        {
          address: '0x0000000000000000000000000000000000000000',
          slot: null,
          kind: 'write',
          op: 'FEE_CREDIT',
          pc: null,
          depth: null,
          gasRemaining: null,
        },
      ])
      expect(
        tx.accesses.some((a) => a.address === tx.from && a.op === 'NONCE' && a.kind === 'write'),
      ).toBe(true)
    }
    const senders = block.transactions.filter((t) => t.from === a0).map((t) => t.txIndex)
    // account keys (a0's balance and nonce) give the same pairs as storage; FEE_CREDIT is excluded
    expect(conflictPairs(block, stateKey)).toEqual(conflictPairs(block, storageKey))
    expect(conflictPairs(block, stateKey)).toHaveLength(senders.length)
    const withFee = conflictPairs(block, (a) =>
      a.op === 'FEE_CREDIT' ? `fee:${a.address}` : stateKey(a),
    )
    expect(withFee).toHaveLength((block.txCount * (block.txCount - 1)) / 2)
  })

  test('behavior: the reverted tx keeps its status and a tracer warning', () => {
    for (const [tracer, warning] of [
      ['geth-js-storage', 'debug tracer reported 1 fault(s)'],
      ['struct-logs', 'struct logger reports the transaction failed'],
    ] as const) {
      const block = (packs[tracer] as TracePack.TracePack).blocks.find(
        (b) => b.blockNumber === scenario.failing,
      )
      expect(block?.transactions[0]?.status).toBe('0x0')
      expect(block?.transactions[0]?.warnings).toContain(warning)
    }
  })

  test('behavior: faults injected by the proxy do not change the pack', async () => {
    const faulty = await startProxy({
      target: anvil.url,
      random: { seed: 42, rate: 0.35, maxFaults: 40, maxInARow: 2 },
      delayMs: 30,
    })
    try {
      const out = join(tmp, 'faulty')
      const run = await runCli(
        collectArgs('prestate', out, keyed(faulty.base), [
          '--retries',
          '4',
          '--retry-delay-ms',
          '5',
        ]),
      )
      expect(run.code).toBe(0)
      const injected = Object.entries(faulty.counts).filter(([k]) => k !== 'pass')
      expect(injected.length).toBeGreaterThanOrEqual(4)
      expect(filesOf(out)).toEqual(filesOf(join(tmp, 'prestate')))
      noSecret(run.stdout, run.stderr)
    } finally {
      await faulty.close()
    }
  })

  test('behavior: the pack does not depend on --concurrency', async () => {
    const out = join(tmp, 'serial')
    const run = await runCli(
      collectArgs('geth-js-storage', out, keyed(clean.base), ['--concurrency', '1']),
    )
    expect(run.code).toBe(0)
    expect(filesOf(out)).toEqual(filesOf(join(tmp, 'geth-js-storage')))
  })

  test('behavior: auto picks prestate on anvil', async () => {
    const out = join(tmp, 'auto')
    const run = await runCli(collectArgs('auto', out, keyed(clean.base)))
    expect(run.code).toBe(0)
    expect(filesOf(out)).toEqual(filesOf(join(tmp, 'prestate')))
  })

  test('options: --dry-run lists blocks and writes nothing', async () => {
    const out = join(tmp, 'dry')
    const run = await runCli(collectArgs('auto', out, keyed(clean.base), ['--dry-run']))
    expect(run.code).toBe(0)
    const lines = run.stdout.trim().split('\n')
    expect(lines).toHaveLength(scenario.empty)
    expect(lines[scenario.contended - 1]).toMatch(
      new RegExp(`^dry-run anvil block ${scenario.contended} hash=0x[0-9a-f]{64} txs=5$`),
    )
    expect(lines[scenario.empty - 1]).toMatch(/ txs=0$/)
    expect(filesOf(out)).toEqual({})
  })

  test('error: --dry-run past the chain head', async () => {
    const beyond = String(scenario.empty + 1)
    const run = await runCli([
      ...collectArgs('auto', join(tmp, 'dry2'), keyed(clean.base), ['--dry-run']),
      '--end-block',
      beyond,
    ])
    expect(run.code).toBe(1)
    expect(run.stderr).toBe(
      `error[RPC_REQUEST_FAILED]: dry-run anvil block ${beyond} returned null\n`,
    )
  })

  test.each([
    [
      'a closed port',
      'closed',
      'RPC call eth_getBlockByNumber failed after 2 attempts: fetch failed (ECONNREFUSED)',
    ],
    ['HTTP 401', '401', 'RPC call eth_getBlockByNumber returned error: HTTP 401'],
    [
      'debug methods missing',
      'method-missing',
      'the provider does not support debug_traceTransaction with a custom JavaScript tracer',
    ],
  ] as const)('error: %s fails with exit 1 and never shows the key', async (_, mode, message) => {
    const proxy =
      mode === 'closed'
        ? null
        : await startProxy(
            mode === '401'
              ? { byMethod: { prefix: '', behaviour: '401' } }
              : { target: anvil.url, byMethod: { prefix: 'debug_', behaviour: 'method-missing' } },
          )
    try {
      const base = proxy?.base ?? `http://127.0.0.1:${await freePort()}`
      const out = join(tmp, `err-${mode}`)
      const run = await runCli(
        collectArgs('geth-js-storage', out, keyed(base), [
          '--retries',
          '1',
          '--retry-delay-ms',
          '1',
          '--debug',
        ]),
      )
      expect(run.code).toBe(1)
      expect(run.stderr).toContain(message)
      noSecret(run.stdout, run.stderr, ...Object.values(filesOf(out)))
      expect(run.stderr).not.toContain('127.0.0.1')
    } finally {
      await proxy?.close()
    }
  })
})

describe('rpc-capability-check against anvil', () => {
  test('default', async () => {
    const out = join(tmp, 'capability.json')
    const run = await runCli([
      'rpc-capability-check',
      '--chain',
      'anvil',
      '--block',
      String(scenario.contended),
      '--rpc-url',
      keyed(clean.base),
      '--out',
      out,
    ])
    expect(run.code).toBe(0)
    expect(run.stdout).toBe(
      `rpc capability anvil block ${scenario.contended} status=ok txs=5 receipts=true js_tracer=true struct_logs=true prestate=true block_trace=true tracer=prestate bal=false\n`,
    )
    const report = JSON.parse(filesOf(tmp)['capability.json'] ?? '{}') as Record<string, unknown>
    expect(Object.keys(report)).toEqual([
      'report_version',
      'chain',
      'block',
      'block_available',
      'block_hash',
      'tx_count',
      'sample_tx_hash',
      'receipt_available',
      'debug_trace_transaction_available',
      'custom_js_tracer_available',
      'struct_logs_available',
      'status',
      'failures',
      'chain_id',
      'prestate_tracer_available',
      'prestate_diff_available',
      'debug_trace_block_available',
      'recommended_tracer',
      'block_access_list_available',
    ])
    expect(report).toMatchObject({
      status: 'ok',
      chain_id: 31337,
      failures: [],
      recommended_tracer: 'prestate',
      block_access_list_available: false,
    })
  })

  test('behavior: a provider without debug methods is reported, exit 0, key hidden', async () => {
    const proxy = await startProxy({
      target: anvil.url,
      byMethod: { prefix: 'debug_', behaviour: 'method-missing' },
    })
    try {
      const run = await runCli([
        'rpc-capability-check',
        '--chain',
        'anvil',
        '--block',
        String(scenario.contended),
        '--rpc-url',
        keyed(proxy.base),
      ])
      expect(run.code).toBe(0)
      const lines = run.stdout.trim().split('\n')
      expect(lines[0]).toBe(
        `rpc capability anvil block ${scenario.contended} status=unsupported txs=5 receipts=true js_tracer=false struct_logs=false prestate=false block_trace=false tracer=none bal=false`,
      )
      expect(lines.slice(1)).toEqual([
        'capability warning: custom JS debug_traceTransaction: RPC call debug_traceTransaction returned error: code -32601: the method debug_traceTransaction does not exist/is not available',
        'capability warning: structLogs debug_traceTransaction: RPC call debug_traceTransaction returned error: code -32601: the method debug_traceTransaction does not exist/is not available',
        'capability warning: prestateTracer debug_traceTransaction: RPC call debug_traceTransaction returned error: code -32601: the method debug_traceTransaction does not exist/is not available',
        'capability warning: prestateTracer diffMode debug_traceTransaction: RPC call debug_traceTransaction returned error: code -32601: the method debug_traceTransaction does not exist/is not available',
        'capability warning: debug_traceBlockByNumber: RPC call debug_traceBlockByNumber returned error: code -32601: the method debug_traceBlockByNumber does not exist/is not available',
      ])
      noSecret(run.stdout, run.stderr)
    } finally {
      await proxy.close()
    }
  })
})
