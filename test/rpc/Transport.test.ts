import { afterEach, describe, expect, test } from 'vitest'
import * as Redact from '../../src/rpc/Redact.ts'
import * as Transport from '../../src/rpc/Transport.ts'
import { freePort } from './anvil.ts'
import { type Behaviour, type FaultProxy, startProxy } from './proxy.ts'

const SENTINEL = 'SENTINELKEY123'
let proxy: FaultProxy | undefined

afterEach(async () => {
  await proxy?.close()
  proxy = undefined
})

async function client(
  script: readonly Behaviour[],
  options: Transport.Options & { timeoutMs?: number } = {},
) {
  proxy = await startProxy({ script })
  const url = `${proxy.base}/v1/${SENTINEL}?apikey=${SENTINEL}`
  const delays: number[] = []
  const rpc = Transport.create(Transport.http(url, { timeoutMs: options.timeoutMs ?? 2000 }), {
    retries: 3,
    retryDelayMs: 10,
    sleep: async (ms) => void delays.push(ms),
    redact: Redact.forUrl(url),
    ...options,
  })
  return { rpc, delays, counts: proxy.counts }
}

async function failure(promise: Promise<unknown>): Promise<Transport.RpcError> {
  try {
    await promise
  } catch (err) {
    if (err instanceof Transport.RpcError) return err
    throw err
  }
  throw new Error('expected the request to fail')
}

describe('create', () => {
  test('default', async () => {
    const { rpc, delays } = await client([])
    expect(await rpc.request('eth_chainId', [])).toBe('0x1')
    expect(delays).toEqual([])
  })

  test('behavior: transient faults are retried until the request succeeds', async () => {
    const { rpc, delays, counts } = await client(['drop', '500', 'truncate'])
    expect(await rpc.request('eth_chainId', [])).toBe('0x1')
    expect(counts).toEqual({ drop: 1, '500': 1, truncate: 1, pass: 1 })
    expect(delays).toHaveLength(3)
    // exponential backoff with up to 100% jitter: attempt k waits in [10·2^k, 20·2^k)
    delays.forEach((d, k) => {
      expect(d).toBeGreaterThanOrEqual(10 * 2 ** k)
      expect(d).toBeLessThan(20 * 2 ** k)
    })
  })

  test('behavior: 429 is retried, with and without Retry-After', async () => {
    const { rpc, counts } = await client(['429', '429-retry-after', '503'])
    expect(await rpc.request('eth_chainId', [])).toBe('0x1')
    expect(counts).toEqual({ '429': 1, '429-retry-after': 1, '503': 1, pass: 1 })
  })

  test('behavior: a Retry-After header sets the minimum wait', async () => {
    const fault = Transport.classify(
      Object.assign(new Error('HTTP request failed.'), {
        name: 'HttpRequestError',
        status: 429,
        headers: new Headers({ 'retry-after': '3' }),
      }),
      (t) => t,
    )
    expect(fault).toEqual({ kind: 'transient', code: 429, message: 'HTTP 429', retryAfterMs: 3000 })
  })

  test('behavior: a timeout is transient', async () => {
    const { rpc, counts } = await client(['hang'], { timeoutMs: 200 })
    expect(await rpc.request('eth_chainId', [])).toBe('0x1')
    expect(counts).toEqual({ hang: 1, pass: 1 })
  })

  test('error: retries are bounded', async () => {
    const { rpc, counts } = await client(['500', '500', '500', '500', '500'])
    const err = await failure(rpc.request('eth_chainId', []))
    expect(err.code).toBe('RPC_REQUEST_FAILED')
    expect(err.shortMessage).toBe('RPC call eth_chainId failed after 4 attempts: HTTP 500')
    expect(counts).toEqual({ '500': 4 })
  })

  test('error: 401 fails at once and never shows the key', async () => {
    const { rpc, counts, delays } = await client(['401'])
    const err = await failure(rpc.request('eth_chainId', []))
    expect(err.shortMessage).toBe('RPC call eth_chainId returned error: HTTP 401')
    expect(counts).toEqual({ '401': 1 })
    expect(delays).toEqual([])
  })

  test('error: method not found fails at once as unsupported', async () => {
    const { rpc, counts } = await client(['method-missing'])
    const err = await failure(rpc.request('debug_traceBlockByNumber', ['0x1', {}]))
    expect(err.code).toBe('RPC_METHOD_UNSUPPORTED')
    expect(err.shortMessage).toBe(
      'RPC call debug_traceBlockByNumber returned error: code -32601: the method debug_traceBlockByNumber does not exist/is not available',
    )
    expect(counts).toEqual({ 'method-missing': 1 })
  })

  test('error: a refused connection names no URL', async () => {
    const url = `http://127.0.0.1:${await freePort()}/v1/${SENTINEL}?apikey=${SENTINEL}`
    const rpc = Transport.create(Transport.http(url, { timeoutMs: 1000 }), {
      retries: 1,
      retryDelayMs: 1,
      redact: Redact.forUrl(url),
    })
    const err = await failure(rpc.request('eth_chainId', []))
    expect(err.shortMessage).toBe(
      'RPC call eth_chainId failed after 2 attempts: fetch failed (ECONNREFUSED)',
    )
    expect(err.shortMessage).not.toContain(SENTINEL)
    expect(err.shortMessage).not.toContain('127.0.0.1')
  })

  test("behavior: without an explicit redactor, the transport URL's own secrets are redacted", async () => {
    const url = `http://127.0.0.1:1/v1/${SENTINEL}`
    // A transport whose error echoes the key without a scheme (as some providers' bodies do).
    const echo: Parameters<typeof Transport.create>[0] = (() => ({
      config: { key: 'echo', name: 'echo', request: undefined, retryCount: 0, type: 'echo' },
      request: async () => {
        throw new Error(`invalid api key ${SENTINEL} for this project`)
      },
      value: { url },
    })) as never
    const rpc = Transport.create(echo, { retries: 0 })
    const err = await failure(rpc.request('eth_chainId', []))
    expect(err.shortMessage).toContain('invalid api key')
    expect(err.shortMessage).not.toContain(SENTINEL)
  })
})
