/**
 * Hot state across a range, block by block: for every contract and key that took part in a
 * conflict, its summed conflict contribution, the blocks it conflicted in, the blocks it was the
 * top serializer of, and its first and last such block. Only conflicting state is kept (a key no
 * two transactions fought over never enters), so memory grows with the distinct conflicting keys,
 * not with blocks or transactions.
 */
import * as Order from '../primitives/Order.ts'
import * as Key from '../trace/Key.ts'
import type * as Labels from '../trace/Labels.ts'
import type { KeyContribution } from './ConflictGraph.ts'
import type { HotEntry } from './RangeTypes.ts'

type Entry = { contribution: number; blocks: number; top: number; first: number; last: number }

/** Mutable accumulator (local to one range build). */
export type Accumulator = {
  readonly keys: Map<Key.Id, Entry>
  readonly contracts: Map<string, Entry>
}

/** An empty accumulator. */
export function create(): Accumulator {
  return { keys: new Map(), contracts: new Map() }
}

/** A block's top serializers: its key and its contract with the largest conflict contribution. */
export type Top = {
  readonly key: Key.Id
  readonly keyCount: number
  readonly contract: string
  readonly contractCount: number
}

/**
 * The top serializers of one block's conflicting keys (key order, as
 * `BlockSummary.conflictKeys`): the key with the largest count (ties: the first in key order) and
 * the contract with the largest count summed over its keys (ties: the lowest address); undefined
 * when nothing conflicts.
 */
export function top(conflictKeys: readonly (readonly [Key.Id, number])[]): Top | undefined {
  if (conflictKeys.length === 0) return undefined
  let [key, keyCount] = conflictKeys[0]!
  const byContract = new Map<string, number>()
  for (const [k, count] of conflictKeys) {
    if (count > keyCount) [key, keyCount] = [k, count]
    const address = Key.addressOf(k)
    byContract.set(address, (byContract.get(address) ?? 0) + count)
  }
  let contract = Key.addressOf(key)
  let contractCount = byContract.get(contract)!
  for (const [address, count] of byContract) {
    if (count > contractCount || (count === contractCount && Order.strings(address, contract) < 0))
      [contract, contractCount] = [address, count]
  }
  return { key, keyCount, contract, contractCount }
}

/** Adds one block's conflicting keys (key order, as `BlockSummary.conflictKeys`). */
export function add(
  acc: Accumulator,
  blockNumber: number,
  conflictKeys: readonly (readonly [Key.Id, number])[],
): void {
  const best = top(conflictKeys)
  if (best === undefined) return
  const byContract = new Map<string, number>()
  for (const [key, count] of conflictKeys) {
    touch(acc.keys, key, count, blockNumber)
    const address = Key.addressOf(key)
    byContract.set(address, (byContract.get(address) ?? 0) + count)
  }
  for (const [address, count] of byContract) touch(acc.contracts, address, count, blockNumber)
  acc.keys.get(best.key)!.top++
  acc.contracts.get(best.contract)!.top++
}

/** Every conflicting key with its summed pair count, largest first (ties by key order). */
export function keyCounts(acc: Accumulator): KeyContribution[] {
  return [...acc.keys]
    .map(([key, e]) => ({ key, count: e.contribution }))
    .sort((a, b) => b.count - a.count || Key.compareIds(a.key, b.key))
}

/** How a hot list ranks: by summed contribution, or by blocks as top serializer. */
export type Rank = 'contribution' | 'top-serializer'

/** The first `limit` contracts in `rank` order, labelled (`unknown` where none). */
export function contracts(
  acc: Accumulator,
  rank: Rank,
  limit: number,
  labels: Labels.Labels,
): HotEntry[] {
  const names = new Map(labels)
  return ranked(acc.contracts, rank, limit).map(([address, e]) =>
    entry(address, address, names.get(address.toLowerCase()) ?? 'unknown', e),
  )
}

/** The first `limit` keys in `rank` order, labelled by their address. */
export function keys(
  acc: Accumulator,
  rank: Rank,
  limit: number,
  labels: Labels.Labels,
): HotEntry[] {
  const names = new Map(labels)
  return ranked(acc.keys, rank, limit).map(([id, e]) => {
    const address = Key.addressOf(id)
    return entry(Key.toText(id), address, names.get(address.toLowerCase()) ?? 'unknown', e)
  })
}

/** The ids and summed contributions of `keys`' first `limit` rows in `rank` order. */
export function keyIds(
  acc: Accumulator,
  rank: Rank,
  limit: number,
): { readonly id: Key.Id; readonly contribution: number }[] {
  return ranked(acc.keys, rank, limit).map(([id, e]) => ({ id, contribution: e.contribution }))
}

function ranked(map: ReadonlyMap<string, Entry>, rank: Rank, limit: number): [string, Entry][] {
  const all = [...map].filter(([, e]) => rank === 'contribution' || e.top > 0)
  const byContribution = ([ka, a]: [string, Entry], [kb, b]: [string, Entry]) =>
    b.contribution - a.contribution || b.blocks - a.blocks || Order.strings(ka, kb)
  const byTop = (x: [string, Entry], y: [string, Entry]) =>
    y[1].top - x[1].top || byContribution(x, y)
  return all.sort(rank === 'contribution' ? byContribution : byTop).slice(0, limit)
}

function entry(key: string, address: string, label: string, e: Entry): HotEntry {
  return {
    key,
    address,
    label,
    conflict_contribution: e.contribution,
    conflict_blocks: e.blocks,
    top_serializer_blocks: e.top,
    first_block: e.first,
    last_block: e.last,
  }
}

function touch(map: Map<string, Entry>, key: string, count: number, blockNumber: number): void {
  const e = map.get(key)
  if (e === undefined) {
    map.set(key, { contribution: count, blocks: 1, top: 0, first: blockNumber, last: blockNumber })
    return
  }
  e.contribution += count
  e.blocks++
  e.last = blockNumber
}
