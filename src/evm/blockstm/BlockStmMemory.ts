/**
 * Multi-version memory of the EVM Block-STM, as plain data: key → versions sorted by tx. The
 * coordinator holds the authoritative copy; each worker holds a replica kept current by the same
 * `apply` calls (shipped as an update log with each task). Keys are the trace world's canonical
 * key ids (`trace/Key.ts`): an account as a whole (nonce, balance, storage root, code hash), an
 * account's code, or one storage word.
 */
import * as Key from '../../trace/Key.ts'

/** An account's fields, or null for no account. Hex strings are `0x`-prefixed. */
export type AccountValue = {
  readonly nonce: bigint
  readonly balance: bigint
  readonly storageRoot: string
  readonly codeHash: string
} | null

/** A versioned value: an account, or hex bytes (code, storage word). */
export type Value = AccountValue | string

/** One version of a key: written by incarnation `inc` of `tx`; `estimate` marks an aborted one. */
export type Entry = { readonly tx: number; inc: number; estimate: boolean; value: Value }

/** A version read: `tx` -1 is the pre-block state. */
export type Version = { readonly tx: number; readonly inc: number }

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
}

/** An empty memory. */
export function create(): Memory {
  return { versions: new Map(), written: new Map() }
}

/** Empties the memory in place (a worker's replica, before the next run over the same block). */
export function clear(memory: Memory): void {
  memory.versions.clear()
  memory.written.clear()
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
      if (entry) entry.estimate = true
    }
    return false
  }
  const now = new Set(update.writes.map(([key]) => key))
  for (const key of before) {
    if (now.has(key)) continue
    const list = memory.versions.get(key)
    const at = list?.findIndex((e) => e.tx === update.tx) ?? -1
    if (at >= 0) list?.splice(at, 1)
  }
  const old = new Set(before)
  let wroteNew = false
  for (const [key, value] of update.writes) {
    if (!old.has(key)) wroteNew = true
    const entry = find(memory, key, update.tx)
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
  for (let i = list.length - 1; i >= 0; i--) {
    const entry = list[i] as Entry
    if (entry.tx < tx) return entry
  }
  return undefined
}

/** True when every version in `reads` is still the one `tx` would read now (no ESTIMATE either). */
export function validate(
  memory: Memory,
  tx: number,
  reads: readonly (readonly [Key.Id, Version])[],
): boolean {
  for (const [key, version] of reads) {
    const entry = latestBelow(memory, key, tx)
    if (entry === undefined) {
      if (version.tx !== -1) return false
    } else if (entry.estimate || entry.tx !== version.tx || entry.inc !== version.inc) return false
  }
  return true
}

/** The final value of every written key (its highest writer's), in key order. */
export function finalValues(memory: Memory): [Key.Id, Value][] {
  const out: [Key.Id, Value][] = []
  for (const [key, list] of memory.versions) {
    const last = list[list.length - 1]
    if (last !== undefined) out.push([key, last.value])
  }
  return out.sort((a, b) => Key.compareIds(a[0], b[0]))
}

function find(memory: Memory, key: Key.Id, tx: number): Entry | undefined {
  return memory.versions.get(key)?.find((e) => e.tx === tx)
}

function insert(memory: Memory, key: Key.Id, entry: Entry): void {
  let list = memory.versions.get(key)
  if (list === undefined) {
    list = []
    memory.versions.set(key, list)
  }
  let i = list.length
  while (i > 0 && (list[i - 1] as Entry).tx > entry.tx) i--
  list.splice(i, 0, entry)
}
