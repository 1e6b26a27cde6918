/**
 * Against an anvil started WITHOUT `--steps-tracing`, which answers `structLogs: []` for every
 * transaction, contract calls included: the capability check and the collector must not take
 * that for "no storage accesses". Also: a block past the chain head.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import * as Dir from '../../src/trace/Dir.ts'
import { type Anvil, buildScenario, call, type Scenario, send, startAnvil } from './anvil.ts'
import { runCli } from './helpers.ts'
import { type FaultProxy, startProxy } from './proxy.ts'

let anvil: Anvil
let scenario: Scenario
let transferBlock: number
let tmp: string

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'anvil-no-steps-'))
  anvil = await startAnvil({ stepsTracing: false })
  scenario = await buildScenario(anvil.url)
  const [a0, a1] = scenario.accounts as [string, string]
  await send(anvil.url, { from: a0, to: a1, value: '0x1', gas: '0x5208' })
  transferBlock = Number(await call(anvil.url, 'eth_blockNumber', []))
})

afterAll(async () => {
  await anvil?.stop()
  rmSync(tmp, { recursive: true, force: true })
})

const collect = (tracer: string, block: number, out: string, url: string) => [
  'collect-block-range',
  '--chain',
  'anvil',
  '--start-block',
  String(block),
  '--end-block',
  String(block),
  '--tracer',
  tracer,
  '--out',
  out,
  '--rpc-url',
  url,
  '--retries',
  '0',
]

describe('struct logs on anvil without --steps-tracing', () => {
  test('behavior: rpc-capability-check probes with a tx that runs code and reports struct logs unusable', async () => {
    const run = await runCli([
      'rpc-capability-check',
      '--chain',
      'anvil',
      '--block',
      String(scenario.contended),
      '--rpc-url',
      anvil.url,
    ])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const lines = run.stdout.trimEnd().split('\n')
    expect(lines[0]).toBe(
      `rpc capability anvil block ${scenario.contended} status=ok txs=5 receipts=true js_tracer=true struct_logs=false prestate=true block_trace=true tracer=prestate bal=false`,
    )
    expect(lines.slice(1)).toHaveLength(1)
    expect(lines[1]).toMatch(
      /^capability warning: structLogs debug_traceTransaction returned no steps for 0x[0-9a-f]{64}, which runs contract code \(anvil records struct-log steps only when started with --steps-tracing\)$/,
    )
  })

  test('error: --tracer struct-logs fails on the first code-running tx and writes no block file', async () => {
    const out = join(tmp, 'struct')
    const run = await runCli(collect('struct-logs', scenario.contended, out, anvil.url))
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(
      `error[RPC_METHOD_UNSUPPORTED]: block ${scenario.contended} tx_index 0: the node returned no struct-log steps for a transaction that runs contract code (${scenario.tokenA.toLowerCase()})`,
    )
    expect(run.stderr).toContain(
      'anvil records struct-log steps only when started with --steps-tracing',
    )
    expect(existsSync(Dir.blockPath(out, scenario.contended))).toBe(false)
  })

  test('behavior: empty struct logs of a plain ETH transfer are correct: 0 accesses, exit 0', async () => {
    const out = join(tmp, 'transfer')
    const run = await runCli(collect('struct-logs', transferBlock, out, anvil.url))
    expect(run.stderr).not.toContain('error')
    expect(run.code).toBe(0)
    const block = Dir.read(out).blocks[0]
    expect(block?.transactions).toHaveLength(1)
    expect(block?.transactions[0]?.accesses).toEqual([])
  })

  test('behavior: --tracer auto does not choose struct logs that come back empty for code', async () => {
    // The provider refuses every tracer but the struct logger, which is the one left to auto.
    const proxy: FaultProxy = await startProxy({
      target: anvil.url,
      byRequest: (method, params) => {
        const config = params[1] as { tracer?: unknown } | undefined
        return method.startsWith('debug_') && config?.tracer !== undefined
          ? 'method-missing'
          : undefined
      },
    })
    try {
      const out = join(tmp, 'auto')
      const run = await runCli(collect('auto', scenario.contended, out, proxy.base))
      expect(run.code).toBe(1)
      expect(run.stderr).toContain(
        'error[RPC_METHOD_UNSUPPORTED]: no supported tracer: the provider refused every tracing method',
      )
      expect(run.stderr).toMatch(
        /struct-logs: structLogs debug_traceTransaction returned no steps for 0x[0-9a-f]{64}, which runs contract code/,
      )
      expect(existsSync(Dir.blockPath(out, scenario.contended))).toBe(false)
    } finally {
      await proxy.close()
    }
  })
})

describe('rpc-capability-check past the chain head', () => {
  test('error: a block that does not exist yet exits 1 and says so', async () => {
    const head = Number(await call(anvil.url, 'eth_blockNumber', []))
    const block = head + 1000
    const run = await runCli([
      'rpc-capability-check',
      '--chain',
      'anvil',
      '--block',
      String(block),
      '--rpc-url',
      anvil.url,
    ])
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toBe(
      `error[RPC_REQUEST_FAILED]: block ${block} does not exist yet on anvil: the chain head is block ${head}\n` +
        `  probe a block at or below ${head}\n`,
    )
  })
})
