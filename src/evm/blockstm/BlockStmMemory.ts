/**
 * Multi-version memory of the EVM Block-STM, as plain data: key → versions sorted by tx. The
 * coordinator holds the authoritative copy; each worker holds a replica kept current by the same
 * `apply` calls (shipped as an update log with each task). Keys are the trace world's canonical
 * key ids (`trace/Key.ts`): an account's nonce, storage root and code hash (and whether it
 * exists), its balance, its code, or one storage word.
 *
 * Balances are versioned apart from the rest of the account so that a credit can be *lazy*: a
 * transaction that adds to a balance without ever looking at it (a fee payment, a value transfer
 * to a recipient, WETH's own balance on a deposit) writes `{ add }` instead of an absolute
 * `{ set }`, and reads nothing, so it depends on no earlier writer of that balance. A balance is
 * the last `set` below a reader (or the pre-block balance) plus every `add` above it. An `add`
 * is negative when a contract sends value it only checked it had (WETH's own balance on a
 * withdrawal): that tx reads only that the balance below covers it (`{ atLeast }`).
 */
import * as Key from '../../trace/Key.ts'

/** An account's fields other than its balance, or null for no account. Hex is `0x`-prefixed. */
export type AccountValue = {
  readonly nonce: bigint
  readonly storageRoot: string
  readonly codeHash: string
} | null

/** A balance write: an absolute value, or an addition to whatever lies below it. */
export type BalanceWrite = { readonly set: bigint } | { readonly add: bigint }

/** A versioned value: account fields, a balance write, or hex bytes (code, storage word). */
export type Value = AccountValue | BalanceWrite | string

/** One version of a key: written by incarnation `inc` of `tx`; `estimate` marks an aborted one. */
export type Entry = { readonly tx: number; inc: number; estimate: boolean; value: Value }

/** A version read: `tx` -1 is the pre-block state. */
export type Version = { readonly tx: number; readonly inc: number }

/**
 * What an incarnation read of one key, as validation re-checks it: the version of an ordinary
 * key; for an account's fields that the tx never looked into (it only credited the account),
 * whether the account existed; for a balance, the value it observed, or (when it only credited an
 * account that could be empty) whether that balance was zero, which EIP-161's emptiness checks
 * depend on, or (when it only checked that the balance covered what it sent) the least balance
 * that keeps every such check passing.
 */
export type Read = Version | { readonly exists: boolean } | BalanceRead | NoStorageRead

/**
 * No earlier transaction wrote a storage word of the account outside its pre-block slots
 * (`storageBelow`): a transaction that deletes the account (or creates a contract over it) then
 * knows every word it must clear. Recorded under the account's storage prefix
 * (`Key.storageId(address, '')`, never a slot's own id).
 */
export type NoStorageRead = { readonly noStorageBelow: true }

/** A balance read: its value, its zero-ness, or that it covers an amount. */
type BalanceRead =
  | { readonly balance: bigint }
  | { readonly zero: boolean }
  | { readonly atLeast: bigint }

/** What validation needs of the pre-block state. */
export type Base = {
  /** The account's pre-block storage, word by slot (32-byte hex slots). */
  readonly storageOf: (address: string) => ReadonlyMap<string, string>
  /** The pre-block balance of an address (0 for an account that does not exist). */
  readonly balance: (address: string) => bigint
  /** Whether the account exists before the block. */
  readonly exists: (address: string) => boolean
}

/** A change to the memory, in the order the coordinator made it. */
export type Update =
  | {
      readonly type: 'record'
      readonly tx: number
      readonly inc: number
      readonly writes: readonly (readonly [Key.Id, Value])[]
    }
  | { readonly type: 'estimate'; readonly tx: number }

/** The memory: versions per key, and each tx's current write set. */
export type Memory = {
  readonly versions: Map<Key.Id, Entry[]>
  readonly written: Map<number, readonly Key.Id[]>
  /**
   * Per balance key, the last balance computed (below `tx`): the next reader above it walks only
   * the versions between, one below it only the versions between it and `tx` (a fee recipient
   * credited by every tx would otherwise cost a walk over all of them per read). A change to an
   * addition between `floor` and `tx` adjusts it; any other change there drops it.
   */
  readonly sums: Map<Key.Id, Sum>
  /** Per address, every storage key that has had a version in this run (`storageBelow`). */
  readonly storageKeys: Map<string, Key.Id[]>
}

/**
 * A balance as seen below `tx`: the `set` at `floor` (-1: the pre-block balance) plus every `add`
 * in between; `estimate` is the highest aborted writer in [`floor`, `tx`) (-1: none).
 */
type Sum = {
  readonly tx: number
  readonly value: bigint
  readonly estimate: number
  readonly floor: number
}

/** An empty memory. */
export function create(): Memory {
  return { versions: new Map(), written: new Map(), sums: new Map(), storageKeys: new Map() }
}

/** Empties the memory in place (a worker's replica, before the next run over the same block). */
export function clear(memory: Memory): void {
  memory.versions.clear()
  memory.written.clear()
  memory.sums.clear()
  memory.storageKeys.clear()
}

/**
 * Applies one update. A record replaces the tx's previous write set (stale keys are removed) and
 * returns true when it wrote a key the previous incarnation did not (Block-STM's `wrote_new_location`).
 */
export function apply(memory: Memory, update: Update): boolean {
  const before = memory.written.get(update.tx) ?? []
  if (update.type === 'estimate') {
    for (const key of before) {
      const entry = find(memory, key, update.tx)
      if (entry === undefined) continue
      changed(memory, key, update.tx, entry, { value: entry.value, estimate: true })
      entry.estimate = true
    }
    return false
  }
  const now = new Set(update.writes.map(([key]) => key))
  for (const key of before) {
    if (now.has(key)) continue
    const list = memory.versions.get(key)
    const entry = find(memory, key, update.tx)
    changed(memory, key, update.tx, entry, undefined)
    if (list !== undefined && entry !== undefined) list.splice(indexBelow(list, update.tx + 1), 1)
  }
  const old = new Set(before)
  let wroteNew = false
  for (const [key, value] of update.writes) {
    if (!old.has(key)) wroteNew = true
    const entry = find(memory, key, update.tx)
    changed(memory, key, update.tx, entry, { value, estimate: false })
    if (entry) {
      entry.inc = update.inc
      entry.estimate = false
      entry.value = value
    } else insert(memory, key, { tx: update.tx, inc: update.inc, estimate: false, value })
  }
  memory.written.set(update.tx, [...now])
  return wroteNew
}

/** The highest version of `key` written below `tx`, or undefined (read the pre-block state). */
export function latestBelow(memory: Memory, key: Key.Id, tx: number): Entry | undefined {
  const list = memory.versions.get(key)
  if (list === undefined) return undefined
  return list[indexBelow(list, tx)]
}

/**
 * The index of the last version written below `tx` (-1: none). Versions are sorted by tx, and a
 * key many transactions write (a hot slot, a fee recipient's balance) has as many versions, so
 * this is a binary search, not a walk from the top.
 */
function indexBelow(list: readonly Entry[], tx: number): number {
  let low = 0
  let high = list.length
  while (low < high) {
    const mid = (low + high) >>> 1
    if ((list[mid] as Entry).tx < tx) low = mid + 1
    else high = mid
  }
  return low - 1
}

/**
 * True when a storage word of `address` other than its pre-block slots has a version below `tx`
 * (an ESTIMATE included): an earlier transaction wrote a word of the account that the pre-block
 * state does not list.
 */
export function storageBelow(memory: Memory, address: string, tx: number, base: Base): boolean {
  const keys = memory.storageKeys.get(address)
  if (keys === undefined) return false
  const pre = base.storageOf(address)
  for (const key of keys) {
    const first = memory.versions.get(key)?.[0]
    if (first !== undefined && first.tx < tx && !pre.has(Key.slotOf(key) ?? '')) return true
  }
  return false
}

/**
 * True when the balance of `address` below `tx` is non-zero whatever any ESTIMATE under it turns
 * into: the highest write below `tx` is not an estimate and leaves a positive balance (a positive
 * `set`, or a positive `add` on top of a balance that cannot be negative). A zero-ness read (EIP-161
 * emptiness) need not wait for the aborted writers below such a write: a fee recipient credited by
 * every transaction would otherwise make each one wait for any aborted transaction below it.
 */
export function surelyNonzero(memory: Memory, address: string, tx: number): boolean {
  const entry = latestBelow(memory, Key.balanceId(address), tx)
  if (entry === undefined || entry.estimate) return false
  const write = entry.value as BalanceWrite
  return 'set' in write ? write.set > 0n : write.add > 0n
}

/**
 * The balance of `address` as `tx` would see it: the highest `set` below `tx` (else `base`) plus
 * every `add` above that set. `estimate` is the highest aborted writer the walk met (-1: none):
 * its value may still change, so a reader that depends on the balance must wait for it.
 */
export function balanceBelow(
  memory: Memory,
  address: string,
  tx: number,
  base: Base,
): { readonly value: bigint; readonly estimate: number } {
  const key = Key.balanceId(address)
  const list = memory.versions.get(key)
  if (list === undefined) return { value: base.balance(address), estimate: -1 }
  const sum = memory.sums.get(key)
  const result = (sum && below(list, sum, tx)) ?? walk(list, sum, tx, base.balance(address))
  memory.sums.set(key, result)
  return { value: result.value, estimate: result.estimate }
}

/**
 * The balance below `tx` from the versions at or above `sum.tx` down to the first `set` (else
 * `sum`, when `tx` is at or above `sum.tx`; else the pre-block balance `initial`).
 */
function walk(list: readonly Entry[], sum: Sum | undefined, tx: number, initial: bigint): Sum {
  // Versions below `from` are already summed in `sum` (when it is not above `tx`).
  const from = sum !== undefined && sum.tx <= tx ? sum.tx : -Infinity
  let added = 0n
  let estimate = -1
  for (let i = indexBelow(list, tx); i >= 0; i--) {
    const entry = list[i] as Entry
    if (entry.tx < from) break
    if (entry.estimate && estimate < 0) estimate = entry.tx
    const write = entry.value as BalanceWrite
    if ('set' in write) return { tx, value: write.set + added, estimate, floor: entry.tx }
    added += write.add
  }
  if (from === -Infinity || sum === undefined)
    return { tx, value: initial + added, estimate, floor: -1 }
  const highest = estimate >= 0 ? estimate : sum.estimate
  return { tx, value: sum.value + added, estimate: highest, floor: sum.floor }
}

/**
 * The balance below `tx` < `sum.tx` by taking back the additions in [`tx`, `sum.tx`) from
 * `sum`, or undefined when that cannot be known this way (`tx` at or below the floor, a `set`
 * in between, or the highest estimate in between).
 */
function below(list: readonly Entry[], sum: Sum, tx: number): Sum | undefined {
  if (tx >= sum.tx || tx <= sum.floor || sum.estimate >= tx) return undefined
  let value = sum.value
  for (let i = indexBelow(list, sum.tx); i >= 0; i--) {
    const entry = list[i] as Entry
    if (entry.tx < tx) break
    const write = entry.value as BalanceWrite
    if ('set' in write) return undefined
    value -= write.add
  }
  return { tx, value, estimate: sum.estimate, floor: sum.floor }
}

/**
 * Notes a change to `key`'s version of `tx` (`old` → `next`, undefined: none) before it is made: a
 * cached sum that covers it is adjusted when only an addition changed, else dropped.
 */
function changed(
  memory: Memory,
  key: Key.Id,
  tx: number,
  old: { readonly value: Value; readonly estimate: boolean } | undefined,
  next: { readonly value: Value; readonly estimate: boolean } | undefined,
): void {
  const sum = memory.sums.get(key)
  if (sum === undefined || tx >= sum.tx || tx < sum.floor) return
  const before = old === undefined ? 0n : addOf(old.value)
  const after = next === undefined ? 0n : addOf(next.value)
  const wasEstimate = old?.estimate ?? false
  const isEstimate = next?.estimate ?? false
  if (tx === sum.floor || before === undefined || after === undefined) {
    memory.sums.delete(key)
    return
  }
  if (wasEstimate && !isEstimate && sum.estimate === tx) {
    memory.sums.delete(key)
    return
  }
  const estimate = isEstimate && tx > sum.estimate ? tx : sum.estimate
  memory.sums.set(key, {
    tx: sum.tx,
    value: sum.value + after - before,
    estimate,
    floor: sum.floor,
  })
}

/** The amount of a balance addition, or undefined for a `set`. */
function addOf(value: Value): bigint | undefined {
  const write = value as BalanceWrite
  return 'add' in write ? write.add : undefined
}

/**
 * True when every read of `tx` would read the same now: ordinary keys the same version (no
 * ESTIMATE), unexamined accounts the same existence, balances the same value, zero-ness or
 * sufficiency (no ESTIMATE met on the way).
 */
export function validate(
  memory: Memory,
  tx: number,
  reads: readonly (readonly [Key.Id, Read])[],
  base: Base,
): boolean {
  for (const [key, read] of reads) {
    if ('noStorageBelow' in read) {
      if (storageBelow(memory, Key.addressOf(key), tx, base)) return false
      continue
    }
    if ('tx' in read || 'exists' in read) {
      const entry = latestBelow(memory, key, tx)
      if (entry?.estimate) return false
      if ('exists' in read) {
        const exists = entry === undefined ? base.exists(Key.addressOf(key)) : entry.value !== null
        if (exists !== read.exists) return false
      } else if (
        entry === undefined ? read.tx !== -1 : entry.tx !== read.tx || entry.inc !== read.inc
      )
        return false
      continue
    }
    const address = Key.addressOf(key)
    // A balance read as non-zero that is surely non-zero still is; no need to sum it (a deposit
    // address credited by every other tx would cost a walk over those credits per validation).
    if ('zero' in read && !read.zero && surelyNonzero(memory, address, tx)) continue
    const now = balanceBelow(memory, address, tx, base)
    if (now.estimate >= 0) {
      // Only a zero-ness read can hold over an aborted writer: when the balance is surely non-zero.
      if (!('zero' in read) || read.zero || !surelyNonzero(memory, address, tx)) return false
      continue
    }
    if (!holds(read, now.value)) return false
  }
  return true
}

/** Whether a balance read still reads the same when the balance below is `value`. */
function holds(read: BalanceRead, value: bigint): boolean {
  if ('balance' in read) return value === read.balance
  if ('atLeast' in read) return value >= read.atLeast
  return (value === 0n) === read.zero
}

/**
 * The final value of every written key, in key order: its highest writer's value, except balances,
 * which are folded from the pre-block balance through every write in transaction order.
 */
export function finalValues(memory: Memory, base: Base): [Key.Id, Value][] {
  const out: [Key.Id, Value][] = []
  for (const [key, list] of memory.versions) {
    const last = list[list.length - 1]
    if (last === undefined) continue
    if (Key.typeOf(key) !== 'balance') out.push([key, last.value])
    else out.push([key, { set: balanceBelow(memory, Key.addressOf(key), Infinity, base).value }])
  }
  return out.sort((a, b) => Key.compareIds(a[0], b[0]))
}

/** The version `tx` wrote, or undefined. */
function find(memory: Memory, key: Key.Id, tx: number): Entry | undefined {
  const list = memory.versions.get(key)
  if (list === undefined) return undefined
  const entry = list[indexBelow(list, tx + 1)]
  return entry?.tx === tx ? entry : undefined
}

function insert(memory: Memory, key: Key.Id, entry: Entry): void {
  let list = memory.versions.get(key)
  if (list === undefined) {
    list = []
    memory.versions.set(key, list)
    if (Key.typeOf(key) === 'storage') {
      const address = Key.addressOf(key)
      const keys = memory.storageKeys.get(address)
      if (keys === undefined) memory.storageKeys.set(address, [key])
      else keys.push(key)
    }
  }
  list.splice(indexBelow(list, entry.tx) + 1, 0, entry)
}
