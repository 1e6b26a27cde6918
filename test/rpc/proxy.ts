/**
 * Test helper: a fault-injecting JSON-RPC proxy on 127.0.0.1. It accepts any path (so URLs can
 * carry a sentinel API key), forwards POST bodies to `target`, and injects faults either from a
 * fixed script (one behaviour per request, in order) or from a seeded PRNG (bounded: at most
 * `maxFaults` in all and never more than `maxInARow` in a row, so a client with enough retries
 * always gets through).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export const faultKinds = [
  'drop',
  '429',
  '429-retry-after',
  '500',
  '503',
  'truncate',
  'delay',
] as const
export type Behaviour = 'pass' | (typeof faultKinds)[number] | '401' | 'method-missing' | 'hang'

export type ProxyOptions = {
  /** Upstream node; without one, passing requests get `{"result":"0x1"}`. */
  readonly target?: string
  readonly script?: readonly Behaviour[]
  readonly random?: {
    readonly seed: number
    readonly rate: number
    readonly maxFaults: number
    readonly maxInARow: number
  }
  /** Behaviour for every request whose JSON-RPC method starts with this prefix. */
  readonly byMethod?: { readonly prefix: string; readonly behaviour: Behaviour }
  /** Behaviour for the requests this picks (by method and params); undefined = the other rules. */
  readonly byRequest?: (method: string, params: readonly unknown[]) => Behaviour | undefined
  /** Delay (ms) for `delay` faults and for every request when `slowMs` is set. */
  readonly delayMs?: number
  readonly slowMs?: number
}

export type FaultProxy = {
  readonly port: number
  readonly base: string
  readonly counts: Record<string, number>
  readonly close: () => Promise<void>
}

/** Starts the proxy on a free port. */
export async function startProxy(options: ProxyOptions): Promise<FaultProxy> {
  const counts: Record<string, number> = {}
  const script = [...(options.script ?? [])]
  let state = (options.random?.seed ?? 1) >>> 0 || 1
  let faults = 0
  let inARow = 0
  const rand = (): number => {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    state >>>= 0
    return state / 0x1_0000_0000
  }
  const pick = (method: string, params: readonly unknown[]): Behaviour => {
    const chosen = options.byRequest?.(method, params)
    if (chosen !== undefined) return chosen
    if (options.byMethod && method.startsWith(options.byMethod.prefix))
      return options.byMethod.behaviour
    const scripted = script.shift()
    if (scripted !== undefined) return scripted
    const r = options.random
    if (!r || faults >= r.maxFaults || inARow >= r.maxInARow || rand() >= r.rate) {
      inARow = 0
      return 'pass'
    }
    faults++
    inARow++
    return faultKinds[Math.floor(rand() * faultKinds.length)] ?? 'drop'
  }
  const server = createServer((req, res) => {
    void handle(req, res)
  })
  const sockets = new Set<import('node:net').Socket>()
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks).toString('utf8')
    let method = ''
    let id: unknown = 1
    let params: readonly unknown[] = []
    try {
      const parsed = JSON.parse(body) as { method?: string; id?: unknown; params?: unknown }
      method = parsed.method ?? ''
      id = parsed.id ?? 1
      if (Array.isArray(parsed.params)) params = parsed.params
    } catch {}
    const behaviour = pick(method, params)
    counts[behaviour] = (counts[behaviour] ?? 0) + 1
    if (options.slowMs) await sleep(options.slowMs)
    const json = (status: number, text: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, {
        'content-type': status >= 500 ? 'text/plain' : 'application/json',
        ...headers,
      })
      res.end(text)
    }
    switch (behaviour) {
      case 'drop':
        req.socket.destroy()
        return
      case 'hang':
        return
      case '429':
        return json(
          429,
          JSON.stringify({ jsonrpc: '2.0', id, error: { code: -32005, message: 'rate limited' } }),
        )
      case '429-retry-after':
        return json(429, '{"error":"too many requests"}', { 'retry-after': '0' })
      case '500':
        return json(500, 'internal server error')
      case '503':
        return json(503, 'unavailable')
      case '401':
        return json(401, '{"error":"invalid api key SENTINELKEY123 for this endpoint"}')
      case 'method-missing':
        return json(
          200,
          JSON.stringify({
            jsonrpc: '2.0',
            id,
            error: {
              code: -32601,
              message: `the method ${method} does not exist/is not available`,
            },
          }),
        )
      case 'delay':
        await sleep(options.delayMs ?? 50)
        break
      default:
        break
    }
    const upstream = await forward(body)
    if (behaviour === 'truncate')
      return json(200, upstream.slice(0, Math.floor(upstream.length / 2)))
    json(200, upstream)
  }

  async function forward(body: string): Promise<string> {
    if (!options.target) return JSON.stringify({ jsonrpc: '2.0', id: 1, result: '0x1' })
    const response = await fetch(options.target, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(20_000),
    })
    return response.text()
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
