/**
 * Replay-pack wire form: the JSON-RPC block answer, the pre-state map, the code map and the block
 * hash map, parsed into the plain `ReplayPack` and `Transaction` types. Every problem becomes an
 * `Issue` with its file and JSON path; quantities are bounded (a balance fits 256 bits, a nonce or
 * gas 64 bits), hex is checked, and code is checked against its keccak-256.
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import * as Fields from './Fields.ts'
import type * as Issue from './Issue.ts'
import type * as ReplayPack from './ReplayPack.ts'
import type * as Transaction from './Transaction.ts'

/** A parse result: `value` is present only when the part parsed without issues. */
export type Parsed<T> = { readonly value?: T; readonly issues: readonly Issue.Issue[] }

type Ctx = Fields.Context
type Obj = Fields.JsonObject

/** keccak-256 of empty code: an account whose `code_hash` is this has no code. */
export const EMPTY_CODE_HASH = '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470'

const U64 = 64
const U256 = 256
const QUANTITY = /^0x[0-9a-fA-F]{1,64}$/
const DATA = /^0x(?:[0-9a-fA-F]{2})*$/
const BLOOM = /^0x[0-9a-fA-F]{512}$/

/** `replay-pack.json`: `{schema, chain, chain_id, hardfork, provenance}`. */
export function manifestFromJson(value: unknown, file: string): Parsed<ReplayPack.Manifest> {
  const ctx = Fields.context(file)
  const obj = Fields.object(ctx, value, '')
  if (obj === undefined) return { issues: ctx.issues }
  const schema = Fields.string(ctx, obj, '', 'schema')
  if (schema !== undefined && schema !== 'replay-pack-v1')
    Fields.report(ctx, {
      path: 'schema',
      code: 'unsupported_schema',
      expected: 'replay-pack-v1',
      value: schema,
      message: `unsupported replay-pack schema \`${schema}\``,
    })
  const chain = Fields.string(ctx, obj, '', 'chain')
  const chainId = quantity(ctx, obj, '', 'chain_id', U64)
  const hardfork = Fields.nullableString(ctx, obj, '', 'hardfork')
  const provenance = Fields.string(ctx, obj, '', 'provenance')
  if (ctx.issues.length > 0) return { issues: ctx.issues }
  return {
    value: {
      chain: chain as string,
      chainId: chainId as bigint,
      hardfork: hardfork as string | null,
      provenance: provenance as string,
    },
    issues: [],
  }
}

/** `blocks/<n>/block.json`: the header fields and the full transactions. */
export function blockFromJson(
  value: unknown,
  file: string,
): Parsed<Omit<ReplayPack.Block, 'preState'>> {
  const ctx = Fields.context(file)
  const obj = Fields.object(ctx, value, '')
  if (obj === undefined) return { issues: ctx.issues }
  const header = headerOf(ctx, obj)
  const raw = Fields.member(obj, 'transactions')
  const transactions: Transaction.Transaction[] = []
  if (!Array.isArray(raw)) Fields.wrongType(ctx, 'transactions', 'an array of transactions', raw)
  else
    raw.forEach((item, i) => {
      const tx = transactionOf(ctx, item, `transactions[${i}]`, i)
      if (tx !== undefined) transactions.push(tx)
    })
  if (ctx.issues.length > 0 || header === undefined) return { issues: ctx.issues }
  return { value: { header, transactions }, issues: [] }
}

function headerOf(ctx: Ctx, obj: Obj): ReplayPack.Header | undefined {
  const number = quantity(ctx, obj, '', 'number', 53)
  const hash = hex32(ctx, obj, '', 'hash')
  const parentHash = hex32(ctx, obj, '', 'parentHash')
  const coinbase = address(ctx, obj, '', 'miner')
  const timestamp = quantity(ctx, obj, '', 'timestamp', U64)
  const gasLimit = quantity(ctx, obj, '', 'gasLimit', U64)
  const gasUsed = quantity(ctx, obj, '', 'gasUsed', U64)
  const difficulty = quantity(ctx, obj, '', 'difficulty', U256)
  const mixHash = hex32(ctx, obj, '', 'mixHash')
  const baseFeePerGas = optional(obj, 'baseFeePerGas', () =>
    quantity(ctx, obj, '', 'baseFeePerGas', U256),
  )
  const excessBlobGas = optional(obj, 'excessBlobGas', () =>
    quantity(ctx, obj, '', 'excessBlobGas', U64),
  )
  const blobGasUsed = optional(obj, 'blobGasUsed', () => quantity(ctx, obj, '', 'blobGasUsed', U64))
  const parentBeaconBlockRoot = optional(obj, 'parentBeaconBlockRoot', () =>
    hex32(ctx, obj, '', 'parentBeaconBlockRoot'),
  )
  const blockAccessListHash = optional(obj, 'blockAccessListHash', () =>
    hex32(ctx, obj, '', 'blockAccessListHash'),
  )
  const logsBloom = matching(ctx, obj, '', 'logsBloom', BLOOM, '0x followed by 512 hex characters')
  const receiptsRoot = hex32(ctx, obj, '', 'receiptsRoot')
  const stateRoot = hex32(ctx, obj, '', 'stateRoot')
  const withdrawals = optional(obj, 'withdrawals', () =>
    Fields.array(ctx, obj, '', 'withdrawals', (item, path) => withdrawalOf(ctx, item, path)),
  )
  const fields = [number, hash, parentHash, coinbase, timestamp, gasLimit, gasUsed, difficulty]
  const more = [mixHash, baseFeePerGas, excessBlobGas, blobGasUsed, parentBeaconBlockRoot]
  const rest = [blockAccessListHash, logsBloom, receiptsRoot, stateRoot, withdrawals]
  if ([...fields, ...more, ...rest].some((f) => f === undefined)) return undefined
  return {
    number: Number(number),
    hash: hash as string,
    parentHash: parentHash as string,
    coinbase: coinbase as string,
    timestamp: timestamp as bigint,
    gasLimit: gasLimit as bigint,
    gasUsed: gasUsed as bigint,
    difficulty: difficulty as bigint,
    mixHash: mixHash as string,
    baseFeePerGas: baseFeePerGas as bigint | null,
    excessBlobGas: excessBlobGas as bigint | null,
    blobGasUsed: blobGasUsed as bigint | null,
    parentBeaconBlockRoot: parentBeaconBlockRoot as string | null,
    blockAccessListHash: blockAccessListHash as string | null,
    logsBloom: (logsBloom as string).toLowerCase(),
    receiptsRoot: receiptsRoot as string,
    stateRoot: stateRoot as string,
    withdrawals: withdrawals as ReplayPack.Withdrawal[] | null,
  }
}

function withdrawalOf(ctx: Ctx, value: unknown, path: string): ReplayPack.Withdrawal | undefined {
  const obj = Fields.object(ctx, value, path)
  if (obj === undefined) return undefined
  const index = quantity(ctx, obj, path, 'index', U64)
  const validatorIndex = quantity(ctx, obj, path, 'validatorIndex', U64)
  const to = address(ctx, obj, path, 'address')
  const amount = quantity(ctx, obj, path, 'amount', U64)
  if (index === undefined || validatorIndex === undefined || to === undefined) return undefined
  if (amount === undefined) return undefined
  return { index, validatorIndex, address: to, amount }
}

/** One full transaction of a JSON-RPC block (`eth_getBlockByNumber(n, true)`). */
export function transactionOf(
  ctx: Ctx,
  value: unknown,
  path: string,
  position: number,
): Transaction.Transaction | undefined {
  if (typeof value === 'string') {
    Fields.wrongType(ctx, path, 'a full transaction object (fetch the block with `true`)', value)
    return undefined
  }
  const obj = Fields.object(ctx, value, path)
  if (obj === undefined) return undefined
  const before = ctx.issues.length
  const type = typeOf(ctx, obj, path)
  const typed = type !== undefined && type > 0
  const index = optional(obj, 'transactionIndex', () =>
    quantity(ctx, obj, path, 'transactionIndex', 53),
  )
  if (typeof index === 'bigint' && index !== BigInt(position))
    Fields.report(ctx, {
      path: Fields.join(path, 'transactionIndex'),
      code: 'index_mismatch',
      expected: `${position} (the transaction's position in the block)`,
      value: Fields.member(obj, 'transactionIndex'),
      message: `transaction at position ${position} says transactionIndex ${index}`,
    })
  const tx = {
    txIndex: position,
    hash: hex32(ctx, obj, path, 'hash'),
    type,
    from: address(ctx, obj, path, 'from'),
    to: nullableAddress(ctx, obj, path, 'to'),
    nonce: quantity(ctx, obj, path, 'nonce', U64),
    gasLimit: quantity(ctx, obj, path, 'gas', U64),
    value: quantity(ctx, obj, path, 'value', U256),
    data: data(ctx, obj, path, 'input'),
    chainId: optional(obj, 'chainId', () => quantity(ctx, obj, path, 'chainId', U64)),
    gasPrice: type === 0 || type === 1 ? quantity(ctx, obj, path, 'gasPrice', U256) : null,
    maxFeePerGas: type !== undefined && type >= 2 ? fee(ctx, obj, path, 'maxFeePerGas') : null,
    maxPriorityFeePerGas:
      type !== undefined && type >= 2 ? fee(ctx, obj, path, 'maxPriorityFeePerGas') : null,
    accessList: typed ? accessListOf(ctx, obj, path) : [],
    maxFeePerBlobGas: type === 3 ? fee(ctx, obj, path, 'maxFeePerBlobGas') : null,
    blobVersionedHashes: type === 3 ? hashes(ctx, obj, path, 'blobVersionedHashes') : [],
    authorizationList: type === 4 ? authorizationsOf(ctx, obj, path) : [],
    signature: signatureOf(ctx, obj, path, typed),
  }
  if (typed && tx.chainId === null) requiredMissing(ctx, path, 'chainId')
  if ((type === 3 || type === 4) && tx.to === null)
    Fields.report(ctx, {
      path: Fields.join(path, 'to'),
      code: 'invalid_value',
      expected: 'an address (blob and set-code transactions cannot create contracts)',
      value: null,
      message: `a type-${type} transaction must have a recipient`,
    })
  if (ctx.issues.length > before) return undefined
  return tx as Transaction.Transaction
}

function typeOf(ctx: Ctx, obj: Obj, path: string): Transaction.Type | undefined {
  if (Fields.member(obj, 'type') === undefined) return 0
  const type = quantity(ctx, obj, path, 'type', 8)
  if (type === undefined) return undefined
  if (type <= 4n) return Number(type) as Transaction.Type
  Fields.report(ctx, {
    path: Fields.join(path, 'type'),
    code: 'unsupported_type',
    expected: 'a transaction type 0x0 to 0x4',
    value: Fields.member(obj, 'type'),
    message: `unsupported transaction type ${type}`,
  })
  return undefined
}

function fee(ctx: Ctx, obj: Obj, path: string, key: string): bigint | null {
  return quantity(ctx, obj, path, key, U256) ?? null
}

function signatureOf(
  ctx: Ctx,
  obj: Obj,
  path: string,
  typed: boolean,
): Transaction.Signature | null {
  const parity = typed && Fields.member(obj, 'v') === undefined ? 'yParity' : 'v'
  const v = quantity(ctx, obj, path, parity, U256)
  const r = quantity(ctx, obj, path, 'r', U256)
  const s = quantity(ctx, obj, path, 's', U256)
  return v === undefined || r === undefined || s === undefined ? null : { v, r, s }
}

function accessListOf(ctx: Ctx, obj: Obj, path: string): Transaction.AccessListItem[] {
  return (
    Fields.array(ctx, obj, path, 'accessList', (item, here) => {
      const entry = Fields.object(ctx, item, here)
      if (entry === undefined) return undefined
      const at = address(ctx, entry, here, 'address')
      const keys = hashes(ctx, entry, here, 'storageKeys')
      return at === undefined ? undefined : { address: at, storageKeys: keys }
    }) ?? []
  )
}

function authorizationsOf(ctx: Ctx, obj: Obj, path: string): Transaction.Authorization[] {
  return (
    Fields.array(ctx, obj, path, 'authorizationList', (item, here) => {
      const entry = Fields.object(ctx, item, here)
      if (entry === undefined) return undefined
      const auth = {
        chainId: quantity(ctx, entry, here, 'chainId', U256),
        address: address(ctx, entry, here, 'address'),
        nonce: quantity(ctx, entry, here, 'nonce', U64),
        yParity: quantity(ctx, entry, here, 'yParity', 8),
        r: quantity(ctx, entry, here, 'r', U256),
        s: quantity(ctx, entry, here, 's', U256),
      }
      return Object.values(auth).some((v) => v === undefined)
        ? undefined
        : (auth as Transaction.Authorization)
    }) ?? []
  )
}

/**
 * `blocks/<n>/pre_state.json`: address → `{balance, nonce, code_hash?, code?, storage?}`. Code
 * comes inline (`code`, as geth's prestateTracer returns it) or from `codes` by `code_hash`; an
 * account whose hash has no code in the pack keeps the hash with `code` null.
 */
export function preStateFromJson(
  value: unknown,
  file: string,
  codes: ReadonlyMap<string, string>,
): Parsed<ReplayPack.Account[]> {
  const ctx = Fields.context(file)
  const obj = Fields.object(ctx, value, '')
  if (obj === undefined) return { issues: ctx.issues }
  const accounts: ReplayPack.Account[] = []
  const seen = new Set<string>()
  for (const key of Object.keys(obj)) {
    const path = key
    if (!Fields.ADDRESS.test(key)) {
      Fields.report(ctx, {
        path,
        code: 'invalid_address',
        expected: Fields.ADDRESS_FORM,
        value: key,
        message: `pre-state key \`${key.slice(0, 60)}\` is not an address`,
      })
      continue
    }
    const at = key.toLowerCase()
    if (seen.has(at))
      Fields.report(ctx, {
        path,
        code: 'duplicate_account',
        expected: 'each address once (case-insensitive)',
        value: key,
        message: `account ${at} appears more than once`,
      })
    seen.add(at)
    const account = accountOf(ctx, Fields.member(obj, key), path, at, codes)
    if (account !== undefined) accounts.push(account)
  }
  if (ctx.issues.length > 0) return { issues: ctx.issues }
  accounts.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0))
  return { value: accounts, issues: [] }
}

function accountOf(
  ctx: Ctx,
  value: unknown,
  path: string,
  at: string,
  codes: ReadonlyMap<string, string>,
): ReplayPack.Account | undefined {
  const obj = Fields.object(ctx, value, path)
  if (obj === undefined) return undefined
  const before = ctx.issues.length
  const balance = quantity(ctx, obj, path, 'balance', U256, true)
  const nonce = quantity(ctx, obj, path, 'nonce', U64, true)
  const declared = optional(obj, 'code_hash', () => hex32(ctx, obj, path, 'code_hash'))
  const inline = optional(obj, 'code', () => data(ctx, obj, path, 'code'))
  const storage = storageOf(ctx, obj, path)
  if (ctx.issues.length > before || balance === undefined || nonce === undefined) return undefined
  let codeHash = declared === EMPTY_CODE_HASH ? null : ((declared as string | null) ?? null)
  let code: string | null = null
  if (typeof inline === 'string' && inline !== '0x') {
    const actual = keccak(inline)
    if (codeHash !== null && codeHash !== actual)
      Fields.report(ctx, {
        path: Fields.join(path, 'code_hash'),
        code: 'code_hash_mismatch',
        expected: `${actual} (keccak-256 of the inline code)`,
        value: codeHash,
        message: `account ${at}: code_hash does not match its inline code`,
      })
    codeHash = actual
    code = inline.toLowerCase()
  } else if (codeHash !== null) code = codes.get(codeHash) ?? null
  return { address: at, balance, nonce, codeHash, code, storage: storage ?? [] }
}

function storageOf(ctx: Ctx, obj: Obj, path: string) {
  const raw = Fields.member(obj, 'storage')
  if (raw === undefined || raw === null) return []
  const here = Fields.join(path, 'storage')
  const map = Fields.object(ctx, raw, here)
  if (map === undefined) return undefined
  const out: { slot: string; value: string }[] = []
  for (const key of Object.keys(map)) {
    const at = Fields.join(here, key)
    const slot = word(key)
    const value = Fields.member(map, key)
    const parsed = typeof value === 'string' ? word(value) : undefined
    if (slot === undefined)
      Fields.report(ctx, {
        path: at,
        code: 'invalid_slot',
        expected: '0x followed by 1 to 64 hex characters',
        value: key,
        message: 'storage key is not a 256-bit hex word',
      })
    if (parsed === undefined)
      Fields.report(ctx, {
        path: at,
        code: typeof value === 'string' ? 'invalid_quantity' : 'wrong_type',
        expected: '0x followed by 1 to 64 hex characters',
        value,
        message: 'storage value is not a 256-bit hex word',
      })
    if (slot !== undefined && parsed !== undefined) out.push({ slot, value: parsed })
  }
  out.sort((a, b) => (a.slot < b.slot ? -1 : a.slot > b.slot ? 1 : 0))
  for (let i = 1; i < out.length; i++)
    if (out[i]?.slot === out[i - 1]?.slot)
      Fields.report(ctx, {
        path: here,
        code: 'duplicate_slot',
        expected: 'each slot once',
        value: out[i]?.slot,
        message: `storage slot ${out[i]?.slot} appears more than once (as different spellings)`,
      })
  return out
}

/**
 * `bytecodes.json`: code hash → code. Keys and hex are checked here; that each key is the
 * keccak-256 of its code is checked by `checkCode` when a block uses the code (hashing all of a
 * large pack's code up front would cost seconds a one-block replay does not need).
 */
export function codesFromJson(value: unknown, file: string): Parsed<Map<string, string>> {
  const ctx = Fields.context(file)
  const obj = Fields.object(ctx, value, '')
  if (obj === undefined) return { issues: ctx.issues }
  const codes = new Map<string, string>()
  for (const key of Object.keys(obj)) {
    const code = Fields.member(obj, key)
    if (!Fields.HASH.test(key)) {
      Fields.report(ctx, {
        path: key,
        code: 'invalid_hash',
        expected: Fields.HASH_FORM,
        value: key,
        message: 'a code key must be the code hash',
      })
    } else if (typeof code !== 'string' || !DATA.test(code)) {
      Fields.report(ctx, {
        path: key,
        code: typeof code === 'string' ? 'invalid_hex' : 'wrong_type',
        expected: '0x followed by an even number of hex characters',
        value: code,
        message: 'code is not hex bytes',
      })
    } else codes.set(key.toLowerCase(), code.toLowerCase())
  }
  return ctx.issues.length > 0 ? { issues: ctx.issues } : { value: codes, issues: [] }
}

/** An issue when `code` (stored under `hash` in `file`) does not hash to it; else undefined. */
export function checkCode(file: string, hash: string, code: string): Issue.Issue | undefined {
  const actual = keccak(code)
  if (actual === hash) return undefined
  const ctx = Fields.context(file)
  Fields.report(ctx, {
    path: hash,
    code: 'code_hash_mismatch',
    expected: `${actual} (keccak-256 of the code)`,
    value: hash,
    message: 'the code under this key does not hash to it',
  })
  return ctx.issues[0]
}

/** `block_hashes.json`: decimal block number → block hash. */
export function blockHashesFromJson(value: unknown, file: string): Parsed<Map<number, string>> {
  const ctx = Fields.context(file)
  const obj = Fields.object(ctx, value, '')
  if (obj === undefined) return { issues: ctx.issues }
  const hashes = new Map<number, string>()
  for (const key of Object.keys(obj)) {
    const number = /^(0|[1-9][0-9]{0,15})$/.test(key) ? Number(key) : Number.NaN
    if (!Number.isSafeInteger(number)) {
      Fields.report(ctx, {
        path: key,
        code: 'invalid_block_number',
        expected: 'a decimal block number <= 2^53-1',
        value: key,
        message: 'a block-hash key must be a block number',
      })
      continue
    }
    const hash = hex32(ctx, obj, '', key)
    if (hash !== undefined) hashes.set(number, hash)
  }
  return ctx.issues.length > 0 ? { issues: ctx.issues } : { value: hashes, issues: [] }
}

/** keccak-256 of hex bytes, as `0x` + 64 lower-case hex digits. */
export function keccak(hex: string): string {
  return `0x${Buffer.from(keccak_256(Buffer.from(hex.slice(2), 'hex'))).toString('hex')}`
}

/**
 * A JSON-RPC quantity of at most `bits` bits: `0x` + 1 to 64 hex digits, or (with `numbers`, as
 * pevm's pre-states write nonces) a non-negative safe integer.
 */
function quantity(
  ctx: Ctx,
  obj: Obj,
  path: string,
  key: string,
  bits: number,
  numbers = false,
): bigint | undefined {
  const value = Fields.member(obj, key)
  const at = Fields.join(path, key)
  const form = `a hex quantity below 2^${bits}${numbers ? ' (or a non-negative integer)' : ''}`
  if (value === undefined) return requiredMissing(ctx, path, key, form)
  let parsed: bigint | undefined
  if (typeof value === 'string' && QUANTITY.test(value)) parsed = BigInt(value)
  else if (numbers && typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)
    parsed = BigInt(value)
  if (parsed !== undefined && parsed < 1n << BigInt(bits)) return parsed
  Fields.report(ctx, {
    path: at,
    code:
      typeof value === 'string' || (numbers && typeof value === 'number')
        ? 'invalid_quantity'
        : 'wrong_type',
    expected: form,
    value,
    message: `\`${key}\`: expected ${form}`,
  })
  return undefined
}

function requiredMissing(ctx: Ctx, path: string, key: string, form = 'a value'): undefined {
  Fields.report(ctx, {
    path: Fields.join(path, key),
    code: 'missing_field',
    expected: form,
    value: undefined,
    message: `missing required field \`${key}\``,
  })
  return undefined
}

/** Runs `read` when `key` is present and not null; else null (an optional field). */
function optional<T>(obj: Obj, key: string, read: () => T | undefined): T | null | undefined {
  const value = Fields.member(obj, key)
  return value === undefined || value === null ? null : read()
}

function matching(
  ctx: Ctx,
  obj: Obj,
  path: string,
  key: string,
  pattern: RegExp,
  form: string,
): string | undefined {
  const value = Fields.member(obj, key)
  if (value === undefined) return requiredMissing(ctx, path, key, form)
  if (typeof value === 'string' && pattern.test(value)) return value.toLowerCase()
  Fields.report(ctx, {
    path: Fields.join(path, key),
    code: typeof value === 'string' ? 'invalid_hex' : 'wrong_type',
    expected: form,
    value,
    message: `\`${key}\`: expected ${form}`,
  })
  return undefined
}

function hex32(ctx: Ctx, obj: Obj, path: string, key: string): string | undefined {
  return matching(ctx, obj, path, key, Fields.HASH, Fields.HASH_FORM)
}

function address(ctx: Ctx, obj: Obj, path: string, key: string): string | undefined {
  return matching(ctx, obj, path, key, Fields.ADDRESS, Fields.ADDRESS_FORM)
}

function nullableAddress(ctx: Ctx, obj: Obj, path: string, key: string) {
  return optional(obj, key, () => address(ctx, obj, path, key))
}

function data(ctx: Ctx, obj: Obj, path: string, key: string): string | undefined {
  return matching(ctx, obj, path, key, DATA, '0x followed by an even number of hex characters')
}

function hashes(ctx: Ctx, obj: Obj, path: string, key: string): string[] {
  return (
    Fields.array(ctx, obj, path, key, (item, here) => {
      if (typeof item === 'string' && Fields.HASH.test(item)) return item.toLowerCase()
      Fields.report(ctx, {
        path: here,
        code: typeof item === 'string' ? 'invalid_hex' : 'wrong_type',
        expected: Fields.HASH_FORM,
        value: item,
        message: `expected ${Fields.HASH_FORM}`,
      })
      return undefined
    }) ?? []
  )
}

/** A hex word of up to 64 digits, as `0x` + exactly 64 lower-case digits. */
function word(text: string): string | undefined {
  if (!QUANTITY.test(text)) return undefined
  return `0x${text.slice(2).toLowerCase().padStart(64, '0')}`
}
