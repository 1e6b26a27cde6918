/**
 * Every conflicting pair of one block with its dependency types and, per type, how many keys give
 * it: the `edges` table. The conflict graph (`ConflictGraph.ts`) counts pairs without listing them;
 * this lists them, once per pair, for the blocks a range writes out.
 */
import type * as Key from '../trace/Key.ts'
import type { AccessSets } from './AccessSets.ts'

/** One conflicting pair: positions `from` < `to`, and per type the number of keys that give it. */
export type Edge = {
  readonly from: number
  readonly to: number
  /** Keys `from` writes and `to` reads (read-after-write). */
  readonly readAfterWrite: number
  /** Keys both write (write-after-write). */
  readonly writeAfterWrite: number
  /** Keys `from` reads and `to` writes (write-after-read). */
  readonly writeAfterRead: number
}

/**
 * Calls `visit` for every conflicting pair, ordered by `to` then `from` (ascending). Cost is the
 * number of (pair, shared key) incidences; nothing is kept per pair beyond the current `to`.
 * @example ConflictEdges.visit(sets, (e) => rows.push(e))
 */
export function visit(sets: readonly AccessSets[], each: (edge: Edge) => void): void {
  const n = sets.length
  const raw = new Int32Array(n)
  const waw = new Int32Array(n)
  const war = new Int32Array(n)
  const seen = new Uint8Array(n)
  const writers = new Map<Key.Id, number[]>()
  const readers = new Map<Key.Id, number[]>()
  for (let to = 0; to < n; to++) {
    const partners: number[] = []
    const mark = (a: number) => {
      if (seen[a] === 0) {
        seen[a] = 1
        partners.push(a)
      }
    }
    const { reads, writes } = sets[to]!
    for (const key of reads) {
      for (const a of writers.get(key) ?? []) {
        raw[a]!++
        mark(a)
      }
    }
    for (const key of writes) {
      for (const a of writers.get(key) ?? []) {
        waw[a]!++
        mark(a)
      }
      for (const a of readers.get(key) ?? []) {
        war[a]!++
        mark(a)
      }
    }
    partners.sort((x, y) => x - y)
    for (const from of partners) {
      each({
        from,
        to,
        readAfterWrite: raw[from]!,
        writeAfterWrite: waw[from]!,
        writeAfterRead: war[from]!,
      })
      raw[from] = 0
      waw[from] = 0
      war[from] = 0
      seen[from] = 0
    }
    for (const key of reads) member(readers, key).push(to)
    for (const key of writes) member(writers, key).push(to)
  }
}

function member(map: Map<Key.Id, number[]>, key: Key.Id): number[] {
  let list = map.get(key)
  if (list === undefined) {
    list = []
    map.set(key, list)
  }
  return list
}
