/**
 * The normalized single-block trace fixture (docs/original-lab.md §2.1): parse a JSON value into a
 * `BlockTrace`, normalize it, and validate it, reporting every problem with the original's messages.
 */
import * as Errors from '../primitives/Errors.ts'
import * as Order from '../primitives/Order.ts'
import type { Access, BlockTrace, Tx, Warning } from './BlockTrace.ts'
import * as Fields from './Fields.ts'
import * as Issue from './Issue.ts'
import * as Key from './Key.ts'

const { HASH, ADDRESS, HASH_FORM, ADDRESS_FORM } = Fields
const kinds = ['read', 'write', 'read_write'] as const

/** Warning added to a transaction whose `read_info_complete` is false. */
export const INCOMPLETE_READS = 'trace marks read information as incomplete'

/**
 * Parses, normalizes and validates a fixture; throws `InvalidError` carrying every issue.
 * @example const trace = Fixture.parse(JSON.parse(text), 'fixtures/base-mini-trace.json')
 */
export function parse(json: unknown, file: string): BlockTrace {
  const { value, issues } = fromJson(json, file)
  if (value === undefined) throw new InvalidError(file, issues)
  const trace = normalize(value)
  const problems = validate(trace, file, filePositions(value))
  if (problems.length > 0) throw new InvalidError(file, problems)
  return trace
}

/**
 * Where each element of a normalized trace stood in the file: per tx (in tx_index order) its
 * position in `transactions`, and per access (in canonical order) its position in `accesses`.
 * Normalization sorts both (stably), so issue paths must be mapped back to name the file's element.
 */
export type Positions = {
  readonly tx: readonly number[]
  readonly access: readonly (readonly number[])[]
}

function filePositions(raw: BlockTrace): Positions {
  const byIndex = (a: number, b: number) =>
    (raw.transactions[a] as Tx).txIndex - (raw.transactions[b] as Tx).txIndex
  const tx = raw.transactions.map((_, i) => i).sort(byIndex)
  const access = tx.map((i) => {
    const canonical = (raw.transactions[i] as Tx).accesses.map(normalizeAccess)
    return canonical
      .map((_, j) => j)
      .sort((a, b) => compareAccesses(canonical[a] as Access, canonical[b] as Access))
  })
  return { tx, access }
}

/** Structural parse (types and required fields) into a `BlockTrace`, reporting every issue. */
export function fromJson(
  json: unknown,
  file: string,
): { readonly value?: BlockTrace; readonly issues: readonly Issue.Issue[] } {
  const context = Fields.context(file)
  const obj = Fields.object(context, json, '')
  if (obj === undefined) return { issues: context.issues }
  const block = Fields.object(context, Fields.member(obj, 'block'), 'block')
  const value = {
    chain: Fields.string(context, obj, '', 'chain'),
    block: block && {
      number: Fields.integer(context, block, 'block', 'number'),
      hash: Fields.nullableString(context, block, 'block', 'hash'),
    },
    transactions: Fields.array(context, obj, '', 'transactions', (item, path) =>
      txFromJson(context, item, path),
    ),
    warnings: warningsFromJson(context, obj, ''),
  }
  if (context.issues.length > 0) return { issues: Issue.sort(context.issues) }
  return { value: value as BlockTrace, issues: [] }
}

/** Canonical order of accesses: kind (read < write < read_write), then key. */
export const compareAccesses: Order.Comparator<Access> = Order.chain(
  Order.by((a: Access) => kinds.indexOf(a.kind), Order.numbers),
  Order.by((a: Access) => a.key, Key.compare),
)

/** Canonical order of warnings: tx_index (null first), then message. */
export const compareWarnings: Order.Comparator<Warning> = Order.chain(
  Order.by((w: Warning) => w.txIndex, Order.nullsFirst(Order.numbers)),
  Order.by((w: Warning) => w.message, Order.strings),
)

/** Returns the canonical copy of a trace (docs/original-lab.md §2.1 normalize); idempotent. */
export function normalize(trace: BlockTrace): BlockTrace {
  return {
    ...trace,
    transactions: trace.transactions
      .map(normalizeTx)
      .sort(Order.by((t) => t.txIndex, Order.numbers)),
    warnings: Order.sortedUnique(trace.warnings, compareWarnings),
  }
}

/**
 * Returns every problem of a normalized trace (docs/original-lab.md §2.1 validate), sorted; never
 * throws. Messages use the normalized positions (as the original's do); paths use `positions`, the
 * file's (default: the normalized ones).
 */
export function validate(
  trace: BlockTrace,
  file: string,
  positions: Positions = identity(trace),
): Issue.Issue[] {
  const issues: Issue.Issue[] = []
  const push: Push = (path, code, expected, value, message) =>
    issues.push(Issue.from({ file, path, code, expected, value, message }))
  const seen = new Set<number>()
  trace.transactions.forEach((tx, i) => {
    if (seen.has(tx.txIndex)) {
      const message = `fixture contains duplicate tx_index ${tx.txIndex}`
      push(
        `transactions[${positions.tx[i] ?? i}].tx_index`,
        'duplicate_tx_index',
        'each tx_index once',
        tx.txIndex,
        message,
      )
    }
    seen.add(tx.txIndex)
    validateTx(tx, `transactions[${positions.tx[i] ?? i}]`, positions.access[i] ?? [], push)
  })
  return Issue.sort(issues)
}

type Push = (path: string, code: string, expected: string, value: unknown, message: string) => void

function identity(trace: BlockTrace): Positions {
  const tx = trace.transactions.map((_, i) => i)
  return { tx, access: trace.transactions.map((t) => t.accesses.map((_, j) => j)) }
}

function validateTx(tx: Tx, path: string, accessAt: readonly number[], push: Push): void {
  const at = `tx_index ${tx.txIndex}`
  if (!HASH.test(tx.txHash)) {
    const message = `invalid tx hash at ${at}: \`${tx.txHash}\`; expected ${HASH_FORM}`
    push(`${path}.tx_hash`, 'invalid_tx_hash', HASH_FORM, tx.txHash, message)
  }
  const address = (value: string, where: string, location: string) => {
    if (ADDRESS.test(value)) return
    const message = `invalid address at ${location}: \`${value}\`; expected ${ADDRESS_FORM}`
    push(where, 'invalid_address', ADDRESS_FORM, value, message)
  }
  address(tx.from, `${path}.from`, `${at} from`)
  if (tx.to !== null) address(tx.to, `${path}.to`, `${at} to`)
  tx.accesses.forEach(({ key }, j) => {
    const here = `${path}.accesses[${accessAt[j] ?? j}].key`
    if (key.type !== 'storage') {
      address(key.address, `${here}.address`, `${at} access ${j}`)
      return
    }
    address(key.address, `${here}.address`, `${at} access ${j} storage address`)
    if (HASH.test(key.slot)) return
    const message = `invalid storage key at ${at} access ${j} storage slot: \`${key.slot}\`; expected ${HASH_FORM}`
    push(`${here}.slot`, 'invalid_slot', HASH_FORM, key.slot, message)
  })
}

function normalizeAccess(a: Access): Access {
  const lower = (text: string) => text.trim().toLowerCase()
  const { key } = a
  return key.type === 'storage'
    ? { kind: a.kind, key: { type: 'storage', address: lower(key.address), slot: lower(key.slot) } }
    : { kind: a.kind, key: { type: key.type, address: lower(key.address) } }
}

function normalizeTx(tx: Tx): Tx {
  const lower = (text: string) => text.trim().toLowerCase()
  const warnings = tx.readInfoComplete
    ? tx.warnings
    : [...tx.warnings, { txIndex: tx.txIndex, message: INCOMPLETE_READS }]
  return {
    ...tx,
    from: lower(tx.from),
    to: tx.to === null ? null : lower(tx.to),
    accesses: tx.accesses.map(normalizeAccess).sort(compareAccesses),
    warnings: Order.sortedUnique(warnings, compareWarnings),
  }
}

function txFromJson(context: Fields.Context, json: unknown, path: string): Tx | undefined {
  const obj = Fields.object(context, json, path)
  if (obj === undefined) return undefined
  const before = context.issues.length
  const value = {
    txIndex: Fields.integer(context, obj, path, 'tx_index'),
    txHash: Fields.string(context, obj, path, 'tx_hash'),
    from: Fields.string(context, obj, path, 'from'),
    to: Fields.nullableString(context, obj, path, 'to'),
    readInfoComplete: Fields.boolean(context, obj, path, 'read_info_complete', true),
    accesses: Fields.array(context, obj, path, 'accesses', (item, here) =>
      accessFromJson(context, item, here),
    ),
    warnings: warningsFromJson(context, obj, path),
  }
  return context.issues.length > before ? undefined : (value as Tx)
}

function accessFromJson(context: Fields.Context, json: unknown, path: string): Access | undefined {
  const obj = Fields.object(context, json, path)
  if (obj === undefined) return undefined
  const kind = Fields.oneOf(context, obj, path, 'kind', kinds)
  const keyPath = Fields.join(path, 'key')
  const keyObj = Fields.object(context, Fields.member(obj, 'key'), keyPath)
  if (keyObj === undefined || kind === undefined) return undefined
  const type = Fields.oneOf(context, keyObj, keyPath, 'type', Key.types)
  const address = Fields.string(context, keyObj, keyPath, 'address')
  if (type === undefined || address === undefined) return undefined
  if (type !== 'storage') return { kind, key: { type, address } }
  const slot = Fields.string(context, keyObj, keyPath, 'slot')
  return slot === undefined ? undefined : { kind, key: { type, address, slot } }
}

/**
 * Reads the docs/original-lab.md §2.1 warnings array (`[{tx_index: u64|null, message}]`, default
 * []).
 */
export function warningsFromJson(
  context: Fields.Context,
  obj: Fields.JsonObject,
  path: string,
): Warning[] | undefined {
  return Fields.array(context, obj, path, 'warnings', (item, here) => {
    const w = Fields.object(context, item, here)
    if (w === undefined) return undefined
    const txIndex = Fields.nullableInteger(context, w, here, 'tx_index')
    const message = Fields.string(context, w, here, 'message')
    return txIndex === undefined || message === undefined ? undefined : { txIndex, message }
  })
}

/** A fixture failed to parse or validate; carries every issue, the first 20 as hints. */
export class InvalidError extends Errors.BaseError {
  override name = 'Fixture.InvalidError'
  readonly issues: readonly Issue.Issue[]
  constructor(file: string, issues: readonly Issue.Issue[]) {
    super(`invalid fixture ${file}: ${issues.length} ${issues.length === 1 ? 'issue' : 'issues'}`, {
      code: 'FIXTURE_INVALID',
      hints: Issue.hints(issues),
    })
    this.issues = issues
  }
}
