/**
 * The execution-apis JSON form of a BAL (`eth_getBlockAccessList`'s answer): an array of
 * `{address, storageChanges: [{key, changes: [{index, value}]}], storageReads, balanceChanges:
 * [{index, value}], nonceChanges: [{index, value}], codeChanges: [{index, code}]}` with indices
 * and quantities as minimal hex (`0x0`), slots and storage values as 32-byte words. Parsing
 * reports every problem as an issue with the file and JSON path; the order rules are
 * `Bal.check`'s.
 */
import type * as Json from '../primitives/Json.ts'
import type * as Bal from './Bal.ts'
import * as Fields from './Fields.ts'
import type * as Issue from './Issue.ts'

/** A parse result: `value` only when the input parsed without issues. */
export type Parsed<T> = { readonly value?: T; readonly issues: readonly Issue.Issue[] }

/** The execution-apis JSON form, every field present (as reth serves it). */
export function toJson(bal: Bal.Bal): Json.Value {
  const quantity = (n: bigint | number) => `0x${n.toString(16)}`
  return bal.map((a) => ({
    address: a.address,
    storageChanges: a.storageChanges.map((s) => ({
      key: s.slot,
      changes: s.changes.map((c) => ({ index: quantity(c.index), value: c.value })),
    })),
    storageReads: [...a.storageReads],
    balanceChanges: a.balanceChanges.map((c) => ({
      index: quantity(c.index),
      value: quantity(c.value),
    })),
    nonceChanges: a.nonceChanges.map((c) => ({
      index: quantity(c.index),
      value: quantity(c.value),
    })),
    codeChanges: a.codeChanges.map((c) => ({ index: quantity(c.index), code: c.value })),
  }))
}

type Ctx = Fields.Context
type Obj = Fields.JsonObject

const QUANTITY = /^0x(0|[1-9a-f][0-9a-f]*)$/i
const BYTES = /^0x(?:[0-9a-fA-F]{2})*$/
/** Largest code a change may carry (EIP-7954's 64 KiB initcode bound, with room). */
const MAX_CODE_HEX = 2 * 256 * 1024

/**
 * Parses the execution-apis JSON form. Absent arrays count as empty (the schema requires only
 * `address`); addresses, slots and words are lower-cased. Shape problems come first; a BAL whose
 * shape is right is then checked for order and duplicates (`Bal.check`).
 */
export function fromJson(value: unknown, file: string): Parsed<Bal.Bal> {
  const ctx = Fields.context(file)
  if (!Array.isArray(value)) {
    Fields.wrongType(ctx, '', 'an array of account entries', value)
    return { issues: ctx.issues }
  }
  const accounts: Bal.Account[] = []
  value.forEach((item, i) => {
    const account = accountOf(ctx, item, `[${i}]`)
    if (account !== undefined) accounts.push(account)
  })
  return ctx.issues.length > 0 ? { issues: ctx.issues } : { value: accounts, issues: [] }
}

function accountOf(ctx: Ctx, value: unknown, path: string): Bal.Account | undefined {
  const obj = Fields.object(ctx, value, path)
  if (obj === undefined) return undefined
  const address = matching(ctx, obj, path, 'address', Fields.ADDRESS, Fields.ADDRESS_FORM)
  const storageChanges = Fields.array(ctx, obj, path, 'storageChanges', (item, here) =>
    slotChangesOf(ctx, item, here),
  )
  const storageReads = Fields.array(ctx, obj, path, 'storageReads', (item, here) =>
    word(ctx, item, here),
  )
  const change = <T>(key: string, read: (o: Obj, here: string) => T | undefined) =>
    Fields.array(ctx, obj, path, key, (item, here) => {
      const o = Fields.object(ctx, item, here)
      if (o === undefined) return undefined
      const index = quantity(ctx, o, here, 'index', 32)
      const v = read(o, here)
      return index === undefined || v === undefined ? undefined : { index: Number(index), value: v }
    })
  const balanceChanges = change('balanceChanges', (o, here) => quantity(ctx, o, here, 'value', 256))
  const nonceChanges = change('nonceChanges', (o, here) => quantity(ctx, o, here, 'value', 64))
  const codeChanges = change('codeChanges', (o, here) => code(ctx, o, here))
  const parts = [address, storageChanges, storageReads, balanceChanges, nonceChanges, codeChanges]
  if (parts.some((p) => p === undefined)) return undefined
  return {
    address: (address as string).toLowerCase(),
    storageChanges: storageChanges as Bal.SlotChanges[],
    storageReads: storageReads as string[],
    balanceChanges: balanceChanges as Bal.Change<bigint>[],
    nonceChanges: nonceChanges as Bal.Change<bigint>[],
    codeChanges: codeChanges as Bal.Change<string>[],
  }
}

function slotChangesOf(ctx: Ctx, value: unknown, path: string): Bal.SlotChanges | undefined {
  const obj = Fields.object(ctx, value, path)
  if (obj === undefined) return undefined
  const slot = matching(ctx, obj, path, 'key', Fields.HASH, Fields.HASH_FORM)
  const changes = Fields.array(ctx, obj, path, 'changes', (item, here) => {
    const o = Fields.object(ctx, item, here)
    if (o === undefined) return undefined
    const index = quantity(ctx, o, here, 'index', 32)
    const v = matching(ctx, o, here, 'value', Fields.HASH, Fields.HASH_FORM)
    return index === undefined || v === undefined
      ? undefined
      : { index: Number(index), value: v.toLowerCase() }
  })
  if (slot === undefined || changes === undefined) return undefined
  return { slot: slot.toLowerCase(), changes }
}

function word(ctx: Ctx, value: unknown, path: string): string | undefined {
  if (typeof value === 'string' && Fields.HASH.test(value)) return value.toLowerCase()
  Fields.report(ctx, {
    path,
    code: typeof value === 'string' ? 'invalid_hex' : 'wrong_type',
    expected: Fields.HASH_FORM,
    value,
    message: `expected ${Fields.HASH_FORM}`,
  })
  return undefined
}

function matching(
  ctx: Ctx,
  obj: Obj,
  path: string,
  key: string,
  pattern: RegExp,
  form: string,
): string | undefined {
  const value = Fields.string(ctx, obj, path, key)
  if (value === undefined) return undefined
  if (pattern.test(value)) return value
  Fields.report(ctx, {
    path: Fields.join(path, key),
    code: 'invalid_hex',
    expected: form,
    value,
    message: `expected ${form}`,
  })
  return undefined
}

/** A minimal-hex quantity of at most `bits` bits. */
function quantity(ctx: Ctx, obj: Obj, path: string, key: string, bits: number) {
  const form = `a hex quantity (0x0, 0x1a, …) of at most ${bits} bits`
  const value = Fields.string(ctx, obj, path, key)
  if (value === undefined) return undefined
  if (QUANTITY.test(value) && value.length - 2 <= Math.ceil(bits / 4)) {
    const n = BigInt(value)
    if (n < 1n << BigInt(bits)) return n
  }
  Fields.report(ctx, {
    path: Fields.join(path, key),
    code: 'invalid_quantity',
    expected: form,
    value,
    message: `expected ${form}`,
  })
  return undefined
}

function code(ctx: Ctx, obj: Obj, path: string): string | undefined {
  const value = Fields.string(ctx, obj, path, 'code')
  if (value === undefined) return undefined
  if (BYTES.test(value) && value.length <= MAX_CODE_HEX + 2) return value.toLowerCase()
  const form = `0x followed by an even number of hex digits (at most ${MAX_CODE_HEX / 2} bytes)`
  Fields.report(ctx, {
    path: Fields.join(path, 'code'),
    code: 'invalid_hex',
    expected: form,
    value,
    message: `expected ${form}`,
  })
  return undefined
}
