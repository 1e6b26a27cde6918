import * as Bal from '../trace/Bal.ts'
import * as Chain from './Chain.ts'
import type * as Genesis from './Genesis.ts'
import * as SystemCalls from './SystemCalls.ts'

/**
 * The lab's EIP-7928 access list of a block: the changes outside the transactions (index 0: the
 * DAO fork's moves, the system contracts' ring buffers; index n+1: withdrawals) next to what the
 * transactions did (`BalRecord`, indices 1..n). What the input cannot support is left out and
 * said in `notes`, never invented.
 */
export type Built = {
  readonly bal: Bal.Bal
  /** What the BAL lacks or took from the header rather than from execution, in words. */
  readonly notes: readonly string[]
}

/**
 * Whether a genesis holds the whole state (a generated block: an account it lacks does not
 * exist) or only the accounts the block touches (a replay pack: an account it lacks is unknown).
 */
export type Coverage = 'complete' | 'partial'

/**
 * Index 0: balance moves between `base` (the block's state before anything) and `after` (after
 * the pre-block changes, `SystemCalls.preBlock`), and the system contracts' ring-buffer writes. A
 * system contract without code is an address-only entry (the call was attempted, as ethereumjs
 * records it); one a partial pre-state lacks gets the writes the header fixes, with a note.
 */
export function before(
  base: Genesis.Genesis,
  after: Genesis.Genesis,
  header: SystemCalls.Header,
  coverage: Coverage,
): { readonly part: Bal.Part; readonly notes: readonly string[] } {
  const was = new Map(base.accounts.map((a) => [a.address, a]))
  const writes: Bal.Write[] = []
  const reads: { address: string; slot: string }[] = []
  const touched = new Set<string>()
  const notes: string[] = []
  for (const a of after.accounts) {
    const balance = was.get(a.address)?.balance ?? 0n
    if (a.balance === balance) continue
    writes.push({ field: 'balance', address: a.address, value: a.balance })
    touched.add(a.address)
  }
  for (const ring of SystemCalls.ringWrites(base.env, header)) {
    touched.add(ring.address)
    const account = was.get(ring.address)
    if (account === undefined && coverage === 'partial') {
      notes.push(
        `index 0: ${ring.what}: the contract is not in the pre-state; its ${ring.writes.length} storage write(s) come from the header`,
      )
    } else if (account === undefined || account.code === '0x') continue
    const held = new Map(account?.storage.map((s) => [s.slot, s.value]))
    for (const [slot, value] of ring.writes) {
      if (account !== undefined && (held.get(slot) ?? ZERO) === value)
        reads.push({ address: ring.address, slot })
      else writes.push({ field: 'storage', address: ring.address, slot, value })
    }
  }
  return { part: { index: 0, touched: [...touched], reads, writes }, notes }
}

/**
 * Index n+1: each withdrawal recipient's balance after all withdrawals (`post` is the state after
 * them), an address-only entry for a zero amount. A recipient `post` lacks is left out, with a
 * note: its balance before is unknown, so its balance after would be invented. Proof-of-work
 * block rewards and Prague's request system calls (EIP-7002/7251) are not replayed; a note says
 * so where they could have changed something (a partial pre-state, or the request contracts
 * present).
 */
export function after(
  post: Genesis.Genesis,
  header: SystemCalls.Header,
  index: number,
  coverage: Coverage,
): { readonly part: Bal.Part; readonly notes: readonly string[] } {
  const amounts = new Map<string, bigint>()
  for (const w of header.withdrawals ?? [])
    amounts.set(w.address, (amounts.get(w.address) ?? 0n) + w.amount)
  const held = new Map(post.accounts.map((a) => [a.address, a]))
  const writes: Bal.Write[] = []
  const touched: string[] = []
  const missing: string[] = []
  for (const [address, amount] of amounts) {
    const account = held.get(address)
    if (account === undefined) {
      missing.push(address)
      continue
    }
    touched.push(address)
    if (amount > 0n) writes.push({ field: 'balance', address, value: account.balance })
  }
  const notes: string[] = []
  if (missing.length > 0)
    notes.push(
      `index ${index}: ${missing.length} of ${amounts.size} withdrawal recipients (${header.withdrawals?.length} withdrawals) are not in the pre-state; their balance changes are missing from this BAL`,
    )
  const { hardfork } = post.env
  if (!Chain.atLeast(hardfork, 'paris'))
    notes.push(
      `index ${index}: proof-of-work block: the miner and uncle rewards are not replayed and are missing from this BAL`,
    )
  const requests = post.accounts.some((a) => REQUEST_CONTRACTS.includes(a.address))
  if (Chain.atLeast(hardfork, 'prague') && (coverage === 'partial' || requests))
    notes.push(
      `index ${index}: the EIP-7002/7251 request system calls are not replayed; their accesses are missing from this BAL`,
    )
  return { part: { index, touched, reads: [], writes }, notes }
}

/** The BAL of a block from its three kinds of parts. */
export function assemble(
  first: ReturnType<typeof before>,
  txs: readonly Bal.Part[],
  last: ReturnType<typeof after>,
): Built {
  return {
    bal: Bal.assemble([first.part, ...txs, last.part]),
    notes: [...first.notes, ...last.notes],
  }
}

const ZERO = `0x${'0'.repeat(64)}`

/** The EIP-7002 (withdrawal requests) and EIP-7251 (consolidations) predeploys. */
const REQUEST_CONTRACTS = [
  '0x00000961ef480eb55e80d19ad83579a64c007002',
  '0x0000bbddc7ce488642fb579f8b00f3a590007251',
]

/**
 * The BAL of a generated block: its genesis is the whole state ('complete'), it has no
 * withdrawals, and its transactions' parts come from `BalRecord`.
 */
export function ofGenerated(
  genesis: Genesis.Genesis,
  txs: readonly Bal.Part[],
  header: SystemCalls.Header,
): Built {
  const pre = SystemCalls.preBlock(genesis, header)
  return assemble(
    before(genesis, pre.genesis, header, 'complete'),
    txs,
    after(genesis, header, txs.length + 1, 'complete'),
  )
}
