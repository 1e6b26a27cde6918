import * as Conflict from '../model/Conflict.ts'
import type { State } from '../model/State.ts'
import * as StateNs from '../model/State.ts'
import type { Tx, Kind as TxKind } from '../model/Tx.ts'
import * as TxNs from '../model/Tx.ts'
import * as Rng from '../primitives/Rng.ts'

/** Synthetic workload kinds, in display order. */
export const kinds = ['erc20', 'storage', 'swap-like', 'hot-pool', 'mixed'] as const
export type Kind = (typeof kinds)[number]

/** Named conflict presets (`c95` etc.). */
export const presets = { c0: 0.0, c20: 0.2, c50: 0.5, c70: 0.7, c95: 0.95 } as const

/** Generator configuration (docs/original-lab.md §4). */
export type Config = {
  readonly kind: Kind
  readonly txCount: number
  readonly requestedConflict: number
  readonly vmSteps?: number
  readonly accounts?: number
  readonly contracts?: number
  readonly hotSlots?: number
  readonly seed: bigint | number
}

/** A generated workload: normalized config, initial state, transactions and declared-conflict stats. */
export type Workload = {
  readonly kind: Kind
  readonly txCount: number
  readonly requestedConflict: number
  readonly observedConflict: number
  readonly conflictPairs: number
  readonly vmSteps: number
  readonly seed: bigint
  readonly initialState: State
  readonly txs: readonly Tx[]
}

/**
 * Generates a seeded workload, bit-identical to the original lab (ChaCha8 + rand 0.8 sampling).
 * @example Workload.generate({ kind: 'storage', txCount: 1000, requestedConflict: 0, seed: 42 })
 */
export function generate(config: Config): Workload {
  const p = normalize(config)
  const rng = Rng.fromSeed(p.seed)
  const txs: Tx[] = []
  for (let id = 0; id < p.txCount; id++) txs.push(TxNs.from(id, draw(rng, p, p.kind), p.vmSteps))
  const conflictPairs = Conflict.countPairs(txs)
  return {
    kind: p.kind,
    txCount: p.txCount,
    requestedConflict: p.requestedConflict,
    observedConflict: Conflict.observedRate(conflictPairs, txs.length),
    conflictPairs,
    vmSteps: p.vmSteps,
    seed: p.seed,
    initialState: StateNs.withAccountsAndStorage(p.accounts, p.contracts, p.slotsPerContract),
    txs,
  }
}

/** Parses a workload name (`swap_like`, `hot_pool` accepted); undefined when unknown. */
export function parseKind(text: string): Kind | undefined {
  const name = text.replaceAll('_', '-')
  return (kinds as readonly string[]).includes(name) ? (name as Kind) : undefined
}

type Params = {
  readonly kind: Kind
  readonly txCount: number
  readonly requestedConflict: number
  readonly vmSteps: number
  readonly accounts: number
  readonly contracts: number
  readonly hotSlots: number
  readonly seed: bigint
  readonly slotsPerContract: number
  readonly hotAccounts: number
}

function normalize(config: Config): Params {
  const conflict = config.requestedConflict
  const requestedConflict = Number.isNaN(conflict) ? 0 : Math.min(Math.max(conflict, 0), 1)
  const accounts = Math.max(config.accounts ?? 256, 2)
  const contracts = Math.max(config.contracts ?? 64, 1)
  const hotSlots = Math.max(config.hotSlots ?? 4, 1)
  return {
    kind: config.kind,
    txCount: config.txCount,
    requestedConflict,
    vmSteps: config.vmSteps ?? 0,
    accounts,
    contracts,
    hotSlots,
    seed: BigInt(config.seed),
    slotsPerContract: Math.max(hotSlots, 8) * 4,
    hotAccounts: Math.max(Math.min(hotSlots + 1, accounts), 2),
  }
}

function draw(rng: Rng.Rng, p: Params, kind: Kind): TxKind {
  switch (kind) {
    case 'erc20':
      return transfer(rng, p)
    case 'storage':
      return storage(rng, p)
    case 'swap-like': {
      const hot = Rng.bernoulli(rng, p.requestedConflict)
      const pool = hot ? 0 : Rng.index(rng, 0, p.contracts, 64)
      const trader = Rng.index(rng, 0, hot ? p.hotAccounts : p.accounts, 64)
      const amountIn = Rng.inclusive(rng, 1n, 750n, 128)
      return { type: 'swap_like', trader, pool, amountIn, minOut: 0n }
    }
    case 'hot-pool': {
      const hot = Rng.bernoulli(rng, p.requestedConflict)
      const account = Rng.index(rng, 0, hot ? p.hotAccounts : p.accounts, 64)
      const amount = Rng.inclusive(rng, 1n, 250n, 128)
      return { type: 'hot_pool', account, pool: 0, amount }
    }
    case 'mixed': {
      const k = Rng.index(rng, 0, 100, 32)
      if (k < 35) return draw(rng, p, 'erc20')
      if (k < 60) return draw(rng, p, 'storage')
      if (k < 80) return draw(rng, p, 'swap-like')
      if (k < 95) return draw(rng, p, 'hot-pool')
      return { type: 'noop' }
    }
  }
}

function transfer(rng: Rng.Rng, p: Params): TxKind {
  const hot = Rng.bernoulli(rng, p.requestedConflict)
  const range = hot ? p.hotAccounts : p.accounts
  const from = Rng.index(rng, 0, range, 64)
  let to = Rng.index(rng, 0, range, 64)
  if (to === from) to = (to + 1) % range
  const amount = Rng.inclusive(rng, 1n, 1000n, 128)
  return { type: 'transfer', from, to, amount }
}

function storage(rng: Rng.Rng, p: Params): TxKind {
  const hot = Rng.bernoulli(rng, p.requestedConflict)
  const contract = hot ? 0 : Rng.index(rng, 0, p.contracts, 64)
  const limit = hot ? p.hotSlots : p.slotsPerContract
  const slot = Rng.index(rng, 0, Math.max(limit, 1), 64)
  if (Rng.bernoulli(rng, 0.65)) {
    const drawn = Rng.inclusive(rng, -50n, 50n, 128)
    return { type: 'storage_add', contract, slot, delta: drawn > 1n ? drawn : 1n }
  }
  const value = Rng.inclusive(rng, 1n, 2_000_000n, 128)
  return { type: 'storage_set', contract, slot, value, readPrior: Rng.bernoulli(rng, 0.5) }
}
