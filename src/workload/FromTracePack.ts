import type { AccessKey } from '../model/AccessKey.ts'
import * as Key from '../model/AccessKey.ts'
import * as Conflict from '../model/Conflict.ts'
import * as State from '../model/State.ts'
import * as Tx from '../model/Tx.ts'
import type * as BlockTrace from '../trace/BlockTrace.ts'
import * as TraceKey from '../trace/Key.ts'
import * as Normalized from '../trace/Normalized.ts'
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

/**
 * Maps a pack's observed keys to model keys under the analyzer's rules: each block is converted
 * as the analyzer converts it (`trace/Normalized.ts`: `FEE_CREDIT` credits dropped unless
 * `feeRecipient: 'include'`; `BALANCE`, `NONCE`, `CODE` and unnamed account fields stay distinct
 * keys), so the benchmark sees the analyzer's conflicts. Account-level keys are numbered as
 * accounts of the model (one per (field, address)), storage slots per contract, in key order;
 * blocks are concatenated in order. Tx ids are global positions (0..n-1) so ids never collide
 * across blocks; each tx also writes a private receipt key (`acct:<id>:nonce`, never produced by
 * the mapping) holding a digest of everything it read. `vm_steps = max(gas_used ?? 1, 1) ×
 * vmStepsPerGas`, capped at 2^53-1.
 * @example const w = FromTracePack.build(Dir.read('fixtures/…/demo-mini'), { vmStepsPerGas: 10 })
 */
export function build(pack: TracePack.TracePack, options: build.Options = {}): Workload {
  const { vmStepsPerGas = 0, feeRecipient = 'exclude' } = options
  const blocks = pack.blocks.map((block) => ({
    block,
    trace: Normalized.fromBlock(block, pack.manifest, { feeRecipient }),
  }))
  const ids = numbering(blocks.map((b) => b.trace))
  const txs: Tx.Tx[] = []
  const origins: Origin[] = []
  for (const { block, trace } of blocks) {
    const gasByIndex = new Map(block.transactions.map((tx) => [tx.txIndex, tx.gasUsed]))
    for (const tx of trace.transactions) {
      const id = txs.length
      const r: AccessKey[] = []
      const w: AccessKey[] = [Key.nonce(id)]
      for (const access of tx.accesses) {
        const key = ids.key(TraceKey.toId(access.key))
        if (access.kind !== 'write') r.push(key)
        if (access.kind !== 'read') w.push(key)
      }
      const gas = Math.max(gasByIndex.get(tx.txIndex) ?? 1, 1)
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
  type Options = {
    readonly vmStepsPerGas?: number
    /** `FEE_CREDIT` credits: dropped (default, as the analyzer) or kept as balance read-writes. */
    readonly feeRecipient?: 'exclude' | 'include'
  }
}

function numbering(traces: readonly BlockTrace.BlockTrace[]) {
  const all = new Set<TraceKey.Id>()
  for (const trace of traces) {
    for (const tx of trace.transactions) for (const a of tx.accesses) all.add(TraceKey.toId(a.key))
  }
  const model = new Map<TraceKey.Id, AccessKey>()
  const contracts = new Map<string, number>()
  let accountCount = 0
  let slotCount = 0
  let lastContract = ''
  let slotInContract = 0
  for (const id of [...all].sort(TraceKey.compareIds)) {
    if (TraceKey.typeOf(id) !== 'storage') {
      model.set(id, Key.balance(accountCount++))
      continue
    }
    const address = TraceKey.addressOf(id)
    if (address !== lastContract) {
      contracts.set(address, contracts.size)
      lastContract = address
      slotInContract = 0
    }
    model.set(id, Key.storage(contracts.get(address) as number, slotInContract++))
    slotCount++
  }
  return {
    accountCount,
    contractCount: contracts.size,
    slotCount,
    key(id: TraceKey.Id): AccessKey {
      return model.get(id) as AccessKey
    },
  }
}
