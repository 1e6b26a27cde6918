import type { BlockTrace } from '../trace/BlockTrace.ts'
import * as Key from '../trace/Key.ts'

/** A transaction's observed read and write keys (canonical key ids, sorted, distinct). */
export type AccessSets = {
  readonly reads: readonly Key.Id[]
  readonly writes: readonly Key.Id[]
}

/** Per-tx read/write sets of a block, in transaction order (reads = read + read_write, writes = write + read_write). */
export function fromTrace(trace: BlockTrace): AccessSets[] {
  return trace.transactions.map((tx) => {
    const reads = new Set<Key.Id>()
    const writes = new Set<Key.Id>()
    for (const access of tx.accesses) {
      const id = Key.toId(access.key)
      if (access.kind !== 'write') reads.add(id)
      if (access.kind !== 'read') writes.add(id)
    }
    return { reads: [...reads].sort(Key.compareIds), writes: [...writes].sort(Key.compareIds) }
  })
}

/** Keys that make two transactions conflict: (Wa∩Wb) ∪ (Wa∩Rb) ∪ (Ra∩Wb), sorted. */
export function conflictKeys(a: AccessSets, b: AccessSets): Key.Id[] {
  const out = new Set<Key.Id>()
  const bReads = new Set(b.reads)
  const bWrites = new Set(b.writes)
  for (const key of a.writes) if (bWrites.has(key) || bReads.has(key)) out.add(key)
  for (const key of a.reads) if (bWrites.has(key)) out.add(key)
  return [...out].sort(Key.compareIds)
}
