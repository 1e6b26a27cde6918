/**
 * A block's pre-state from its transactions' prestateTracer results. In default mode the tracer
 * gives, per transaction, every account and slot it touched with the value before *that*
 * transaction; later transactions see what earlier ones wrote. So the block's pre-state takes each
 * account and each slot from the first transaction that touched it.
 *
 * One case needs the diffMode result too: an account a transaction creates. geth leaves a created
 * account out of the creator's result (it did not exist), and a later transaction that touches it
 * reports it with its new code and the storage its constructor wrote; anvil reports it as an empty
 * account in the creator's result, and later slots again with post-creation values. Taking either
 * as "before the block" breaks the replay (the creation collides with the code or storage). So an
 * account whose code appears in a transaction's diff (`post` has code, `pre` had none, and it is not
 * an EIP-7702 delegation) is marked created there: what the block held before stays as first seen
 * (nothing, or a pre-funded balance), and no later slot is taken.
 */
import type * as Json from '../primitives/Json.ts'
import { isRecord } from './Eth.ts'
import { TracerResultError, toWord } from './Tracers.ts'

/** One transaction's two prestateTracer results: default mode and diffMode. */
export type TxTraces = { readonly pre: unknown; readonly diff: unknown }

/** An account as merged (plain data). */
type Account = {
  readonly balance: bigint
  readonly nonce: bigint
  /** Runtime code (`0x` hex, lower case), or null for none. */
  readonly code: string | null
  /** A code hash the node gave without the code (kept so a replay that needs it can say so). */
  readonly codeHash: string | null
  readonly storage: Map<string, string>
  /** Created by a transaction of the block: later slots are post-creation values, not taken. */
  created: boolean
}

/** keccak-256 of empty code. */
const EMPTY_CODE_HASH = '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470'
/** EIP-7702's delegation designator: code an EOA gets without being created. */
const DELEGATION = /^0xef0100/i
const HEX_BYTES = /^0x(?:[0-9a-fA-F]{2})*$/
const ADDRESS = /^0x[0-9a-fA-F]{40}$/

/**
 * Merges a block's per-transaction traces (in transaction order) into its pre-state, written as
 * `pre_state.json`: address → `{balance, nonce, code?, code_hash?, storage}`, addresses and slots
 * in ascending order, quantities as `0x` hex, slots and values as 32-byte words, code inline.
 * Throws `TracerResultError` naming the transaction and field of a malformed result.
 * @example const pre = PreState.merge(traces) // traces[i] = { pre: default, diff: diffMode }
 */
export function merge(traces: readonly TxTraces[]): Json.Value {
  const merged = new Map<string, Account>()
  for (const [i, { pre, diff }] of traces.entries()) {
    for (const [address, raw] of accounts(pre, `tx_index ${i} prestateTracer result`)) {
      const seen = merged.get(address)
      if (seen === undefined) merged.set(address, accountOf(raw, `tx_index ${i} ${address}`))
      else if (!seen.created)
        for (const [slot, value] of slotsOf(raw, `tx_index ${i} ${address}`))
          if (!seen.storage.has(slot)) seen.storage.set(slot, value)
    }
    for (const address of created(diff, i)) {
      const seen = merged.get(address)
      if (seen === undefined) merged.set(address, { ...EMPTY, storage: new Map(), created: true })
      else seen.created = true
    }
  }
  const out: Record<string, Json.Value> = {}
  for (const address of [...merged.keys()].sort()) {
    const account = merged.get(address) as Account
    if (account.created && isEmpty(account)) continue
    out[address] = toJson(account)
  }
  return out
}

const EMPTY = { balance: 0n, nonce: 0n, code: null, codeHash: null } as const

function isEmpty(a: Account): boolean {
  const storage = [...a.storage.values()].some((v) => BigInt(v) !== 0n)
  return a.balance === 0n && a.nonce === 0n && a.code === null && a.codeHash === null && !storage
}

function toJson(a: Account): Json.Value {
  const storage: Record<string, string> = {}
  for (const slot of [...a.storage.keys()].sort()) storage[slot] = a.storage.get(slot) as string
  return {
    balance: `0x${a.balance.toString(16)}`,
    nonce: `0x${a.nonce.toString(16)}`,
    ...(a.code === null ? {} : { code: a.code }),
    ...(a.code === null && a.codeHash !== null ? { code_hash: a.codeHash } : {}),
    storage,
  }
}

/** The accounts of a default-mode result (address lower-cased), in the node's order. */
function accounts(result: unknown, where: string): [string, Record<string, unknown>][] {
  if (!isRecord(result)) throw new TracerResultError(`${where} is not an object`)
  const out: [string, Record<string, unknown>][] = []
  for (const [key, value] of Object.entries(result)) {
    if (!ADDRESS.test(key)) throw new TracerResultError(`${where}: \`${key}\` is not an address`)
    if (!isRecord(value)) throw new TracerResultError(`${where}: account ${key} is not an object`)
    out.push([key.toLowerCase(), value])
  }
  return out
}

function accountOf(raw: Record<string, unknown>, where: string): Account {
  const code = raw.code === undefined || raw.code === null ? '0x' : raw.code
  if (typeof code !== 'string' || !HEX_BYTES.test(code))
    throw new TracerResultError(`${where}: code is not hex bytes`)
  const hash = typeof raw.codeHash === 'string' ? raw.codeHash.toLowerCase() : null
  return {
    balance: quantity(raw.balance, `${where}: balance`),
    nonce: quantity(raw.nonce, `${where}: nonce`),
    code: code === '0x' ? null : code.toLowerCase(),
    codeHash:
      hash === null || hash === EMPTY_CODE_HASH || !/^0x[0-9a-f]{64}$/.test(hash) ? null : hash,
    storage: new Map(slotsOf(raw, where)),
    created: false,
  }
}

function slotsOf(raw: Record<string, unknown>, where: string): [string, string][] {
  if (raw.storage === undefined || raw.storage === null) return []
  if (!isRecord(raw.storage)) throw new TracerResultError(`${where}: storage is not an object`)
  return Object.entries(raw.storage).map(([slot, value]) => {
    if (typeof value !== 'string')
      throw new TracerResultError(`${where}: storage ${slot} is not a hex word`)
    return [toWord(slot), toWord(value)]
  })
}

/** A balance or nonce: absent is zero (geth omits zero fields), hex string or JSON number. */
function quantity(value: unknown, where: string): bigint {
  if (value === undefined || value === null) return 0n
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value)
  if (typeof value === 'string' && /^0x[0-9a-fA-F]{1,64}$/.test(value)) return BigInt(value)
  throw new TracerResultError(`${where} is not a quantity (got ${JSON.stringify(value)})`)
}

/** Accounts a transaction created: code in the diff's `post` where `pre` had none (not a delegation). */
function created(diff: unknown, i: number): string[] {
  const where = `tx_index ${i} prestateTracer diffMode result`
  if (!isRecord(diff) || !isRecord(diff.pre) || !isRecord(diff.post))
    throw new TracerResultError(`${where} has no pre/post objects`)
  const before = diff.pre
  const out: string[] = []
  for (const [key, after] of Object.entries(diff.post)) {
    if (!isRecord(after) || typeof after.code !== 'string') continue
    if (after.code === '0x' || DELEGATION.test(after.code)) continue
    const prior = Object.entries(before).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1]
    const priorCode = isRecord(prior) ? prior.code : undefined
    if (typeof priorCode === 'string' && priorCode !== '0x') continue
    out.push(key.toLowerCase())
  }
  return out
}
