/**
 * JSON-RPC requests over a viem transport (`http` for real nodes, `custom` for recorded fixtures),
 * with our own retry policy: transient faults (timeouts, resets, 429, 5xx, malformed bodies) are
 * retried with exponential backoff and seeded jitter; permanent ones (method missing, invalid
 * params, unsupported tracer, 4xx) fail at once. Every surfaced message is redacted.
 */
import { type Transport, http as viemHttp } from 'viem'
import { BaseError } from '../primitives/Errors.ts'
import * as Redact from './Redact.ts'

/** The one thing the collector needs from a node. */
export type Rpc = {
  readonly request: (method: string, params: readonly unknown[]) => Promise<unknown>
}

/** Retry and timing options. */
export type Options = {
  /** Attempts after the first one for transient faults. Default 5. */
  readonly retries?: number
  /** Base backoff delay in ms (doubled per attempt, plus up to 100% jitter). Default 200. */
  readonly retryDelayMs?: number
  /** Largest single backoff in ms, Retry-After included. Default 10 000. */
  readonly maxDelayMs?: number
  /** Seed of the jitter PRNG. Default 1. */
  readonly seed?: number
  /** Sleep function (injected in tests). */
  readonly sleep?: (ms: number) => Promise<void>
  /** Redactor for messages (default: `Redact.forUrl` of the transport's URL). */
  readonly redact?: (text: string) => string
  /** Called before each retry (progress / logging); the message is already redacted. */
  readonly onRetry?: (info: {
    method: string
    attempt: number
    delayMs: number
    reason: string
  }) => void
}

/** A viem http transport with no retries of its own (ours classify faults). */
export function http(url: string, options: { timeoutMs?: number } = {}): Transport {
  return viemHttp(url, { retryCount: 0, timeout: options.timeoutMs ?? 30_000 })
}

/** Wraps a viem transport into an `Rpc` with the retry policy. */
export function create(transport: Transport, options: Options = {}): Rpc {
  const {
    retries = 5,
    retryDelayMs = 200,
    maxDelayMs = 10_000,
    seed = 1,
    sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    onRetry,
  } = options
  const { request, value } = transport({ retryCount: 0 })
  // Without an explicit redactor, the transport's own URL (viem's http transport exposes it) is
  // what must never be printed.
  const own = (value as { readonly url?: unknown } | undefined)?.url
  const redact = options.redact ?? Redact.forUrl(typeof own === 'string' ? own : undefined)
  let state = seed >>> 0 || 1
  const jitter = (): number => {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    state >>>= 0
    return state / 0x1_0000_0000
  }
  return {
    async request(method, params) {
      for (let attempt = 0; ; attempt++) {
        try {
          return await request({ method, params: [...params] } as never)
        } catch (err) {
          const fault = classify(err, redact)
          if (fault.kind === 'permanent' || attempt >= retries)
            throw toError(method, fault, attempt)
          const backoff = retryDelayMs * 2 ** attempt * (1 + jitter())
          const delayMs = Math.min(maxDelayMs, Math.max(fault.retryAfterMs ?? 0, backoff))
          onRetry?.({ method, attempt: attempt + 1, delayMs, reason: fault.message })
          await sleep(delayMs)
        }
      }
    },
  }
}

/** How a failed request is handled. */
export type Fault = {
  readonly kind: 'transient' | 'permanent'
  /** JSON-RPC error code or HTTP status, when known. */
  readonly code: number | null
  readonly message: string
  readonly retryAfterMs: number | null
}

/** Classifies any error thrown by a viem transport; the message is redacted. */
export function classify(err: unknown, redact: (text: string) => string): Fault {
  const rpc = findRpcError(err)
  if (rpc !== null) {
    const message = redact(`code ${rpc.code}: ${rpc.message}`)
    const transient =
      rpc.code === -32005 || /rate.?limit|timeout|timed out|busy|try again/i.test(rpc.message)
    if (rpc.status !== null && (rpc.status === 429 || rpc.status >= 500) && rpc.code !== -32601)
      return { kind: 'transient', code: rpc.code, message, retryAfterMs: rpc.retryAfterMs }
    return {
      kind: transient ? 'transient' : 'permanent',
      code: rpc.code,
      message,
      retryAfterMs: null,
    }
  }
  const httpErr = findHttpError(err)
  if (httpErr !== null) {
    const { status } = httpErr
    if (status === null) {
      return { kind: 'transient', code: null, message: redact(httpErr.message), retryAfterMs: null }
    }
    const kind = status === 429 || status === 408 || status >= 500 ? 'transient' : 'permanent'
    return {
      kind,
      code: status,
      message: redact(`HTTP ${status}`),
      retryAfterMs: httpErr.retryAfterMs,
    }
  }
  const name = err instanceof Error ? err.name : ''
  const text = redact(err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err))
  if (name === 'TimeoutError')
    return { kind: 'transient', code: null, message: 'request timed out', retryAfterMs: null }
  return { kind: 'transient', code: null, message: text, retryAfterMs: null }
}

type RpcFound = {
  code: number
  message: string
  status: number | null
  retryAfterMs: number | null
}
type HttpFound = { status: number | null; message: string; retryAfterMs: number | null }

function findRpcError(err: unknown): RpcFound | null {
  for (let e: unknown = err, i = 0; e instanceof Error && i < 10; e = e.cause, i++) {
    if (e.name === 'RpcRequestError') {
      const r = e as Error & {
        code?: unknown
        details?: unknown
        status?: unknown
        headers?: unknown
      }
      return {
        code: typeof r.code === 'number' ? r.code : 0,
        message: typeof r.details === 'string' ? r.details : r.message,
        status: typeof r.status === 'number' ? r.status : null,
        retryAfterMs: retryAfter(r.headers),
      }
    }
  }
  // Custom transports throw plain `{code, message}` objects that viem wraps in an RpcError.
  for (let e: unknown = err, i = 0; e instanceof Error && i < 10; e = e.cause, i++) {
    const c = e.cause
    if (c && typeof c === 'object' && !(c instanceof Error) && 'code' in c && 'message' in c) {
      const { code, message } = c as { code: unknown; message: unknown }
      if (typeof code === 'number')
        return { code, message: String(message), status: null, retryAfterMs: null }
    }
  }
  return null
}

function findHttpError(err: unknown): HttpFound | null {
  for (let e: unknown = err, i = 0; e instanceof Error && i < 10; e = e.cause, i++) {
    if (e.name === 'HttpRequestError') {
      const h = e as Error & { status?: unknown; headers?: unknown; cause?: unknown }
      const cause = h.cause instanceof Error ? h.cause : null
      const detail = cause === null ? 'HTTP request failed' : describeCause(cause)
      return {
        status: typeof h.status === 'number' ? h.status : null,
        message: detail,
        retryAfterMs: retryAfter(h.headers),
      }
    }
  }
  return null
}

function describeCause(cause: Error): string {
  if (cause.name === 'SyntaxError') return 'malformed JSON response'
  const head = cause.message.split('\n')[0] ?? 'request failed'
  const inner = cause.cause
  if (!(inner instanceof Error)) return head
  const code = 'code' in inner && typeof inner.code === 'string' ? inner.code : null
  return `${head} (${code ?? inner.message.split('\n')[0]})`
}

function retryAfter(headers: unknown): number | null {
  if (!(headers instanceof Headers)) return null
  const value = headers.get('Retry-After')
  if (value === null) return null
  const seconds = Number(value)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
  return null
}

function toError(method: string, fault: Fault, attempt: number): RpcError {
  const tries = attempt > 0 ? ` after ${attempt + 1} attempts` : ''
  if (fault.kind === 'permanent') {
    const unsupported =
      fault.code === -32601 ||
      fault.code === -32602 ||
      /not (found|supported|available)|unsupported|unknown tracer/i.test(fault.message)
    return new RpcError(`RPC call ${method} returned error: ${fault.message}`, {
      code: unsupported ? 'RPC_METHOD_UNSUPPORTED' : 'RPC_REQUEST_FAILED',
      method,
      fault,
    })
  }
  return new RpcError(`RPC call ${method} failed${tries}: ${fault.message}`, {
    code: 'RPC_REQUEST_FAILED',
    method,
    fault,
  })
}

/** A failed JSON-RPC request; the message is redacted and the raw transport error is not kept. */
export class RpcError extends BaseError {
  override name = 'Transport.RpcError'
  readonly method: string
  readonly fault: Fault
  constructor(
    message: string,
    options: {
      code: 'RPC_REQUEST_FAILED' | 'RPC_METHOD_UNSUPPORTED'
      method: string
      fault: Fault
    },
  ) {
    super(message, { code: options.code })
    this.method = options.method
    this.fault = options.fault
  }
}
