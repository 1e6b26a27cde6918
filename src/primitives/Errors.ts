/** Stable error codes: part of the public API (printed by the CLI, present in `--json` output). */
export type ErrorCode =
  | 'CLI_USAGE'
  | 'IO_FAILED'
  | 'JSON_INVALID'
  | 'TRACE_PACK_INVALID'
  | 'TRACE_PACK_NOT_FOUND'
  | 'REPLAY_PACK_INVALID'
  | 'REPLAY_PACK_NOT_FOUND'
  | 'REPLAY_MISMATCH'
  | 'REPLAY_REPORT_INVALID'
  | 'BAL_INVALID'
  | 'FIXTURE_INVALID'
  | 'LABELS_INVALID'
  | 'DOSSIER_INVALID'
  | 'STATE_MISMATCH'
  | 'RPC_REQUEST_FAILED'
  | 'RPC_METHOD_UNSUPPORTED'
  | 'RPC_URL_MISSING'
  | 'EVM_REPLAY_FAILED'
  | 'WORKER_FAILED'
  | 'TABLES_UNAVAILABLE'
  | 'TABLES_NOT_FOUND'
  | 'QUERY_FAILED'
  | 'RANGE_INTERRUPTED'
  | 'RANGE_RESUME_MISMATCH'
  | 'INTERNAL'

export type BaseErrorOptions = {
  readonly code: ErrorCode
  readonly hints?: readonly string[] | undefined
  readonly details?: string | undefined
  readonly cause?: unknown
  /** Exit code the CLI uses when this error escapes: 2 for usage errors, 1 otherwise. */
  readonly exitCode?: 1 | 2 | undefined
}

/** Base class of every error the lab throws (ox/viem shape). */
export class BaseError extends Error {
  override name = 'BaseError'
  readonly code: ErrorCode
  readonly shortMessage: string
  readonly hints: readonly string[]
  readonly details: string | undefined
  readonly exitCode: 1 | 2

  constructor(shortMessage: string, options: BaseErrorOptions) {
    super(shortMessage, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = options.code
    this.shortMessage = shortMessage
    this.hints = options.hints ?? []
    this.details = options.details
    this.exitCode = options.exitCode ?? 1
  }

  /** Walks the cause chain, returning the deepest cause (or the first that matches `fn`). */
  walk(fn?: (err: unknown) => boolean): unknown {
    let current: unknown = this
    for (;;) {
      if (fn?.(current)) return current
      const next = current instanceof Error ? current.cause : undefined
      if (next === undefined) return fn ? null : current
      current = next
    }
  }
}

/** A command-line usage error: bad flag values, unknown names. Exits with code 2. */
export class UsageError extends BaseError {
  override name = 'Errors.UsageError'
  constructor(message: string, options: { hints?: readonly string[] } = {}) {
    super(message, { code: 'CLI_USAGE', exitCode: 2, hints: options.hints })
  }
}

/** Returns a one-line description of any thrown value, never a stack trace. */
export function describe(err: unknown): string {
  if (err instanceof Error) return err.message
  return String(err)
}
