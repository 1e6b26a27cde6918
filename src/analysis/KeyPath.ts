/**
 * The duration-weighted critical path of a block in one pass over its accesses, key by key, with
 * no dependency lists: the execution ladder (`Ladder.ts`) and the hot-key "what if" (`WhatIf.ts`)
 * recompute it under other conflict rules. Besides reads and writes a transaction can make a
 * commutative addition to a key (a balance credit it does not read): two additions to one key
 * never conflict, an addition conflicts with every read and write of the key by another
 * transaction. Two reads never conflict; a write conflicts with everything.
 *
 * Per key the touches since its last write form runs of one mode (reads, or additions): a
 * transaction that continues a run waits for the run before it (or the last write), one that
 * switches modes waits for the run it ends, a write waits for everything before it. Keeping only
 * each run's greatest depth gives the longest path of the full conflict relation (each earlier
 * conflicting transaction is an ancestor of a member of that run, and durations are positive), so
 * with reads and writes only it equals `CriticalPath.build(ConflictGraph.build(sets))`.
 */
import * as Key from '../trace/Key.ts'
import type { AccessSets } from './AccessSets.ts'

/** How a transaction touches a key. */
export type Mode = 'read' | 'write' | 'add'

/** One key a transaction touches, and how (a transaction names each key once). */
export type Touch = readonly [key: Key.Id, mode: Mode]

/** Per key: the greatest depth the current run waits for, the current run's greatest depth, its mode. */
type State = { base: number; run: number; mode: Mode | null }

/**
 * The longest duration-weighted path through the conflicts of `txs` (in block order), with the
 * touches of `skip` ignored (that key's conflicts vanish); 0 for an empty block.
 * @example KeyPath.length(KeyPath.fromSets(sets), durations) // = the block's gas critical path
 */
export function length(
  txs: readonly (readonly Touch[])[],
  durations: readonly number[],
  skip: Key.Id | null = null,
): number {
  const states = new Map<Key.Id, State>()
  let longest = 0
  txs.forEach((touches, position) => {
    let before = 0
    for (const [key, mode] of touches) {
      if (key === skip) continue
      before = Math.max(before, waitFor(state(states, key), mode))
    }
    const depth = durations[position]! + before
    for (const [key, mode] of touches) {
      if (key === skip) continue
      const s = states.get(key)!
      if (mode === 'write') {
        s.base = depth
        s.run = 0
        s.mode = null
      } else s.run = Math.max(s.run, depth)
    }
    longest = Math.max(longest, depth)
  })
  return longest
}

/** Touches of access sets: a key the tx writes is a write (read or not), else a read. */
export function fromSets(sets: readonly AccessSets[]): Touch[][] {
  return sets.map((set) => {
    const writes = new Set(set.writes)
    const out: Touch[] = set.writes.map((key) => [key, 'write'] as const)
    for (const key of set.reads) if (!writes.has(key)) out.push([key, 'read'])
    return out.sort((a, b) => Key.compareIds(a[0], b[0]))
  })
}

/** The depth a touch in `mode` waits for; a run of another mode ends here (`base` moves up to it). */
function waitFor(s: State, mode: Mode): number {
  if (mode === 'write') return Math.max(s.base, s.run)
  if (s.mode !== mode) {
    if (s.mode !== null) s.base = s.run
    s.run = 0
    s.mode = mode
  }
  return s.base
}

function state(states: Map<Key.Id, State>, key: Key.Id): State {
  let s = states.get(key)
  if (s === undefined) {
    s = { base: 0, run: 0, mode: null }
    states.set(key, s)
  }
  return s
}
