import * as Order from '../primitives/Order.ts'
import * as Key from '../trace/Key.ts'
import type { AccessSets } from './AccessSets.ts'
import type { KeyContribution } from './ConflictGraph.ts'

/** Hot contract row (docs/original-lab.md §6.2). */
export type HotContract = {
  address: string
  label: string
  touching_txs: number
  unique_slots: number
  gas_of_touching_txs: number | null
  conflict_contribution: number
}

/** Hot storage-slot row (docs/original-lab.md §6.2). */
export type HotSlot = {
  key: string
  address: string
  address_label: string
  slot: string
  touching_txs: number
  gas_of_touching_txs: number | null
  conflict_contribution: number
}

/**
 * Hot key row: a storage slot or an account-level key (an account's balance, nonce or code, or the
 * account as a whole where the tracer did not name the field), labelled by `key_type`.
 */
export type HotKey = {
  /** Display text: `balance:<address>`, `nonce:<address>`, `code:<address>`, `account:<address>`, `storage:<address>:<slot>`. */
  key: string
  key_type: Key.Type
  address: string
  address_label: string
  /** The storage slot; null for account-level keys. */
  slot: string | null
  touching_txs: number
  gas_of_touching_txs: number | null
  conflict_contribution: number
}

type Entry = { txs: number; gas: number; contribution: number }

/** Mutable hot-state accumulator (local to an analysis run; never escapes into outputs). */
export type Accumulator = {
  /** By contract address. */
  readonly contracts: Map<string, Entry>
  /** contract address → its distinct storage keys. */
  readonly contractSlots: Map<string, Set<Key.Id>>
  /** By storage key. */
  readonly slots: Map<Key.Id, Entry>
  /** By account-level key (balance, nonce, code, account). */
  readonly accountKeys: Map<Key.Id, Entry>
  /** key → conflict (pair, key) incidences. */
  readonly keys: Map<Key.Id, number>
}

/** A fresh, empty accumulator. */
export function create(): Accumulator {
  return {
    contracts: new Map(),
    contractSlots: new Map(),
    slots: new Map(),
    accountKeys: new Map(),
    keys: new Map(),
  }
}

/**
 * Adds one block: each tx counts once per distinct address, per distinct `address:slot` and per
 * distinct account-level key it touches (with its gas, missing → 0); each conflict-pair key
 * incidence adds to its key, address and slot or account-level key.
 */
export function add(
  acc: Accumulator,
  sets: readonly AccessSets[],
  gas: readonly (number | null)[],
  contributions: readonly KeyContribution[],
): void {
  sets.forEach((set, position) => {
    const g = gas[position] ?? 0
    const addresses = new Set<string>()
    const slots = new Set<Key.Id>()
    const accountKeys = new Set<Key.Id>()
    for (const list of [set.reads, set.writes]) {
      for (const key of list) {
        addresses.add(Key.addressOf(key))
        if (Key.typeOf(key) === 'storage') slots.add(key)
        else accountKeys.add(key)
      }
    }
    for (const address of addresses) touch(acc.contracts, address, g)
    for (const slot of slots) {
      touch(acc.slots, slot, g)
      slotSet(acc.contractSlots, Key.addressOf(slot)).add(slot)
    }
    for (const key of accountKeys) touch(acc.accountKeys, key, g)
  })
  for (const { key, count } of contributions) {
    acc.keys.set(key, (acc.keys.get(key) ?? 0) + count)
    entry(acc.contracts, Key.addressOf(key)).contribution += count
    const byKey = Key.typeOf(key) === 'storage' ? acc.slots : acc.accountKeys
    entry(byKey, key).contribution += count
  }
}

/** Adds a block accumulator into a range accumulator (txs of different blocks are distinct). */
export function merge(into: Accumulator, from: Accumulator): void {
  for (const [map, source] of [
    [into.contracts, from.contracts],
    [into.slots, from.slots],
    [into.accountKeys, from.accountKeys],
  ] as const) {
    for (const [key, e] of source) {
      const target = entry(map, key)
      target.txs += e.txs
      target.gas += e.gas
      target.contribution += e.contribution
    }
  }
  for (const [address, slots] of from.contractSlots) {
    const target = slotSet(into.contractSlots, address)
    for (const slot of slots) target.add(slot)
  }
  for (const [key, count] of from.keys) into.keys.set(key, (into.keys.get(key) ?? 0) + count)
}

/** Top contracts: contribution desc, touching txs desc, address asc. */
export function topContracts(acc: Accumulator, limit: number, hasGas: boolean): HotContract[] {
  return ranked(acc.contracts, limit).map(([address, e]) => ({
    address,
    label: 'unknown',
    touching_txs: e.txs,
    unique_slots: acc.contractSlots.get(address)?.size ?? 0,
    gas_of_touching_txs: hasGas ? e.gas : null,
    conflict_contribution: e.contribution,
  }))
}

/** Top storage slots: contribution desc, touching txs desc, key asc. */
export function topSlots(acc: Accumulator, limit: number, hasGas: boolean): HotSlot[] {
  return ranked(acc.slots, limit).map(([id, e]) => ({
    key: Key.toSlotText(id) ?? '',
    address: Key.addressOf(id),
    address_label: 'unknown',
    slot: Key.slotOf(id) ?? '',
    touching_txs: e.txs,
    gas_of_touching_txs: hasGas ? e.gas : null,
    conflict_contribution: e.contribution,
  }))
}

/**
 * Top keys, storage slots and account-level keys together: contribution desc, touching txs desc,
 * canonical key id asc.
 */
export function topKeys(acc: Accumulator, limit: number, hasGas: boolean): HotKey[] {
  return ranked(allKeys(acc), limit).map(([id, e]) => ({
    key: Key.toText(id),
    key_type: Key.typeOf(id),
    address: Key.addressOf(id),
    address_label: 'unknown',
    slot: Key.slotOf(id),
    touching_txs: e.txs,
    gas_of_touching_txs: hasGas ? e.gas : null,
    conflict_contribution: e.contribution,
  }))
}

/** The ids and conflict contributions of `topKeys`' rows, in the same order. */
export function topKeyIds(
  acc: Accumulator,
  limit: number,
): { readonly id: Key.Id; readonly contribution: number }[] {
  return ranked(allKeys(acc), limit).map(([id, e]) => ({ id, contribution: e.contribution }))
}

function* allKeys(acc: Accumulator): Iterable<[string, Entry]> {
  yield* acc.slots
  yield* acc.accountKeys
}

/** Key contribution counts, largest first (ties by key order). */
export function keyCounts(acc: Accumulator): KeyContribution[] {
  return [...acc.keys]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || Key.compareIds(a.key, b.key))
}

/** The first `limit` entries in rank order (selection over one pass; no full sort). */
function ranked(map: Iterable<[string, Entry]>, limit: number): [string, Entry][] {
  const compare = ([ka, a]: [string, Entry], [kb, b]: [string, Entry]) =>
    b.contribution - a.contribution || b.txs - a.txs || Order.strings(ka, kb)
  const top: [string, Entry][] = []
  if (limit <= 0) return top
  for (const item of map) {
    if (top.length === limit && compare(item, top[limit - 1]!) >= 0) continue
    let i = Math.min(top.length, limit - 1)
    top[i] = item
    while (i > 0 && compare(top[i]!, top[i - 1]!) < 0) {
      const t = top[i - 1]!
      top[i - 1] = top[i]!
      top[i] = t
      i--
    }
  }
  return top
}

function entry(map: Map<string, Entry>, key: string): Entry {
  let e = map.get(key)
  if (e === undefined) {
    e = { txs: 0, gas: 0, contribution: 0 }
    map.set(key, e)
  }
  return e
}

function slotSet(map: Map<string, Set<Key.Id>>, address: string): Set<Key.Id> {
  let set = map.get(address)
  if (set === undefined) {
    set = new Set()
    map.set(address, set)
  }
  return set
}

function touch(map: Map<string, Entry>, key: string, gas: number): void {
  const e = entry(map, key)
  e.txs++
  e.gas += gas
}
