/**
 * Geth struct-log fixtures (docs/original-lab.md §2.2): SLOAD/SSTORE steps become storage
 * reads/writes of the transaction's `to`, keyed by the top of the stack. Everything else a struct
 * log holds is ignored.
 */
import type { Access, BlockTrace, Tx, Warning } from './BlockTrace.ts'
import * as Fields from './Fields.ts'
import * as Fixture from './Fixture.ts'
import * as Issue from './Issue.ts'

/** Block warning appended to every parsed struct-log fixture. */
export const BLOCK_WARNING =
  'geth struct-log parser captures SLOAD/SSTORE storage accesses only; account, balance, nonce, and code reads are not represented'

/** Transaction warning appended to every parsed transaction. */
export const TX_WARNING = 'geth struct-log storage parser marks reads incomplete outside SLOAD'

/**
 * Parses a struct-log fixture into a normalized, validated `BlockTrace`; throws
 * `Fixture.InvalidError` with every issue.
 * @example const trace = Geth.parse(JSON.parse(text), 'fixtures/geth-mini-struct-logs.json')
 */
export function parse(json: unknown, file: string): BlockTrace {
  const context = Fields.context(file)
  const trace = fromJson(context, json)
  if (trace === undefined) throw new Fixture.InvalidError(file, Issue.sort(context.issues))
  const normalized = Fixture.normalize(trace)
  const issues = Fixture.validate(normalized, file)
  if (issues.length > 0) throw new Fixture.InvalidError(file, issues)
  return normalized
}

/** Normalizes a stack word into a 32-byte slot (`0x` + 64 lowercase hex); `null` when invalid. */
export function slotFromWord(word: string): string | null {
  const trimmed = word.trim()
  const digits = trimmed.startsWith('0x') ? trimmed.slice(2) : trimmed
  if (digits.length > 64 || !/^[0-9a-fA-F]*$/.test(digits)) return null
  return `0x${digits.padStart(64, '0').toLowerCase()}`
}

function fromJson(context: Fields.Context, json: unknown): BlockTrace | undefined {
  const obj = Fields.object(context, json, '')
  if (obj === undefined) return undefined
  const block = Fields.object(context, Fields.member(obj, 'block'), 'block')
  const chain = Fields.string(context, obj, '', 'chain')
  const number = block && Fields.integer(context, block, 'block', 'number')
  const hash = block && Fields.nullableString(context, block, 'block', 'hash')
  const warnings = Fixture.warningsFromJson(context, obj, '')
  const transactions = Fields.array(context, obj, '', 'transactions', (item, path) =>
    txFromJson(context, item, path),
  )
  if (context.issues.length > 0) return undefined
  const blockWarning: Warning = { txIndex: null, message: BLOCK_WARNING }
  return {
    chain: chain as string,
    block: { number: number as number, hash: hash as string | null },
    transactions: transactions as Tx[],
    warnings: [...(warnings as Warning[]), blockWarning],
  }
}

function txFromJson(context: Fields.Context, json: unknown, path: string): Tx | undefined {
  const obj = Fields.object(context, json, path)
  if (obj === undefined) return undefined
  const before = context.issues.length
  const txIndex = Fields.integer(context, obj, path, 'tx_index')
  const txHash = Fields.string(context, obj, path, 'tx_hash')
  const from = Fields.string(context, obj, path, 'from')
  const to = Fields.string(context, obj, path, 'to')
  const logs = Fields.array(context, obj, path, 'structLogs', (item, here) => {
    const log = Fields.object(context, item, here)
    if (log === undefined) return undefined
    const op = Fields.string(context, log, here, 'op')
    const stack = Fields.strings(context, log, here, 'stack')
    return op === undefined || stack === undefined ? undefined : { op, stack }
  })
  if (context.issues.length > before) return undefined
  const index = txIndex as number
  const accesses: Access[] = []
  const warnings: Warning[] = [{ txIndex: index, message: TX_WARNING }]
  for (const [i, log] of (logs ?? []).entries()) {
    const op = log.op.toUpperCase()
    if (op !== 'SLOAD' && op !== 'SSTORE') continue
    const top = log.stack[log.stack.length - 1]
    const slot = top === undefined ? null : slotFromWord(top)
    if (slot === null) {
      warnings.push({
        txIndex: index,
        message: `structLogs[${i}]: ${op} missing a valid storage slot on stack`,
      })
      continue
    }
    const kind = op === 'SLOAD' ? 'read' : 'write'
    accesses.push({ kind, key: { type: 'storage', address: to as string, slot } })
  }
  return {
    txIndex: index,
    txHash: txHash as string,
    from: from as string,
    to: to as string,
    readInfoComplete: false,
    accesses,
    warnings,
  }
}
