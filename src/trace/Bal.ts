/**
 * EIP-7928 block-level access lists (BALs), plain data: every account a block touched, with the
 * post-value of each change per block access index (0 = before the first transaction, 1..n = the
 * transactions, n+1 = after the last) and the storage slots it only read. This is the lab's one
 * BAL vocabulary: the execution-apis JSON form lives in `BalWire.ts`, the RLP codec and the hash
 * (ethereumjs's) in `evm/BalCodec.ts`.
 *
 * Canonical form (what `assemble` returns and `check` demands): accounts by address, slots by
 * value, changes by index, each strictly increasing; a slot is in `storageChanges` or in
 * `storageReads`, never both. Addresses and slots are lower-case hex (`0x` + 40 / 64 digits).
 */
import * as Order from '../primitives/Order.ts'
import * as Issue from './Issue.ts'

/** One post-value at a block access index. */
export type Change<T> = { readonly index: number; readonly value: T }

/** A slot's post-values, `value` a 32-byte word (`0x` + 64 hex digits). */
export type SlotChanges = { readonly slot: string; readonly changes: readonly Change<string>[] }

/** One account's entry. */
export type Account = {
  readonly address: string
  readonly storageChanges: readonly SlotChanges[]
  readonly storageReads: readonly string[]
  readonly balanceChanges: readonly Change<bigint>[]
  readonly nonceChanges: readonly Change<bigint>[]
  /** New runtime code, `0x`-prefixed hex (`0x`: the code was removed). */
  readonly codeChanges: readonly Change<string>[]
}

/** A block-level access list: accounts sorted by address. */
export type Bal = readonly Account[]

/** One changed field of one account at one index (what a transaction wrote, net). */
export type Write =
  | { readonly field: 'balance' | 'nonce'; readonly address: string; readonly value: bigint }
  | { readonly field: 'code'; readonly address: string; readonly value: string }
  | {
      readonly field: 'storage'
      readonly address: string
      readonly slot: string
      readonly value: string
    }

/** What one block access index did: the addresses it touched, the slots it read, its writes. */
export type Part = {
  readonly index: number
  /** Every address accessed (written, read, called, or only checked). */
  readonly touched: readonly string[]
  /** Slots accessed whose value the index did not change (SLOAD, or a write back to the old value). */
  readonly reads: readonly { readonly address: string; readonly slot: string }[]
  readonly writes: readonly Write[]
}

/**
 * Assembles the canonical BAL of a block from its parts (any order): each address touched once
 * becomes an entry; a slot changed at any index is listed under `storageChanges` only, a slot only
 * ever read under `storageReads`.
 * @example Bal.assemble([{ index: 1, touched: [a], reads: [], writes: [{ field: 'nonce', address: a, value: 1n }] }])
 */
export function assemble(parts: readonly Part[]): Bal {
  type Draft = {
    storage: Map<string, Change<string>[]>
    reads: Set<string>
    balance: Change<bigint>[]
    nonce: Change<bigint>[]
    code: Change<string>[]
  }
  const accounts = new Map<string, Draft>()
  const draft = (address: string): Draft => {
    let d = accounts.get(address)
    if (d === undefined) {
      d = { storage: new Map(), reads: new Set(), balance: [], nonce: [], code: [] }
      accounts.set(address, d)
    }
    return d
  }
  for (const part of parts) {
    for (const address of part.touched) draft(address)
    for (const r of part.reads) draft(r.address).reads.add(r.slot)
    for (const w of part.writes) {
      const d = draft(w.address)
      if (w.field === 'storage') {
        const list = d.storage.get(w.slot) ?? []
        list.push({ index: part.index, value: w.value })
        d.storage.set(w.slot, list)
      } else if (w.field === 'code') d.code.push({ index: part.index, value: w.value })
      else d[w.field].push({ index: part.index, value: w.value })
    }
  }
  const byIndex = <T>(list: Change<T>[]) => list.sort(Order.by((c) => c.index, Order.numbers))
  return [...accounts.entries()]
    .sort(Order.by(([address]) => address, Order.strings))
    .map(([address, d]) => ({
      address,
      storageChanges: [...d.storage.entries()]
        .sort(Order.by(([slot]) => slot, Order.strings))
        .map(([slot, changes]) => ({ slot, changes: byIndex(changes) })),
      storageReads: [...d.reads].filter((slot) => !d.storage.has(slot)).sort(Order.strings),
      balanceChanges: byIndex(d.balance),
      nonceChanges: byIndex(d.nonce),
      codeChanges: byIndex(d.code),
    }))
}

/** The writes recorded at `index`, in canonical key order (`keyOf`). */
export function writesAt(bal: Bal, index: number): Write[] {
  const out: Write[] = []
  const at = <T>(changes: readonly Change<T>[]): Change<T> | undefined =>
    changes.find((c) => c.index === index)
  for (const a of bal) {
    const balance = at(a.balanceChanges)
    if (balance) out.push({ field: 'balance', address: a.address, value: balance.value })
    const nonce = at(a.nonceChanges)
    if (nonce) out.push({ field: 'nonce', address: a.address, value: nonce.value })
    const code = at(a.codeChanges)
    if (code) out.push({ field: 'code', address: a.address, value: code.value })
    for (const s of a.storageChanges) {
      const change = at(s.changes)
      if (change)
        out.push({ field: 'storage', address: a.address, slot: s.slot, value: change.value })
    }
  }
  return out.sort(Order.by(keyOf, compareKeys))
}

/** Every write of the BAL grouped by index (indices without writes are absent). */
export function writesByIndex(bal: Bal): Map<number, Write[]> {
  const indices = new Set<number>()
  for (const a of bal) {
    for (const c of [...a.balanceChanges, ...a.nonceChanges, ...a.codeChanges]) indices.add(c.index)
    for (const s of a.storageChanges) for (const c of s.changes) indices.add(c.index)
  }
  const out = new Map<number, Write[]>()
  for (const index of [...indices].sort(Order.numbers)) out.set(index, writesAt(bal, index))
  return out
}

/**
 * The key a write changes, in the analyzer's key vocabulary: `balance:<address>`,
 * `nonce:<address>`, `code:<address>`, `storage:<address>:<slot>`.
 */
export function keyOf(w: Write): string {
  return w.field === 'storage' ? `storage:${w.address}:${w.slot}` : `${w.field}:${w.address}`
}

/** The value of a write as text (quantities in decimal, words and code as hex). */
export function valueText(w: Write | undefined): string {
  if (w === undefined) return 'no change'
  return typeof w.value === 'bigint' ? w.value.toString() : w.value
}

/** The first key (in key order) whose write differs between `expected` and `actual`, or null. */
export function firstDifference(
  expected: readonly Write[],
  actual: readonly Write[],
): { readonly key: string; readonly expected: string; readonly actual: string } | null {
  const want = new Map(expected.map((w) => [keyOf(w), w]))
  const got = new Map(actual.map((w) => [keyOf(w), w]))
  const keys = [...new Set([...want.keys(), ...got.keys()])].sort(compareKeys)
  for (const key of keys) {
    const a = want.get(key)
    const b = got.get(key)
    if (a === undefined || b === undefined || a.value !== b.value)
      return { key, expected: valueText(a), actual: valueText(b) }
  }
  return null
}

/** Total order of write keys: balance < nonce < code < storage, then by text. */
export function compareKeys(a: string, b: string): number {
  const rank = (k: string) =>
    ['balance:', 'nonce:', 'code:', 'storage:'].findIndex((p) => k.startsWith(p))
  return rank(a) - rank(b) || Order.strings(a, b)
}

/**
 * EIP-7928 item count (what the block gas limit bounds: one item per address and per storage
 * key, changed or read).
 */
export function itemCount(bal: Bal): number {
  return bal.reduce((sum, a) => sum + 1 + a.storageChanges.length + a.storageReads.length, 0)
}

/** The highest block access index any change uses (-1 when nothing changed). */
export function maxIndex(bal: Bal): number {
  let max = -1
  for (const a of bal) {
    for (const c of [...a.balanceChanges, ...a.nonceChanges, ...a.codeChanges])
      max = Math.max(max, c.index)
    for (const s of a.storageChanges) for (const c of s.changes) max = Math.max(max, c.index)
  }
  return max
}

/** Largest block access index a BAL may use (EIP-7928 encodes it as a uint32). */
export const MAX_INDEX = 0xffff_ffff

/**
 * Checks the canonical form and reports every violation as an issue of `file` whose path names
 * the entry in the execution-apis JSON form (`[3].storageChanges[1].changes[0].index`): accounts,
 * slots, reads and change indices must strictly increase (a repeat is a duplicate), a slot may
 * not be both changed and read, and indices must be at most `maxIndex` (`n + 1` when the block is
 * known, else `MAX_INDEX`).
 */
export function check(bal: Bal, file: string, maxIndexAllowed = MAX_INDEX): Issue.Issue[] {
  const issues: Issue.Issue[] = []
  const order = (
    path: string,
    what: string,
    previous: string | number | undefined,
    current: string | number,
  ): void => {
    if (previous === undefined || previous < current) return
    const duplicate = previous === current
    issues.push(
      Issue.from({
        file,
        path,
        code: duplicate ? 'duplicate' : 'out_of_order',
        expected: `${what} in strictly increasing order`,
        value: current,
        message: duplicate
          ? `duplicate ${what} ${current}`
          : `${what} ${current} is out of order (it follows ${previous})`,
      }),
    )
  }
  const indices = (path: string, changes: readonly Change<unknown>[]): void => {
    let previous: number | undefined
    changes.forEach((c, k) => {
      const here = `${path}[${k}].index`
      order(here, 'block access index', previous, c.index)
      if (c.index > maxIndexAllowed)
        issues.push(
          Issue.from({
            file,
            path: here,
            code: 'index_out_of_range',
            expected: `a block access index in 0..=${maxIndexAllowed}`,
            value: c.index,
            message: `block access index ${c.index} is beyond the block (at most ${maxIndexAllowed})`,
          }),
        )
      previous = c.index
    })
  }
  let previousAddress: string | undefined
  bal.forEach((a, i) => {
    order(`[${i}].address`, 'account', previousAddress, a.address)
    previousAddress = a.address
    let previousSlot: string | undefined
    a.storageChanges.forEach((s, j) => {
      order(`[${i}].storageChanges[${j}].key`, 'storage slot', previousSlot, s.slot)
      previousSlot = s.slot
      indices(`[${i}].storageChanges[${j}].changes`, s.changes)
    })
    const changed = new Set(a.storageChanges.map((s) => s.slot))
    let previousRead: string | undefined
    a.storageReads.forEach((slot, j) => {
      order(`[${i}].storageReads[${j}]`, 'storage read', previousRead, slot)
      previousRead = slot
      if (changed.has(slot))
        issues.push(
          Issue.from({
            file,
            path: `[${i}].storageReads[${j}]`,
            code: 'read_and_changed',
            expected: 'a slot that is not also in storageChanges',
            value: slot,
            message: `slot ${slot} of ${a.address} is both changed and only read`,
          }),
        )
    })
    indices(`[${i}].balanceChanges`, a.balanceChanges)
    indices(`[${i}].nonceChanges`, a.nonceChanges)
    indices(`[${i}].codeChanges`, a.codeChanges)
  })
  return issues
}
