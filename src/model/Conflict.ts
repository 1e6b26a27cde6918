import type { AccessKey } from './AccessKey.ts'
import * as Key from './AccessKey.ts'
import type { Tx } from './Tx.ts'

/** A read set and a write set, as membership tokens (the key display strings). */
export type Sets = { readonly reads: ReadonlySet<string>; readonly writes: ReadonlySet<string> }

/** The token sets of a transaction's declared accesses. */
export function setsOf(tx: Tx): Sets {
  return { reads: tokens(tx.declaredReads), writes: tokens(tx.declaredWrites) }
}

/** `Wa ∩ (Wb ∪ Rb) ≠ ∅ ∨ Wb ∩ Ra ≠ ∅`: write/write, write/read or read/write (symmetric). */
export function accessSetsConflict(a: Sets, b: Sets): boolean {
  for (const key of a.writes) if (b.writes.has(key) || b.reads.has(key)) return true
  for (const key of b.writes) if (a.reads.has(key)) return true
  return false
}

/** Unordered pairs of transactions whose declared sets conflict (inverted index, exact count). */
export function countPairs(txs: readonly Tx[]): number {
  const readers = new Map<string, number[]>()
  const writers = new Map<string, number[]>()
  const seen = new Int32Array(txs.length).fill(-1)
  let pairs = 0
  txs.forEach((tx, b) => {
    const { reads, writes } = setsOf(tx)
    const mark = (list: readonly number[] | undefined): void => {
      for (const a of list ?? []) {
        if (seen[a] !== b) {
          seen[a] = b
          pairs += 1
        }
      }
    }
    for (const key of writes) {
      mark(writers.get(key))
      mark(readers.get(key))
    }
    for (const key of reads) mark(writers.get(key))
    for (const key of reads) push(readers, key, b)
    for (const key of writes) push(writers, key, b)
  })
  return pairs
}

/** `pairs / C(n, 2)`, 0 when n < 2. */
export function observedRate(pairs: number, txCount: number): number {
  if (txCount < 2) return 0
  return pairs / ((txCount * (txCount - 1)) / 2)
}

function tokens(keys: readonly AccessKey[]): Set<string> {
  return new Set(keys.map(Key.display))
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key)
  if (list === undefined) map.set(key, [value])
  else list.push(value)
}
