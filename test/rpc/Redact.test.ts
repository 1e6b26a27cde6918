import { fc, test as propTest } from '@fast-check/vitest'
import { describe, expect, test } from 'vitest'
import * as Redact from '../../src/rpc/Redact.ts'
import * as Url from '../../src/rpc/Url.ts'

describe('redact', () => {
  test('default', () => {
    expect(Redact.redact('HTTP request failed. URL: https://node.example/v3/abc123 "x"')).toBe(
      'HTTP request failed. URL: <redacted-rpc-url> "x"',
    )
  })

  test('behavior: bearer tokens and key= secrets', () => {
    expect(Redact.redact('Authorization: Bearer tok.en-1, next')).toBe(
      'Authorization: Bearer <redacted-bearer-token>, next',
    )
    expect(Redact.redact("q?apikey=S1&token=S2 api_key=S3 access_token=S4'x key=S5")).toBe(
      "q?apikey=<redacted-secret>&token=<redacted-secret> api_key=<redacted-secret> access_token=<redacted-secret>'x key=<redacted-secret>",
    )
  })

  test('options: known secrets are scrubbed even without a scheme', () => {
    const url = 'http://127.0.0.1:8545/v1/SENTINELKEY123?apikey=SENTINELKEY123'
    const redact = Redact.forUrl(url)
    expect(redact('invalid api key SENTINELKEY123 for path /v1/SENTINELKEY123')).toBe(
      'invalid api key <redacted-rpc-url> for path /v1/<redacted-rpc-url>',
    )
    expect(redact(`connect ECONNREFUSED ${url}`)).toBe('connect ECONNREFUSED <redacted-rpc-url>')
  })

  test('behavior: markers in any case, keys in a subdomain', () => {
    expect(Redact.redact('q?apiKey=S1&API_KEY=S2 Token=S3')).toBe(
      'q?apiKey=<redacted-secret>&API_KEY=<redacted-secret> Token=<redacted-secret>',
    )
    const url = 'https://ab12cd34ef.node-provider.example/'
    expect(
      Redact.forUrl(url)('getaddrinfo ENOTFOUND ab12cd34ef.node-provider.example'),
    ).not.toContain('ab12cd34ef')
  })

  propTest.prop([fc.stringMatching(/^[A-Za-z0-9]{6,20}$/), fc.string({ maxLength: 20 })], {
    seed: 7,
    numRuns: 200,
  })('behavior: the key never survives in any surrounding text', (key, noise) => {
    const url = `https://rpc.example/v2/${key}`
    const text = `${noise} ${url} ${noise}${key}${noise}`
    expect(Redact.forUrl(url)(text)).not.toContain(key)
  })
})

describe('Url.resolve', () => {
  test('default', () => {
    expect(Url.resolve('c', 'ethereum', 'http://flag', { ETH_RPC_URL: 'http://env' })).toBe(
      'http://flag',
    )
  })

  test('behavior: precedence flag → chain env → ETH_RPC_URL', () => {
    expect(
      Url.resolve('c', 'base', undefined, { BASE_RPC_URL: 'http://b', ETH_RPC_URL: 'http://e' }),
    ).toBe('http://b')
    expect(Url.resolve('c', 'base', undefined, { ETH_RPC_URL: 'http://e' })).toBe('http://e')
    expect(
      Url.resolve('c', 'Base', undefined, { BASE_RPC_URL: 'http://b', ETH_RPC_URL: 'http://e' }),
    ).toBe('http://e')
  })

  test('error: missing URL names the variables, never a URL', () => {
    expect(() => Url.resolve('collect-block-range', 'base', undefined, {})).toThrow(
      'missing RPC URL for collect-block-range: pass --rpc-url or set BASE_RPC_URL (or ETH_RPC_URL, its fallback)',
    )
  })

  test('error: a chain without its own variable names ETH_RPC_URL once', () => {
    let message = ''
    try {
      Url.resolve('collect-block-range', 'mainnet', undefined, {})
    } catch (err) {
      message = (err as Error).message
    }
    expect(message).toBe(
      'missing RPC URL for collect-block-range: pass --rpc-url or set ETH_RPC_URL',
    )
  })

  test('error: a non-http URL is refused without echoing it', () => {
    let message = ''
    try {
      Url.resolve('c', 'x', 'wss://host/SECRETKEY', {})
    } catch (err) {
      message = (err as Error).message
    }
    expect(message).toBe('the RPC URL must use http or https (got scheme "wss:")')
  })
})
