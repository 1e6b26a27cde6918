import * as Key from '../trace/Key.ts'
import type { AccessSets } from './AccessSets.ts'
import * as Sets from './AccessSets.ts'

/** Pair counts per dependency type; a pair can have several types, so these may sum to more than the pair count. */
export type EdgeTypes = {
  /** Earlier tx writes a key the later tx reads (RAW). */
  readonly readAfterWrite: number
  /** Both write a common key (WAW). */
  readonly writeAfterWrite: number
  /** Earlier tx reads a key the later tx writes (WAR; the original lab serializes these too). */
  readonly writeAfterRead: number
  /**
   * Pairs of all three types at once: typical of read-modify-write keys (balances, counters) that
   * both txs read and write, which make RAW, WAW and WAR counts equal.
   */
  readonly allThree: number
}

/** How many conflict pairs one key takes part in. */
export type KeyContribution = { readonly key: Key.Id; readonly count: number }

/**
 * The conflict graph of one block over transaction positions (0..n-1 in tx_index order).
 * `deps` is a dependency-equivalent subset of the conflict edges (same reachability, same longest
 * paths), so waves, critical paths and schedules are exact without materializing every pair.
 */
export type ConflictGraph = {
  readonly txCount: number
  /** Per position: earlier positions it must wait for (ascending); a transitive-closure-preserving subset. */
  readonly deps: readonly (readonly number[])[]
  /** Distinct unordered conflicting pairs. */
  readonly pairCount: number
  /** Per position: the number of conflict pairs it takes part in. */
  readonly degree: readonly number[]
  readonly edgeTypes: EdgeTypes
  /** Per key (canonical id, in key order): conflict pairs whose key set contains it; zero counts omitted. */
  readonly keyContributions: readonly KeyContribution[]
  /** Per position: shares any key (read/read included) with another tx of the block. */
  readonly overlapping: readonly boolean[]
}

/**
 * Per-key index, struct-of-arrays by key id (a block can have hundreds of thousands of keys, so
 * no object per key). Member lists and hot-key bitsets are allocated only when needed.
 */
type KeyTable = {
  readonly ids: Map<Key.Id, number>
  readonly keys: Key.Id[]
  readonly touchCount: number[]
  /** First toucher (marked overlapping once a second tx arrives). */
  readonly first: number[]
  readonly readOnlyCount: number[]
  readonly lastWriter: number[]
  readonly writers: (number[] | undefined)[]
  readonly readers: (number[] | undefined)[]
  /** Bitsets of writers/readers, allocated once the key is hot (list iteration would cost more). */
  readonly writerBits: (Int32Array | undefined)[]
  readonly readerBits: (Int32Array | undefined)[]
  readonly readersSinceWrite: (number[] | undefined)[]
}

/**
 * Builds the conflict graph by indexing accesses per key (key → writers/readers). For each tx the
 * earlier txs it conflicts with are the union, over its keys, of the key's earlier writers (and
 * readers when it writes): kept as lists for cold keys and as bitsets for hot keys, so each
 * conflicting pair is visited once however many keys it shares and nothing is stored per pair.
 */
export function build(sets: readonly AccessSets[]): ConflictGraph {
  const n = sets.length
  const words = (n + 31) >>> 5
  const hot = Math.max(64, words)
  const t = table()
  const deps: number[][] = []
  const degree = new Array<number>(n).fill(0)
  const overlapping = new Array<boolean>(n).fill(false)
  const raw = new Int32Array(words)
  const waw = new Int32Array(words)
  const war = new Int32Array(words)
  const counts = { pairs: 0, raw: 0, waw: 0, war: 0, all: 0 }
  for (let b = 0; b < n; b++) {
    const limit = (b >>> 5) + 1
    raw.fill(0, 0, limit)
    waw.fill(0, 0, limit)
    war.fill(0, 0, limit)
    const myDeps: number[] = []
    for (const [key, bReads, bWrites] of touches(sets[b]!)) {
      const k = idOf(t, key)
      if (bReads) orInto(raw, t.writers[k], t.writerBits[k], limit)
      const last = t.lastWriter[k]!
      if (last >= 0) myDeps.push(last)
      if (bWrites) {
        orInto(waw, t.writers[k], t.writerBits[k], limit)
        orInto(war, t.readers[k], t.readerBits[k], limit)
        const since = t.readersSinceWrite[k]
        if (since !== undefined) for (const r of since) myDeps.push(r)
        t.lastWriter[k] = b
        t.readersSinceWrite[k] = undefined
      } else {
        const since = t.readersSinceWrite[k]
        if (since === undefined) t.readersSinceWrite[k] = [b]
        else since.push(b)
        t.readOnlyCount[k]!++
      }
      if (t.touchCount[k] === 0) t.first[k] = b
      else {
        overlapping[b] = true
        overlapping[t.first[k]!] = true
      }
      t.touchCount[k]!++
      if (bWrites) t.writerBits[k] = add(t.writers, k, t.writerBits[k], b, hot, words)
      if (bReads) t.readerBits[k] = add(t.readers, k, t.readerBits[k], b, hot, words)
    }
    tally(b, limit, raw, waw, war, degree, counts)
    deps.push(uniqueAscending(myDeps))
  }
  return {
    txCount: n,
    deps,
    pairCount: counts.pairs,
    degree,
    edgeTypes: {
      readAfterWrite: counts.raw,
      writeAfterWrite: counts.waw,
      writeAfterRead: counts.war,
      allThree: counts.all,
    },
    keyContributions: contributions(t),
    overlapping,
  }
}

/** Every earlier position that conflicts with `position` (its full dependency list), ascending. */
export function dependenciesOf(sets: readonly AccessSets[], position: number): number[] {
  const out: number[] = []
  for (let a = 0; a < position; a++) {
    if (Sets.conflictKeys(sets[a]!, sets[position]!).length > 0) out.push(a)
  }
  return out
}

/** Edge types between an earlier and a later tx (subset of `raw`, `waw`, `war`, in that order). */
export function edgeTypesOf(earlier: AccessSets, later: AccessSets): ('raw' | 'waw' | 'war')[] {
  const lr = new Set(later.reads)
  const lw = new Set(later.writes)
  const out: ('raw' | 'waw' | 'war')[] = []
  if (earlier.writes.some((k) => lr.has(k))) out.push('raw')
  if (earlier.writes.some((k) => lw.has(k))) out.push('waw')
  if (earlier.reads.some((k) => lw.has(k))) out.push('war')
  return out
}

/** `n(n-1)/2`, 0 for n < 2. */
export function possiblePairs(n: number): number {
  return n < 2 ? 0 : (n * (n - 1)) / 2
}

function contributions(t: KeyTable): KeyContribution[] {
  const out: KeyContribution[] = []
  t.keys.forEach((key, k) => {
    const count = possiblePairs(t.touchCount[k]!) - possiblePairs(t.readOnlyCount[k]!)
    if (count > 0) out.push({ key, count })
  })
  return out.sort((a, b) => Key.compareIds(a.key, b.key))
}

function table(): KeyTable {
  return {
    ids: new Map(),
    keys: [],
    touchCount: [],
    first: [],
    readOnlyCount: [],
    lastWriter: [],
    writers: [],
    readers: [],
    writerBits: [],
    readerBits: [],
    readersSinceWrite: [],
  }
}

function idOf(t: KeyTable, key: Key.Id): number {
  const known = t.ids.get(key)
  if (known !== undefined) return known
  const k = t.keys.length
  t.ids.set(key, k)
  t.keys.push(key)
  t.touchCount.push(0)
  t.first.push(-1)
  t.readOnlyCount.push(0)
  t.lastWriter.push(-1)
  t.writers.push(undefined)
  t.readers.push(undefined)
  t.writerBits.push(undefined)
  t.readerBits.push(undefined)
  t.readersSinceWrite.push(undefined)
  return k
}

/** The tx's distinct keys with (reads, writes) flags, merged from its two sorted sets. */
function touches(set: AccessSets): [key: Key.Id, reads: boolean, writes: boolean][] {
  const out: [Key.Id, boolean, boolean][] = []
  const { reads, writes } = set
  let i = 0
  let j = 0
  while (i < reads.length || j < writes.length) {
    const r = reads[i]
    const w = writes[j]
    const order = r === undefined ? 1 : w === undefined ? -1 : Key.compareIds(r, w)
    if (order === 0) {
      out.push([r!, true, true])
      i++
      j++
    } else if (order < 0) {
      out.push([r!, true, false])
      i++
    } else {
      out.push([w!, false, true])
      j++
    }
  }
  return out
}

/** ORs a member list (or its bitset, when hot) into `target`'s first `limit` words. */
function orInto(
  target: Int32Array,
  list: readonly number[] | undefined,
  bits: Int32Array | undefined,
  limit: number,
): void {
  if (bits !== undefined) {
    for (let w = 0; w < limit; w++) target[w]! |= bits[w]!
    return
  }
  if (list !== undefined) for (const a of list) target[a >>> 5]! |= 1 << (a & 31)
}

/** Appends `b` to key k's member list; allocates the bitset when the list turns hot. */
function add(
  lists: (number[] | undefined)[],
  k: number,
  bits: Int32Array | undefined,
  b: number,
  hot: number,
  words: number,
): Int32Array | undefined {
  if (bits !== undefined) {
    bits[b >>> 5]! |= 1 << (b & 31)
    return bits
  }
  let list = lists[k]
  if (list === undefined) {
    list = []
    lists[k] = list
  }
  list.push(b)
  if (list.length < hot) return undefined
  const out = new Int32Array(words)
  for (const a of list) out[a >>> 5]! |= 1 << (a & 31)
  lists[k] = undefined
  return out
}

/** Counts tx b's conflict partners (union of the three type sets) and bumps their degrees. */
function tally(
  b: number,
  limit: number,
  raw: Int32Array,
  waw: Int32Array,
  war: Int32Array,
  degree: number[],
  counts: { pairs: number; raw: number; waw: number; war: number; all: number },
): void {
  for (let w = 0; w < limit; w++) {
    let u = raw[w]! | waw[w]! | war[w]!
    if (u === 0) continue
    counts.raw += popcount(raw[w]!)
    counts.waw += popcount(waw[w]!)
    counts.war += popcount(war[w]!)
    counts.all += popcount(raw[w]! & waw[w]! & war[w]!)
    const found = popcount(u)
    counts.pairs += found
    degree[b]! += found
    while (u !== 0) {
      const bit = 31 - Math.clz32(u & -u)
      degree[(w << 5) + bit]!++
      u &= u - 1
    }
  }
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555)
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333)
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24
}

function uniqueAscending(values: number[]): number[] {
  values.sort((x, y) => x - y)
  const out: number[] = []
  for (const v of values) if (out.length === 0 || out[out.length - 1] !== v) out.push(v)
  return out
}
