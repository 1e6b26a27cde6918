import * as Hash from '../primitives/Hash.ts'
import * as Json from '../primitives/Json.ts'
import * as Order from '../primitives/Order.ts'
import * as Key from '../trace/Key.ts'
import type * as Pipeline from './Pipeline.ts'

/** EIP-2930-shaped entry of an observed access list. */
export type AccessListEntry = { address: string; storageKeys: string[] }

/** Per-tx observations. */
export type TxHint = {
  block_number: number
  tx_index: number
  tx_hash: string
  observed_contracts: string[]
  observed_storage_keys: string[]
  warning: string
  /** EIP-2930 shape, sorted; OBSERVED accesses only, never a complete access list. */
  observed_access_list: AccessListEntry[]
}

/**
 * A conflict key worth predeclaring: a storage slot (`<address>:<slot>`, as in the original) or an
 * account-level key (`balance:<address>`, `nonce:<address>`, `code:<address>`), named by `key_type`.
 */
export type ConflictKey = { key: string; conflict_contribution: number; key_type: Key.Type }

/** A tx that conflicts and so benefits from scheduling hints. */
export type SchedulingHint = {
  block_number: number
  tx_index: number
  tx_hash: string
  conflict_degree: number
}

/** The observed access hints report (`observed-access-hints-v1`, docs/original-lab.md §7.7). */
export type AccessHints = {
  report_version: 'observed-access-hints-v1'
  chain: string
  provenance: string
  tx_hints: TxHint[]
  top_conflict_keys: ConflictKey[]
  scheduling_helpful_txs: SchedulingHint[]
  warnings: string[]
  access_list_note: string
  deterministic_hash: string
}

/** Per-tx warning text. */
export const TX_WARNING =
  'observed access hints only; dynamic or unobserved accesses may be missing'

/** Note on the `observed_access_list` field. */
export const ACCESS_LIST_NOTE =
  'observed_access_list has the EIP-2930 shape but lists observed accesses only; it is not a complete access list'

/**
 * Builds observed access hints from an analyzed pack: per-tx observed contracts/keys, ranked
 * conflict keys, conflicting txs. Hints read the block analyses' access sets and tx summaries and
 * the dossier's hot slots, which neither the worker counts nor labels change.
 * @example const hints = AccessHints.build(Pipeline.run({ pack, labels: [] }))
 */
export function build(
  result: Pick<Pipeline.Result, 'manifest' | 'dossier' | 'blocks'>,
): AccessHints {
  const { manifest, dossier } = result
  const tx_hints: TxHint[] = []
  const scheduling: SchedulingHint[] = []
  for (const { entry, sets: blockSets } of result.blocks) {
    const summaries = entry.tx_summaries
    blockSets.forEach((sets, i) => {
      const tx = summaries[i]!
      const number = entry.block_number
      tx_hints.push({
        block_number: number,
        tx_index: tx.tx_index,
        tx_hash: tx.tx_hash,
        ...observed([...sets.reads, ...sets.writes]),
        warning: TX_WARNING,
        observed_access_list: accessList([...sets.reads, ...sets.writes]),
      })
      if (tx.conflict_degree > 0) {
        const { tx_index, tx_hash, conflict_degree } = tx
        scheduling.push({ block_number: number, tx_index, tx_hash, conflict_degree })
      }
    })
  }
  const report: AccessHints = {
    report_version: 'observed-access-hints-v1',
    chain: manifest.chain,
    provenance: manifest.provenance,
    tx_hints,
    top_conflict_keys: dossier.top_hot_keys
      .filter((k) => k.conflict_contribution > 0)
      .map((k) => ({
        key: k.slot === null ? k.key : `${k.address}:${k.slot}`,
        conflict_contribution: k.conflict_contribution,
        key_type: k.key_type,
      }))
      .sort(
        (a, b) => b.conflict_contribution - a.conflict_contribution || Order.strings(a.key, b.key),
      )
      .slice(0, 10),
    scheduling_helpful_txs: scheduling.sort(
      (a, b) =>
        b.conflict_degree - a.conflict_degree ||
        a.block_number - b.block_number ||
        a.tx_index - b.tx_index,
    ),
    warnings: [
      'observed access hints are not production-ready Ethereum access lists',
      'incomplete traces can miss dynamic storage keys and account/code/balance reads',
    ],
    access_list_note: ACCESS_LIST_NOTE,
    deterministic_hash: '',
  }
  const text = Json.stringify(report as unknown as Json.Value, { pretty: false })
  return { ...report, deterministic_hash: Hash.ofString(text) }
}

/** Pretty JSON of a hints report. */
export function toJson(report: AccessHints): string {
  return Json.stringify(report as unknown as Json.Value)
}

function observed(keys: readonly Key.Id[]) {
  const contracts = new Set<string>()
  const slots = new Set<string>()
  for (const key of keys) {
    contracts.add(Key.addressOf(key))
    const slot = Key.toSlotText(key)
    if (slot !== null) slots.add(slot)
  }
  return {
    observed_contracts: [...contracts].sort(Order.strings),
    observed_storage_keys: [...slots].sort(Order.strings),
  }
}

function accessList(keys: readonly Key.Id[]): AccessListEntry[] {
  const byAddress = new Map<string, Set<string>>()
  for (const key of keys) {
    const address = Key.addressOf(key)
    const entry = byAddress.get(address) ?? new Set<string>()
    byAddress.set(address, entry)
    const slot = Key.slotOf(key)
    if (slot !== null) entry.add(slot)
  }
  return [...byAddress.keys()].sort(Order.strings).map((address) => ({
    address,
    storageKeys: [...byAddress.get(address)!].sort(Order.strings),
  }))
}
