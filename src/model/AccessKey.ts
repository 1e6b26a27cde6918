/** A key of the synthetic state model: an account's balance or nonce, or one storage slot. */
export type AccessKey =
  | { readonly kind: 'account_balance'; readonly account: number }
  | { readonly kind: 'account_nonce'; readonly account: number }
  | { readonly kind: 'storage_slot'; readonly contract: number; readonly slot: number }

const rank = { account_balance: 0, account_nonce: 1, storage_slot: 2 } as const

/** The balance key of an account. */
export function balance(account: number): AccessKey {
  return { kind: 'account_balance', account }
}

/** The nonce key of an account. */
export function nonce(account: number): AccessKey {
  return { kind: 'account_nonce', account }
}

/** The key of one storage slot. */
export function storage(contract: number, slot: number): AccessKey {
  return { kind: 'storage_slot', contract, slot }
}

/** Total order: balance < nonce < storage, then by the numeric fields. */
export function compare(a: AccessKey, b: AccessKey): number {
  if (a.kind !== b.kind) return rank[a.kind] - rank[b.kind]
  if (a.kind === 'storage_slot' && b.kind === 'storage_slot') {
    return a.contract !== b.contract ? a.contract - b.contract : a.slot - b.slot
  }
  return (a as { account: number }).account - (b as { account: number }).account
}

/** Display form: `acct:<id>:balance`, `acct:<id>:nonce`, `contract:<c>:slot:<s>`. */
export function display(key: AccessKey): string {
  if (key.kind === 'account_balance') return `acct:${key.account}:balance`
  if (key.kind === 'account_nonce') return `acct:${key.account}:nonce`
  return `contract:${key.contract}:slot:${key.slot}`
}

/** Sorted copy with duplicates removed. */
export function sortedSet(keys: readonly AccessKey[]): AccessKey[] {
  const sorted = [...keys].sort(compare)
  return sorted.filter((key, i) => i === 0 || compare(sorted[i - 1] as AccessKey, key) !== 0)
}
