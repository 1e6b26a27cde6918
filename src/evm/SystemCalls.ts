/**
 * The state changes a block makes outside its transactions, applied to plain genesis data so every
 * engine sees the same input: before the first transaction, the DAO fork's balance moves (block
 * 1,920,000) and the system contracts' ring buffers (EIP-4788 beacon roots, Cancun on; EIP-2935
 * block hashes, Prague on); after the last, withdrawals (Shanghai on). A replay pack's pre-state
 * lists only the accounts its transactions touch, so a change to an account it lacks is skipped
 * and said in a note: it cannot affect any receipt (no transaction reads that account), only the
 * post-state.
 */
import * as Order from '../primitives/Order.ts'
import type * as ReplayPack from '../trace/ReplayPack.ts'
import * as Chain from './Chain.ts'
import * as DaoFork from './DaoFork.ts'
import type * as Genesis from './Genesis.ts'

/** EIP-4788's beacon-roots contract and the length of its ring buffer. */
export const BEACON_ROOTS = '0x000f3df6d732807ef1319fb7b8bb8522d0beac02'
const BEACON_ROOTS_LENGTH = 8191n
/** EIP-2935's block-hash history contract and the length of its ring buffer. */
export const HISTORY_STORAGE = '0x0000f90827f1c53a10cb7a02335b175320002935'
const HISTORY_WINDOW = 8191n

/** A changed genesis and what was done or skipped, in words. */
export type Applied = { readonly genesis: Genesis.Genesis; readonly notes: readonly string[] }

/** The header fields the system changes read. */
export type Header = Pick<ReplayPack.Header, 'parentHash' | 'parentBeaconBlockRoot' | 'withdrawals'>

/** A system contract's storage writes before the first transaction (slot → value, words). */
export type RingWrite = {
  readonly address: string
  readonly what: string
  readonly writes: readonly (readonly [slot: string, value: string])[]
}

/**
 * The system contracts' ring-buffer writes the block makes before its first transaction: the
 * EIP-4788 beacon root (Cancun on, when the header has one) and the EIP-2935 parent hash (Prague
 * on). Their values come from the header alone, whatever the contracts held before.
 */
export function ringWrites(env: Genesis.Env, header: Header): RingWrite[] {
  const out: RingWrite[] = []
  const root = header.parentBeaconBlockRoot
  if (Chain.atLeast(env.hardfork, 'cancun') && root !== null) {
    const index = env.timestamp % BEACON_ROOTS_LENGTH
    out.push({
      address: BEACON_ROOTS,
      what: 'beacon-root system call (EIP-4788)',
      writes: [
        [word(index), word(env.timestamp)],
        [word(index + BEACON_ROOTS_LENGTH), word(root)],
      ],
    })
  }
  if (Chain.atLeast(env.hardfork, 'prague') && env.number > 0n) {
    const slot = (env.number - 1n) % HISTORY_WINDOW
    out.push({
      address: HISTORY_STORAGE,
      what: 'block-hash system call (EIP-2935)',
      writes: [[word(slot), word(header.parentHash)]],
    })
  }
  return out
}

/** The changes before the first transaction. */
export function preBlock(genesis: Genesis.Genesis, header: Header): Applied {
  const { env } = genesis
  const accounts = new Map(genesis.accounts.map((a) => [a.address, a]))
  const notes: string[] = []
  if (env.chainId === 1n && env.number === DaoFork.BLOCK) notes.push(dao(accounts))
  for (const ring of ringWrites(env, header)) notes.push(ringWrite(accounts, ring))
  return { genesis: { env, accounts: sorted(accounts) }, notes }
}

/** The changes after the last transaction: withdrawals credit their amount (gwei) to their address. */
export function postBlock(genesis: Genesis.Genesis, header: Header): Applied {
  const withdrawals = header.withdrawals ?? []
  if (withdrawals.length === 0) return { genesis, notes: [] }
  const accounts = new Map(genesis.accounts.map((a) => [a.address, a]))
  let skipped = 0
  for (const w of withdrawals) {
    const account = accounts.get(w.address)
    if (account === undefined) skipped += 1
    else accounts.set(w.address, { ...account, balance: account.balance + w.amount * 10n ** 9n })
  }
  const applied = withdrawals.length - skipped
  const notes = [
    `withdrawals: ${applied} of ${withdrawals.length} credited` +
      (skipped > 0 ? ` (${skipped} recipients not in the pre-state)` : ''),
  ]
  return { genesis: { env: genesis.env, accounts: sorted(accounts) }, notes }
}

/** The DAO fork's moves over the accounts the pre-state holds. */
function dao(accounts: Map<string, Genesis.Account>): string {
  const fresh = (address: string): Genesis.Account => ({
    address,
    balance: 0n,
    nonce: 0n,
    code: '0x',
    storage: [],
  })
  const refund = accounts.get(DaoFork.REFUND_CONTRACT) ?? fresh(DaoFork.REFUND_CONTRACT)
  let moved = 0n
  let missing = 0
  for (const address of DaoFork.ACCOUNTS) {
    const account = accounts.get(address)
    if (account === undefined) {
      missing += 1
      continue
    }
    moved += account.balance
    accounts.set(address, { ...account, balance: 0n })
  }
  accounts.set(DaoFork.REFUND_CONTRACT, { ...refund, balance: refund.balance + moved })
  return (
    `DAO fork: moved ${moved} wei from ${DaoFork.ACCOUNTS.length - missing} accounts to the refund contract` +
    (missing > 0 ? `; ${missing} drained accounts are not in the pre-state (not moved)` : '')
  )
}

/** Writes ring-buffer slots of a system contract, if the pre-state holds it with code. */
function ringWrite(accounts: Map<string, Genesis.Account>, ring: RingWrite): string {
  const account = accounts.get(ring.address)
  if (account === undefined || account.code === '0x')
    return `${ring.what} skipped (contract not in the pre-state)`
  const storage = new Map(account.storage.map((s) => [s.slot, s.value]))
  for (const [slot, value] of ring.writes) {
    if (BigInt(value) === 0n) storage.delete(slot)
    else storage.set(slot, value)
  }
  const slots = [...storage]
    .map(([slot, value]) => ({ slot, value }))
    .sort(Order.by((s) => s.slot, Order.strings))
  accounts.set(ring.address, { ...account, storage: slots })
  return `${ring.what} applied`
}

function sorted(accounts: Map<string, Genesis.Account>): Genesis.Account[] {
  return [...accounts.values()].sort(Order.by((a) => a.address, Order.strings))
}

function word(value: bigint | string): string {
  const n = typeof value === 'string' ? BigInt(value) : value
  return `0x${n.toString(16).padStart(64, '0')}`
}
