import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type Anvil, buildScenario, type Scenario, startAnvil } from '../rpc/anvil.ts'
import { filesOf, killGroup, runCli, spawnCli, spawnCliDone } from '../rpc/helpers.ts'
import { startProxy } from '../rpc/proxy.ts'

const SENTINEL = 'SENTINELKEY123'
let anvil: Anvil
let scenario: Scenario
let tmp: string
let reference: string

const args = (out: string, extra: readonly string[] = []) => [
  'collect-block-range',
  '--chain',
  'anvil',
  '--start-block',
  '1',
  '--end-block',
  String(scenario.empty),
  '--tracer',
  'prestate',
  '--out',
  out,
  ...extra,
]

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'h5-cli-'))
  anvil = await startAnvil()
  scenario = await buildScenario(anvil.url)
  reference = join(tmp, 'reference')
  const run = await runCli(args(reference, ['--rpc-url', anvil.url]))
  expect(run.code).toBe(0)
})

afterAll(async () => {
  await anvil?.stop()
  rmSync(tmp, { recursive: true, force: true })
})

describe('collect-block-range', () => {
  test('error: no URL fails before any network access (exit 2)', async () => {
    const run = await spawnCliDone(args(join(tmp, 'nourl')))
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(
      'error[RPC_URL_MISSING]: missing RPC URL for collect-block-range: pass --rpc-url or set ETH_RPC_URL\n' +
        '  the URL is never printed or written; keep API keys in the environment variable\n',
    )
    expect(existsSync(join(tmp, 'nourl'))).toBe(false)
  })

  test('error: start after end is a usage error', async () => {
    const run = await runCli([
      'collect-block-range',
      '--chain',
      'x',
      '--start-block',
      '5',
      '--end-block',
      '4',
      '--out',
      join(tmp, 'x'),
    ])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('--start-block must be <= --end-block')
  })

  test('behavior: killed with SIGKILL after the first block file, resumed → byte-identical pack', async () => {
    const slow = await startProxy({ target: anvil.url, slowMs: 40 })
    const out = join(tmp, 'killed')
    const url = `${slow.base}/v1/${SENTINEL}?apikey=${SENTINEL}`
    try {
      const child = spawnCli(args(out), { ETH_RPC_URL: url })
      let output = ''
      child.stdout.on('data', (d) => (output += String(d)))
      child.stderr.on('data', (d) => (output += String(d)))
      const exited = new Promise<void>((resolve) => child.on('close', () => resolve()))
      const firstBlock = join(out, 'blocks', '1.json')
      for (let i = 0; i < 1500 && !existsSync(firstBlock); i++)
        await new Promise((r) => setTimeout(r, 10))
      killGroup(child, 'SIGKILL')
      await exited
      const written = readdirSync(join(out, 'blocks')).filter((n) => /^\d+\.json$/.test(n))
      expect(written.length).toBeGreaterThanOrEqual(1)
      expect(written.length).toBeLessThan(scenario.empty) // really interrupted
      expect(output).not.toContain(SENTINEL)
      const resumed = await spawnCliDone([...args(out), '--resume'], { ETH_RPC_URL: url })
      expect(resumed.stderr).not.toContain('error')
      expect(resumed.code).toBe(0)
      expect(resumed.stdout).toContain('resume: kept existing block file for 1\n')
      expect(resumed.stdout + resumed.stderr).not.toContain(SENTINEL)
      expect(filesOf(out)).toEqual(filesOf(reference))
    } finally {
      await slow.close()
    }
  })

  test('behavior: resume re-collects a damaged block file and removes stale temp files', async () => {
    const out = join(tmp, 'damaged')
    cpSync(reference, out, { recursive: true })
    writeFileSync(join(out, 'blocks', `${scenario.contended}.json`), '{"chain": "anv')
    writeFileSync(join(out, 'blocks', `${scenario.failing}.json.tmp-4242-0a1b2c3d`), 'partial')
    const run = await runCli([...args(out, ['--rpc-url', anvil.url]), '--resume'])
    expect(run.code).toBe(0)
    expect(run.stderr).toContain(`resume: re-collecting block ${scenario.contended}:`)
    expect(run.stdout).toContain(
      `collected 5 transaction(s) for anvil block ${scenario.contended}\n`,
    )
    expect(run.stdout).toContain('resume: kept existing block file for 1\n')
    expect(filesOf(out)).toEqual(filesOf(reference))
  })

  test('error: resume refuses a pack of another chain or range', async () => {
    const out = join(tmp, 'other')
    cpSync(reference, out, { recursive: true })
    const wrongRange = await runCli([
      ...args(out, ['--rpc-url', anvil.url]).map((a) => (a === '1' ? '2' : a)),
      '--resume',
    ])
    expect(wrongRange.code).toBe(1)
    expect(wrongRange.stderr).toContain(
      `error[TRACE_PACK_INVALID]: cannot resume: ${join(out, 'manifest.json')} has start_block 1, expected 2`,
    )
    const wrongChain = await runCli([
      ...args(out, ['--rpc-url', anvil.url]).map((a) => (a === 'anvil' ? 'mainnet' : a)),
      '--resume',
    ])
    expect(wrongChain.code).toBe(1)
    expect(wrongChain.stderr).toContain('has chain "anvil", expected "mainnet"')
    const wrongCap = await runCli([
      ...args(out, ['--rpc-url', anvil.url, '--max-transactions', '2']),
      '--resume',
    ])
    expect(wrongCap.code).toBe(1)
    expect(wrongCap.stderr).toContain('cannot resume:')
    expect(wrongCap.stderr).toContain('has notes [')
    expect(filesOf(out)).toEqual(filesOf(reference))
  })

  test('error: a provider answering 401 (key in the URL) → exit 1, key never shown', async () => {
    const proxy = await startProxy({ byMethod: { prefix: '', behaviour: '401' } })
    try {
      const url = `${proxy.base}/v1/${SENTINEL}?apikey=${SENTINEL}`
      const run = await spawnCliDone([...args(join(tmp, 'unauth')), '--debug'], {
        ETH_RPC_URL: url,
      })
      expect(run.code).toBe(1)
      expect(run.stderr).toContain(
        'error[RPC_REQUEST_FAILED]: RPC call eth_getBlockByNumber returned error: HTTP 401',
      )
      expect(run.stdout + run.stderr).not.toContain(SENTINEL)
      for (const text of Object.values(filesOf(join(tmp, 'unauth'))))
        expect(text).not.toContain(SENTINEL)
    } finally {
      await proxy.close()
    }
  })
})
