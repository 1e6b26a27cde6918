import type { BlockTrace, Key } from '../trace/BlockTrace.ts'

/** A transaction's observed read and write key sets (key display strings, sorted, distinct). */
export type AccessSets = {
  readonly reads: readonly string[]
  readonly writes: readonly string[]
}

const keyRank: Record<Key['type'], number> = {
  account: 0,
  balance: 1,
  nonce: 2,
  code: 3,
  storage: 4,
}

/** Display form of a key: `account:<addr>`, `balance:<addr>`, …, `storage:<addr>:<slot>`. */
export function keyText(key: Key): string {
  return key.type === 'storage'
    ? `storage:${key.address}:${key.slot}`
    : `${key.type}:${key.address}`
}

/** Address part of a key display string. */
export function keyAddress(text: string): string {
  const rest = text.slice(text.indexOf(':') + 1)
  const colon = rest.indexOf(':')
  return colon < 0 ? rest : rest.slice(0, colon)
}

/** `address:slot` of a storage key display string, or null for account-level keys. */
export function slotKey(text: string): string | null {
  return text.startsWith('storage:') ? text.slice('storage:'.length) : null
}

/** Total order of key display strings: account < balance < nonce < code < storage, then text. */
export function compareKeys(a: string, b: string): number {
  const ra = rankOf(a)
  const rb = rankOf(b)
  if (ra !== rb) return ra - rb
  return a < b ? -1 : a > b ? 1 : 0
}

/** Per-tx read/write sets of a block, in transaction order (reads = read + read_write, writes = write + read_write). */
export function fromTrace(trace: BlockTrace): AccessSets[] {
  return trace.transactions.map((tx) => {
    const reads = new Set<string>()
    const writes = new Set<string>()
    for (const access of tx.accesses) {
      const text = keyText(access.key)
      if (access.kind !== 'write') reads.add(text)
      if (access.kind !== 'read') writes.add(text)
    }
    return { reads: [...reads].sort(compareKeys), writes: [...writes].sort(compareKeys) }
  })
}

/** Keys that make two transactions conflict: (Wa∩Wb) ∪ (Wa∩Rb) ∪ (Ra∩Wb), sorted. */
export function conflictKeys(a: AccessSets, b: AccessSets): string[] {
  const out = new Set<string>()
  const bReads = new Set(b.reads)
  const bWrites = new Set(b.writes)
  for (const key of a.writes) if (bWrites.has(key) || bReads.has(key)) out.add(key)
  for (const key of a.reads) if (bWrites.has(key)) out.add(key)
  return [...out].sort(compareKeys)
}

function rankOf(text: string): number {
  // the first letter identifies the key type: account, balance, nonce, code, storage
  switch (text.charCodeAt(0)) {
    case 97:
      return keyRank.account
    case 98:
      return keyRank.balance
    case 110:
      return keyRank.nonce
    case 99:
      return keyRank.code
    case 115:
      return keyRank.storage
    default:
      return 5
  }
}
