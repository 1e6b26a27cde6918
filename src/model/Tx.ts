import * as Hash from '../primitives/Hash.ts'
import type { AccessKey } from './AccessKey.ts'
import * as Key from './AccessKey.ts'
import * as I128 from './I128.ts'
import type { Delta, State } from './State.ts'
import * as StateNs from './State.ts'
import * as Vm from './Vm.ts'

/** Transaction kinds of the synthetic model (ids are JS safe integers; amounts are i128). */
export type Kind =
  | {
      readonly type: 'transfer'
      readonly from: number
      readonly to: number
      readonly amount: bigint
    }
  | {
      readonly type: 'storage_add'
      readonly contract: number
      readonly slot: number
      readonly delta: bigint
    }
  | {
      readonly type: 'storage_set'
      readonly contract: number
      readonly slot: number
      readonly value: bigint
      readonly readPrior: boolean
    }
  | {
      readonly type: 'swap_like'
      readonly trader: number
      readonly pool: number
      readonly amountIn: bigint
      readonly minOut: bigint
    }
  | {
      readonly type: 'hot_pool'
      readonly account: number
      readonly pool: number
      readonly amount: bigint
    }
  | { readonly type: 'noop' }
  /**
   * A trace-derived tx: reads every declared read key, then writes every declared write key with a
   * value mixed (FNV-1a) from its id, everything it read and the key, so any schedule that lets
   * it observe a different state changes the final state.
   */
  | { readonly type: 'observed' }

/** A transaction: kind, CPU burn and the declared (sorted, deduplicated) access sets. */
export type Tx = {
  readonly id: number
  readonly kind: Kind
  readonly vmSteps: number
  readonly declaredReads: readonly AccessKey[]
  readonly declaredWrites: readonly AccessKey[]
}

/** Outcome status: every failure path is a deterministic status, never an exception. */
export type Status = 'applied' | 'noop' | 'insufficient_balance' | 'slippage_exceeded'

/** What one execution observed and produced. */
export type Outcome = {
  readonly txId: number
  /** Value seen at every read, sorted by key. */
  readonly readValues: Delta
  readonly delta: Delta
  readonly status: Status
}

/**
 * Builds a transaction whose declared sets are derived from its kind (docs/original-lab.md §3.5
 * table).
 */
export function from(id: number, kind: Kind, vmSteps = 0): Tx {
  const keys = declared(kind)
  const reads = kind.type === 'storage_set' && !kind.readPrior ? [] : keys
  return {
    id,
    kind,
    vmSteps,
    declaredReads: Key.sortedSet(reads),
    declaredWrites: Key.sortedSet(keys),
  }
}

/** Builds a transaction with explicitly supplied access sets (trace-derived workloads). */
export function withAccess(
  id: number,
  kind: Kind,
  vmSteps: number,
  reads: readonly AccessKey[],
  writes: readonly AccessKey[],
): Tx {
  return {
    id,
    kind,
    vmSteps,
    declaredReads: Key.sortedSet(reads),
    declaredWrites: Key.sortedSet(writes),
  }
}

/**
 * The keys `execute` can actually read and write: the kind's own sets, whatever `tx` declares
 * (declared sets may be deliberately wrong, as in a bad access list), except for a trace-derived
 * tx, whose declared sets are its semantics.
 */
export function accessOf(tx: Tx): Pick<Tx, 'declaredReads' | 'declaredWrites'> {
  return tx.kind.type === 'observed' ? tx : from(tx.id, tx.kind)
}

/** Executes `tx` against `state` without mutating it; the single home of transaction semantics. */
export function execute(state: State, tx: Tx): Outcome {
  if (tx.vmSteps > 0) Vm.burn(tx.id, tx.vmSteps)
  const reads = new Map<string, readonly [AccessKey, bigint]>()
  const writes = new Map<string, readonly [AccessKey, bigint]>()
  const get = (key: AccessKey): bigint => {
    const value = StateNs.read(state, key)
    reads.set(Key.display(key), [key, value])
    return value
  }
  const put = (key: AccessKey, value: bigint): void => {
    writes.set(Key.display(key), [key, value])
  }
  const status = tx.kind.type === 'observed' ? observed(tx, get, put) : run(tx.kind, get, put)
  return { txId: tx.id, readValues: sorted(reads), delta: sorted(writes), status }
}

/** True when every recorded read still equals the state's current value. */
export function readsMatch(outcome: Outcome, state: State): boolean {
  for (const [key, value] of outcome.readValues)
    if (StateNs.read(state, key) !== value) return false
  return true
}

/** Rust `Debug` form of a kind, e.g. `Transfer { from: AccountId(3), to: AccountId(7), amount: 12 }`. */
export function debug(kind: Kind): string {
  switch (kind.type) {
    case 'transfer':
      return `Transfer { from: AccountId(${kind.from}), to: AccountId(${kind.to}), amount: ${kind.amount} }`
    case 'storage_add':
      return `StorageAdd { contract: ContractId(${kind.contract}), slot: SlotId(${kind.slot}), delta: ${kind.delta} }`
    case 'storage_set':
      return `StorageSet { contract: ContractId(${kind.contract}), slot: SlotId(${kind.slot}), value: ${kind.value}, read_prior: ${kind.readPrior} }`
    case 'swap_like':
      return `SwapLike { trader: AccountId(${kind.trader}), pool: ContractId(${kind.pool}), amount_in: ${kind.amountIn}, min_out: ${kind.minOut} }`
    case 'hot_pool':
      return `HotPool { account: AccountId(${kind.account}), pool: ContractId(${kind.pool}), amount: ${kind.amount} }`
    case 'noop':
      return 'Noop'
    case 'observed':
      return 'Observed'
  }
}

function declared(kind: Kind): AccessKey[] {
  switch (kind.type) {
    case 'transfer':
      return [Key.balance(kind.from), Key.nonce(kind.from), Key.balance(kind.to)]
    case 'storage_add':
    case 'storage_set':
      return [Key.storage(kind.contract, kind.slot)]
    case 'swap_like':
      return [Key.storage(kind.pool, 0), Key.storage(kind.pool, 1), Key.balance(kind.trader)]
    case 'hot_pool':
      return [Key.storage(kind.pool, 0), Key.balance(kind.account)]
    case 'noop':
    case 'observed':
      return []
  }
}

type Get = (key: AccessKey) => bigint
type Put = (key: AccessKey, value: bigint) => void

function run(kind: Kind, get: Get, put: Put): Status {
  switch (kind.type) {
    case 'transfer':
      return transfer(kind, get, put)
    case 'storage_add': {
      const key = Key.storage(kind.contract, kind.slot)
      put(key, I128.add(get(key), kind.delta))
      return 'applied'
    }
    case 'storage_set': {
      const key = Key.storage(kind.contract, kind.slot)
      if (kind.readPrior) get(key)
      put(key, kind.value)
      return 'applied'
    }
    case 'swap_like':
      return swap(kind, get, put)
    case 'hot_pool': {
      const amount = I128.max(kind.amount, 0n)
      const pool = get(Key.storage(kind.pool, 0))
      const balance = get(Key.balance(kind.account))
      const deposit = I128.min(amount, I128.max(balance, 0n))
      if (deposit === 0n) return 'insufficient_balance'
      put(Key.storage(kind.pool, 0), I128.add(pool, deposit))
      put(Key.balance(kind.account), I128.sub(balance, deposit))
      return 'applied'
    }
    case 'noop':
    case 'observed':
      return 'noop'
  }
}

function observed(tx: Tx, get: Get, put: Put): Status {
  let digest = `${tx.id}`
  for (const key of tx.declaredReads) digest += `|${Key.display(key)}=${get(key)}`
  const seed = Hash.ofString(digest)
  for (const key of tx.declaredWrites) put(key, Hash.fnv1a64String(`${seed}:${Key.display(key)}`))
  return tx.declaredWrites.length === 0 ? 'noop' : 'applied'
}

function transfer(kind: Extract<Kind, { type: 'transfer' }>, get: Get, put: Put): Status {
  const amount = I128.max(kind.amount, 0n)
  const fromBalance = get(Key.balance(kind.from))
  const toBalance = get(Key.balance(kind.to))
  const nonce = get(Key.nonce(kind.from))
  put(Key.nonce(kind.from), I128.add(nonce, 1n))
  if (amount === 0n || kind.from === kind.to) return 'noop'
  if (fromBalance < amount) return 'insufficient_balance'
  put(Key.balance(kind.from), I128.sub(fromBalance, amount))
  put(Key.balance(kind.to), I128.add(toBalance, amount))
  return 'applied'
}

function swap(kind: Extract<Kind, { type: 'swap_like' }>, get: Get, put: Put): Status {
  const amountIn = I128.max(kind.amountIn, 0n)
  const reserveIn = I128.max(get(Key.storage(kind.pool, 0)), 0n)
  const reserveOut = I128.max(get(Key.storage(kind.pool, 1)), 0n)
  const balance = get(Key.balance(kind.trader))
  if (amountIn === 0n || balance < amountIn || reserveOut === 0n) return 'insufficient_balance'
  const quoted = I128.mul(amountIn, reserveOut) / I128.add(I128.add(reserveIn, amountIn), 1n)
  const out = I128.min(quoted, reserveOut)
  if (out < I128.max(kind.minOut, 0n)) return 'slippage_exceeded'
  put(Key.storage(kind.pool, 0), I128.add(reserveIn, amountIn))
  put(Key.storage(kind.pool, 1), I128.sub(reserveOut, out))
  put(Key.balance(kind.trader), I128.add(I128.sub(balance, amountIn), out))
  return 'applied'
}

function sorted(map: Map<string, readonly [AccessKey, bigint]>): Delta {
  return [...map.values()].sort((a, b) => Key.compare(a[0], b[0]))
}
