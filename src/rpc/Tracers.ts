/**
 * The three collection tracers and how each one's per-transaction result becomes trace-pack
 * accesses: the JavaScript storage tracer (docs/original-lab.md §9.1), the built-in prestateTracer
 * (default + diffMode: storage and account-level keys), and the default struct logger (SLOAD/SSTORE
 * from the stack).
 */
import { BaseError } from '../primitives/Errors.ts'
import { type Access, type AccessKind, accessKinds } from '../trace/TracePack.ts'
import { isRecord, quantity } from './Eth.ts'

/** Tracer names accepted by `--tracer` (besides `auto`). */
export const tracerKinds = ['geth-js-storage', 'prestate', 'struct-logs'] as const
export type TracerKind = (typeof tracerKinds)[number]

/** Order in which `auto` prefers tracers: richest observation first. */
export const autoPreference: readonly TracerKind[] = ['prestate', 'geth-js-storage', 'struct-logs']

/** What to do when a node returns empty struct logs for a transaction that runs code. */
export const EMPTY_STRUCT_LOG_HINTS: readonly string[] = [
  'anvil records struct-log steps only when started with --steps-tracing',
  'collect with --tracer prestate or geth-js-storage instead; rpc-capability-check shows which tracers work',
]

/** What a tracer observed for one transaction. */
export type Observation = {
  readonly accesses: readonly Access[]
  readonly warnings: readonly string[]
}

/** Facts about a transaction the converters need beyond the trace itself. */
export type TxContext = {
  readonly from: string | null
  readonly to: string | null
  /** The block's fee recipient (`miner`); its balance credit becomes a FEE_CREDIT access. */
  readonly coinbase: string | null
  /** The created contract of a top-level creation (receipt `contractAddress`). */
  readonly createdAddress: string | null
}

/** The debug_trace* configs to run for a tracer: one per pass (prestate needs two). */
export function configs(kind: TracerKind, jsTracer: string): readonly Record<string, unknown>[] {
  if (kind === 'geth-js-storage') return [{ tracer: jsTracer, timeout: '20s' }]
  if (kind === 'prestate') {
    return [
      { tracer: 'prestateTracer', timeout: '20s' },
      { tracer: 'prestateTracer', timeout: '20s', tracerConfig: { diffMode: true } },
    ]
  }
  return [{ disableMemory: true, disableStorage: true, disableStack: false, timeout: '20s' }]
}

/** Converts one transaction's pass results (in `configs` order) into an observation. */
export function observe(
  kind: TracerKind,
  results: readonly unknown[],
  ctx: TxContext,
): Observation {
  if (kind === 'geth-js-storage') return fromJsStorage(results[0])
  if (kind === 'prestate') return fromPrestate(results[0], results[1], ctx)
  return fromStructLogs(results[0], ctx)
}

/**
 * docs/original-lab.md §9.1 tracer result (`{accesses, faults, warnings}` or a bare array) →
 * accesses + warnings.
 */
export function fromJsStorage(result: unknown): Observation {
  const list = Array.isArray(result) ? result : isRecord(result) ? result.accesses : undefined
  if (!Array.isArray(list))
    throw new TracerResultError('debug tracer result did not contain an accesses array')
  const accesses = list.map((entry, j) => wireAccess(entry, j))
  const warnings: string[] = []
  if (isRecord(result)) {
    if (Array.isArray(result.warnings)) {
      for (const w of result.warnings) if (typeof w === 'string') warnings.push(w)
    }
    if (Array.isArray(result.faults) && result.faults.length > 0) {
      warnings.push(`debug tracer reported ${result.faults.length} fault(s)`)
    }
  }
  return { accesses, warnings }
}

/**
 * prestateTracer default-mode result (touched state ≈ read set) and diffMode result (changed
 * state = write set) → accesses. Every touched account reads its balance (and code when it has
 * some, nonce for the sender); every touched slot is an SLOAD read; changed fields and slots are
 * writes. The coinbase's balance becomes one FEE_CREDIT write unless the tx sends from or to it.
 */
export function fromPrestate(pre: unknown, diff: unknown, ctx: TxContext): Observation {
  if (!isRecord(pre)) throw new TracerResultError('prestateTracer result is not an object')
  if (!isRecord(diff) || !isRecord(diff.pre) || !isRecord(diff.post)) {
    throw new TracerResultError('prestateTracer diffMode result has no pre/post objects')
  }
  const coinbase = lower(ctx.coinbase)
  const parties = new Set([lower(ctx.from), lower(ctx.to)])
  const feeOnly = (address: string): boolean => address === coinbase && !parties.has(address)
  const out: Access[] = []
  for (const [rawAddress, account] of Object.entries(pre)) {
    const address = rawAddress.toLowerCase()
    if (!isRecord(account)) continue
    if (!feeOnly(address)) out.push(field(address, 'read', 'BALANCE'))
    if (address === lower(ctx.from)) out.push(field(address, 'read', 'NONCE'))
    if (typeof account.code === 'string' && account.code !== '0x' && account.code !== '') {
      out.push(field(address, 'read', 'CODE'))
    }
    for (const slot of storageKeys(account)) out.push(slotAccess(address, slot, 'read'))
  }
  const addresses = new Set([...Object.keys(diff.pre), ...Object.keys(diff.post)])
  for (const rawAddress of addresses) {
    const address = rawAddress.toLowerCase()
    const before = isRecord(diff.pre[rawAddress])
      ? (diff.pre[rawAddress] as Record<string, unknown>)
      : null
    const after = isRecord(diff.post[rawAddress])
      ? (diff.post[rawAddress] as Record<string, unknown>)
      : null
    const deleted = before !== null && after === null
    const changed = (key: string): boolean => deleted || (after !== null && key in after)
    if (changed('balance')) {
      out.push(
        feeOnly(address)
          ? field(address, 'write', 'FEE_CREDIT')
          : field(address, 'write', 'BALANCE'),
      )
    }
    if (changed('nonce')) out.push(field(address, 'write', 'NONCE'))
    if (changed('code') || changed('codeHash')) out.push(field(address, 'write', 'CODE'))
    const slots = new Set([
      ...(before ? storageKeys(before) : []),
      ...(after ? storageKeys(after) : []),
    ])
    for (const slot of slots) out.push(slotAccess(address, slot, 'write'))
  }
  if (
    coinbase !== null &&
    coinbase in pre &&
    !out.some((a) => a.op === 'FEE_CREDIT') &&
    feeOnly(coinbase)
  ) {
    out.push(field(coinbase, 'write', 'FEE_CREDIT'))
  }
  return { accesses: out, warnings: [] }
}

/**
 * Default struct-logger result → SLOAD/SSTORE accesses. The storage address is tracked per call
 * frame: CALL/STATICCALL enter the callee (stack[-2]), DELEGATECALL/CALLCODE keep the caller's
 * storage, CREATE/CREATE2 frames learn their address from the stack when they return.
 */
export function fromStructLogs(result: unknown, ctx: TxContext): Observation {
  if (!isRecord(result) || !Array.isArray(result.structLogs)) {
    throw new TracerResultError('debug_traceTransaction returned no structLogs field')
  }
  const root = lower(ctx.to) ?? lower(ctx.createdAddress)
  type Frame = { address: string | null; pending: Access[] }
  const frames: Frame[] = [{ address: root, pending: [] }]
  const out: Access[] = []
  let errors = 0
  let previous: { op: string; depth: number; stack: readonly string[] } | null = null
  for (const [i, step] of result.structLogs.entries()) {
    if (!isRecord(step)) throw new TracerResultError(`structLogs[${i}] is not an object`)
    const op = typeof step.op === 'string' ? step.op.toUpperCase() : ''
    const depth = quantity(step.depth)
    if (depth === null) throw new TracerResultError(`structLogs[${i}].depth is not a number`)
    const stack = Array.isArray(step.stack) ? step.stack.map(String) : null
    if (typeof step.error === 'string' && step.error !== '') errors++
    if (previous !== null && depth > previous.depth) frames.push(enter(previous, frames))
    while (previous !== null && frames.length > depth && frames.length > 1) {
      const frame = frames.pop() as Frame
      if (frame.address === null && stack !== null && stack.length > 0) {
        const created = toAddress(stack[stack.length - 1] ?? '')
        for (const a of frame.pending) out.push({ ...a, address: created })
      } else out.push(...frame.pending.map((a) => ({ ...a, address: frame.address ?? a.address })))
    }
    if (op === 'SLOAD' || op === 'SSTORE') {
      if (stack === null || stack.length === 0) {
        throw new TracerResultError(
          `structLogs[${i}] ${op} has no stack (the provider disabled it)`,
        )
      }
      const frame = frames[frames.length - 1] as Frame
      const access: Access = {
        address: frame.address ?? '',
        slot: toWord(stack[stack.length - 1] ?? ''),
        kind: op === 'SLOAD' ? 'read' : 'write',
        op,
        pc: quantity(step.pc),
        depth,
        gasRemaining: quantity(step.gas),
      }
      if (frame.address === null) frame.pending.push(access)
      else out.push(access)
    }
    previous = { op, depth, stack: stack ?? [] }
  }
  for (const frame of frames.reverse()) {
    for (const a of frame.pending)
      if (frame.address !== null) out.push({ ...a, address: frame.address })
  }
  const warnings = errors > 0 ? [`struct logger reported ${errors} step error(s)`] : []
  if (result.failed === true) warnings.push('struct logger reports the transaction failed')
  return { accesses: out.filter((a) => a.address !== ''), warnings }

  function enter(
    prev: { op: string; stack: readonly string[] },
    stackOfFrames: readonly Frame[],
  ): Frame {
    const current = stackOfFrames[stackOfFrames.length - 1]?.address ?? null
    if (prev.op === 'CALL' || prev.op === 'STATICCALL') {
      return { address: toAddress(prev.stack[prev.stack.length - 2] ?? ''), pending: [] }
    }
    if (prev.op === 'DELEGATECALL' || prev.op === 'CALLCODE')
      return { address: current, pending: [] }
    return { address: null, pending: [] }
  }
}

const zeroWord = '0'.repeat(64)

function wireAccess(entry: unknown, j: number): Access {
  const bad = (): never => {
    throw new TracerResultError(
      `debug tracer returned an access entry that does not match schema (accesses[${j}])`,
    )
  }
  if (!isRecord(entry) || typeof entry.address !== 'string') return bad()
  const slot = entry.slot === undefined || entry.slot === null ? null : entry.slot
  const op = entry.op === undefined || entry.op === null ? null : entry.op
  if ((slot !== null && typeof slot !== 'string') || (op !== null && typeof op !== 'string'))
    return bad()
  if (!accessKinds.includes(entry.kind as AccessKind)) return bad()
  const opt = (v: unknown): number | null => {
    if (v === undefined || v === null) return null
    return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : bad()
  }
  return {
    address: entry.address,
    slot,
    kind: entry.kind as AccessKind,
    op,
    pc: opt(entry.pc),
    depth: opt(entry.depth),
    gasRemaining: opt(entry.gas_remaining),
  }
}

function field(address: string, kind: AccessKind, op: string): Access {
  return { address, slot: null, kind, op, pc: null, depth: null, gasRemaining: null }
}

function slotAccess(address: string, slot: string, kind: 'read' | 'write'): Access {
  return {
    address,
    slot: toWord(slot),
    kind,
    op: kind === 'read' ? 'SLOAD' : 'SSTORE',
    pc: null,
    depth: null,
    gasRemaining: null,
  }
}

function storageKeys(account: Record<string, unknown>): readonly string[] {
  return isRecord(account.storage) ? Object.keys(account.storage) : []
}

/** A stack item or slot (`0x`-prefixed or bare hex, any length) as `0x` + 64 lowercase hex. */
export function toWord(value: string): string {
  const hex = value.trim().toLowerCase().replace(/^0x/, '')
  if (!/^[0-9a-f]{0,64}$/.test(hex))
    throw new TracerResultError(`invalid 256-bit word \`${value}\``)
  return `0x${(zeroWord + hex).slice(-64)}`
}

function toAddress(value: string): string {
  return `0x${toWord(value).slice(-40)}`
}

function lower(value: string | null): string | null {
  return value === null ? null : value.toLowerCase()
}

/** A tracer result that does not have the documented shape. */
export class TracerResultError extends BaseError {
  override name = 'Tracers.ResultError'
  constructor(message: string) {
    super(message, { code: 'RPC_REQUEST_FAILED' })
  }
}
