import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type Anvil, buildScenario, type Scenario, startAnvil } from '../rpc/anvil.ts'
import { runCli, spawnCliDone } from '../rpc/helpers.ts'
import { type FaultProxy, startProxy } from '../rpc/proxy.ts'

const SENTINEL = 'SENTINELKEY123'
let anvil: Anvil
let proxy: FaultProxy
let scenario: Scenario
let tmp: string

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'h5-cap-'))
  anvil = await startAnvil()
  scenario = await buildScenario(anvil.url)
  proxy = await startProxy({ target: anvil.url })
})

afterAll(async () => {
  await proxy?.close()
  await anvil?.stop()
  rmSync(tmp, { recursive: true, force: true })
})

describe('rpc-capability-check', () => {
  test('default', async () => {
    const out = join(tmp, 'report.json')
    const url = `${proxy.base}/v1/${SENTINEL}?apikey=${SENTINEL}`
    const run = await spawnCliDone(
      [
        'rpc-capability-check',
        '--chain',
        'base',
        '--block',
        String(scenario.contended),
        '--out',
        out,
      ],
      { BASE_RPC_URL: url },
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toBe(
      `rpc capability base block ${scenario.contended} status=ok txs=5 receipts=true js_tracer=true struct_logs=true prestate=true block_trace=true tracer=prestate bal=false\n`,
    )
    const text = readFileSync(out, 'utf8')
    expect(text).not.toContain(SENTINEL)
    expect(text.endsWith('\n')).toBe(false)
    expect(JSON.parse(text)).toMatchObject({
      report_version: 'rpc-capability-v1',
      chain: 'base',
      block: scenario.contended,
      block_available: true,
      tx_count: 5,
      status: 'ok',
      failures: [],
    })
  })

  test('behavior: a block with no transactions is unsupported, exit 0', async () => {
    const run = await runCli([
      'rpc-capability-check',
      '--chain',
      'anvil',
      '--block',
      String(scenario.empty),
      '--rpc-url',
      anvil.url,
    ])
    expect(run.code).toBe(0)
    expect(run.stdout).toBe(
      `rpc capability anvil block ${scenario.empty} status=unsupported txs=0 receipts=false js_tracer=false struct_logs=false prestate=false block_trace=false tracer=none bal=false\n` +
        'capability warning: block has no transactions to trace\n',
    )
  })

  test('error: no URL (exit 2), no http in the message', async () => {
    const run = await spawnCliDone(['rpc-capability-check', '--chain', 'base', '--block', '1'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(
      'missing RPC URL for rpc-capability-check: pass --rpc-url or set BASE_RPC_URL (or ETH_RPC_URL, its fallback)',
    )
    expect(run.stderr).not.toContain('http')
    expect(run.stdout).toBe('')
  })
})
