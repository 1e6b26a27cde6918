import type { AccessKey } from '../model/AccessKey.ts'
import * as Key from '../model/AccessKey.ts'
import * as Conflict from '../model/Conflict.ts'
import * as State from '../model/State.ts'
import * as Tx from '../model/Tx.ts'
import * as Order from '../primitives/Order.ts'
import type * as TracePack from '../trace/TracePack.ts'

/** Where a trace-derived tx came from. */
export type Origin = { readonly blockNumber: number; readonly txIndex: number }

/**
 * A trace pack turned into a synthetic, order-sensitive workload (docs/original-lab.md §8, made
 * honest).
 */
export type Workload = {
  readonly txs: readonly Tx.Tx[]
  /** `origins[i]` is the pack position of `txs[i]` (tx ids are global positions, never tx_index). */
  readonly origins: readonly Origin[]
  readonly initialState: State.State
  readonly conflictPairs: number
  readonly observedConflict: number
  readonly accountCount: number
  readonly contractCount: number
  readonly slotCount: number
}

const reads = new Set<TracePack.AccessKind>(['read', 'call', 'read_write', 'account_touch'])
const writes = new Set<TracePack.AccessKind>([
  'write',
  'create',
  'selfdestruct',
  'read_write',
  'account_touch',
])

/**
 * Maps observed addresses/slots to model keys (contracts, accounts and per-contract slots numbered
 * in sorted string order), concatenating all blocks in order. Tx ids are global positions (0..n-1)
 * so ids never collide across blocks; each tx also writes a private receipt key
 * (`acct:<id>:nonce`, never produced by the mapping) holding a digest of everything it read.
 * `vm_steps = max(gas_used ?? 1, 1) × vmStepsPerGas`, capped at 2^53-1.
 * @example const w = FromTracePack.build(Dir.read('fixtures/…/demo-mini'), { vmStepsPerGas: 10 })
 */
export function build(pack: TracePack.TracePack, options: build.Options = {}): Workload {
  const { vmStepsPerGas = 0 } = options
  const ids = numbering(pack)
  const txs: Tx.Tx[] = []
  const origins: Origin[] = []
  for (const block of pack.blocks) {
    for (const tx of block.transactions) {
      const id = txs.length
      const r: AccessKey[] = []
      const w: AccessKey[] = [Key.nonce(id)]
      for (const access of tx.accesses) {
        const key = ids.key(access)
        if (reads.has(access.kind)) r.push(key)
        if (writes.has(access.kind)) w.push(key)
      }
      const gas = Math.max(tx.gasUsed ?? 1, 1)
      const vmSteps = Math.min(gas * vmStepsPerGas, Number.MAX_SAFE_INTEGER)
      txs.push(Tx.withAccess(id, { type: 'observed' }, vmSteps, r, w))
      origins.push({ blockNumber: block.blockNumber, txIndex: tx.txIndex })
    }
  }
  const conflictPairs = Conflict.countPairs(txs)
  return {
    txs,
    origins,
    initialState: State.empty(),
    conflictPairs,
    observedConflict: Conflict.observedRate(conflictPairs, txs.length),
    accountCount: ids.accountCount,
    contractCount: ids.contractCount,
    slotCount: ids.slotCount,
  }
}

export declare namespace build {
  type Options = { readonly vmStepsPerGas?: number }
}

function numbering(pack: TracePack.TracePack) {
  const accounts = new Set<string>()
  const slots = new Map<string, Set<string>>()
  for (const block of pack.blocks) {
    for (const tx of block.transactions) {
      for (const a of tx.accesses) {
        if (a.slot === null) accounts.add(a.address)
        else {
          const set = slots.get(a.address) ?? new Set<string>()
          set.add(a.slot)
          slots.set(a.address, set)
        }
      }
    }
  }
  const accountId = new Map([...accounts].sort(Order.strings).map((a, i) => [a, i]))
  const contractId = new Map([...slots.keys()].sort(Order.strings).map((c, i) => [c, i]))
  const slotId = new Map<string, Map<string, number>>()
  let slotCount = 0
  for (const [contract, set] of slots) {
    slotId.set(contract, new Map([...set].sort(Order.strings).map((s, i) => [s, i])))
    slotCount += set.size
  }
  return {
    accountCount: accountId.size,
    contractCount: contractId.size,
    slotCount,
    key(access: TracePack.Access): AccessKey {
      if (access.slot === null) return Key.balance(accountId.get(access.address) as number)
      const contract = contractId.get(access.address) as number
      return Key.storage(contract, slotId.get(access.address)?.get(access.slot) as number)
    },
  }
}
