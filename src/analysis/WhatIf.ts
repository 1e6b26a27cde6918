/**
 * "What if this key stopped conflicting": a block's critical path with one key's conflicts
 * removed, for the keys that can shorten it, and the ceilings that gives a block or a pack.
 *
 * Removing a key can only shorten the critical path if it is the only key shared by two
 * consecutive transactions of every longest chain; so taking one longest chain (the one `explain`
 * walks), only the keys that are the sole shared key of one of its links can matter, and every
 * other key leaves the path as it is. Those few keys are recomputed exactly (`KeyPath.length`
 * with the key skipped) and kept as savings, which add up over blocks run back to back: a range
 * streams them, and any key's ceiling over the range follows.
 */
import * as Key from '../trace/Key.ts'
import * as Sets from './AccessSets.ts'
import type { BlockAnalysis } from './DossierBlock.ts'
import type { WhatIfRow } from './DossierTypes.ts'
import * as Explain from './Explain.ts'
import * as KeyPath from './KeyPath.ts'

/** A block's savings: each key whose removal shortens its critical path, by how much (key order). */
export type Savings = readonly (readonly [key: Key.Id, saved: number])[]

/** The savings of one analyzed block. */
export function analyze(
  a: Pick<BlockAnalysis, 'sets' | 'graph' | 'depth' | 'durations' | 'durationPath'>,
): Savings {
  if (a.depth.length === 0) return []
  let deepest = 0
  a.depth.forEach((d, i) => {
    if (d > a.depth[deepest]!) deepest = i
  })
  const candidates = new Set<Key.Id>()
  for (const step of Explain.walk(a, deepest)) {
    if (step.waitsFor === null) continue
    const keys = Sets.conflictKeys(a.sets[step.waitsFor]!, a.sets[step.position]!)
    if (keys.length === 1) candidates.add(keys[0]!)
  }
  const touches = KeyPath.fromSets(a.sets)
  const out: [Key.Id, number][] = []
  for (const key of [...candidates].sort(Key.compareIds)) {
    const saved = a.durationPath - KeyPath.length(touches, a.durations, key)
    if (saved > 0) out.push([key, saved])
  }
  return out
}

/** Critical paths and savings summed over blocks (mutable; local to one build). */
export type Accumulator = {
  /** Σ critical paths. */
  path: number
  /** Σ gas, null once a block lacks gas. */
  gas: number | null
  readonly saved: Map<Key.Id, { saved: number; blocks: number }>
}

/** An empty accumulator. */
export function create(): Accumulator {
  return { path: 0, gas: 0, saved: new Map() }
}

/** Adds one block: its critical path, its gas (null when incomplete) and its savings. */
export function add(acc: Accumulator, path: number, gas: number | null, savings: Savings): void {
  acc.path += path
  acc.gas = acc.gas === null || gas === null ? null : acc.gas + gas
  for (const [key, saved] of savings) {
    const e = acc.saved.get(key)
    if (e === undefined) acc.saved.set(key, { saved, blocks: 1 })
    else {
      e.saved += saved
      e.blocks++
    }
  }
}

/** A hot key to ask about: its id, conflict contribution and address label. */
export type Asked = { readonly id: Key.Id; readonly contribution: number; readonly label: string }

/** One row per asked key, in the order asked. */
export function rows(acc: Accumulator, keys: readonly Asked[]): WhatIfRow[] {
  const { gas } = acc
  const ceiling = (path: number) => (gas === null || path <= 0 ? null : gas / path)
  const plain = ceiling(acc.path)
  return keys.map(({ id, contribution, label }) => {
    const e = acc.saved.get(id)
    const path = acc.path - (e?.saved ?? 0)
    const without = ceiling(path)
    return {
      key: Key.toText(id),
      key_type: Key.typeOf(id),
      address: Key.addressOf(id),
      address_label: label,
      conflict_contribution: contribution,
      blocks_shortened: e?.blocks ?? 0,
      gas_critical_path: gas === null ? null : path,
      ceiling_by_gas: without,
      ceiling_gain_percent: without === null || plain === null ? null : (without / plain - 1) * 100,
    }
  })
}

/** Rows of the pack-level "what if" table. */
export const PACK_ROWS = 10
