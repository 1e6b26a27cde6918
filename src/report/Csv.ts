import type { Dossier } from '../analysis/Dossier.ts'
import * as Fmt from '../primitives/Fmt.ts'
import { orUnavailable } from './Text.ts'

/**
 * The CSV sidecars of a dossier, by file name, in write order: the original's four
 * (docs/original-lab.md §7.5) and `hot-keys.csv` (storage slots and account-level keys).
 */
export function render(d: Dossier): readonly { readonly name: string; readonly content: string }[] {
  return [
    { name: 'hot-contracts.csv', content: hotContracts(d) },
    { name: 'hot-slots.csv', content: hotSlots(d) },
    { name: 'hot-keys.csv', content: hotKeys(d) },
    { name: 'worker-simulation.csv', content: workerSimulation(d) },
    { name: 'scheduler-ablation.csv', content: schedulerAblation(d) },
  ]
}

/** CSV-quotes a value containing `,`, `"` or a newline. */
export function quote(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}

function lines(header: string, rows: readonly (readonly string[])[]): string {
  return `${header}\n${rows.map((r) => `${r.join(',')}\n`).join('')}`
}

function hotContracts(d: Dossier): string {
  return lines(
    'address,label,touching_txs,unique_slots,gas_of_touching_txs,conflict_contribution',
    d.top_hot_contracts.map((c) => [
      c.address,
      quote(c.label),
      String(c.touching_txs),
      String(c.unique_slots),
      orUnavailable(c.gas_of_touching_txs),
      String(c.conflict_contribution),
    ]),
  )
}

function hotSlots(d: Dossier): string {
  return lines(
    'key,address,address_label,slot,touching_txs,gas_of_touching_txs,conflict_contribution',
    d.top_hot_storage_slots.map((s) => [
      s.key,
      s.address,
      quote(s.address_label),
      s.slot,
      String(s.touching_txs),
      orUnavailable(s.gas_of_touching_txs),
      String(s.conflict_contribution),
    ]),
  )
}

function hotKeys(d: Dossier): string {
  return lines(
    'key,key_type,address,address_label,slot,touching_txs,gas_of_touching_txs,conflict_contribution',
    d.top_hot_keys.map((k) => [
      k.key,
      k.key_type,
      k.address,
      quote(k.address_label),
      k.slot ?? '',
      String(k.touching_txs),
      orUnavailable(k.gas_of_touching_txs),
      String(k.conflict_contribution),
    ]),
  )
}

function workerSimulation(d: Dossier): string {
  return lines(
    'workers,makespan,speedup_vs_one_worker,idle_percentage,critical_path_bound,interpretation',
    d.worker_simulation.map((r) => [
      String(r.workers),
      String(r.makespan),
      Fmt.fixed(r.speedup_vs_one_worker, 6),
      Fmt.fixed(r.idle_percentage, 6),
      String(r.critical_path_bound),
      r.interpretation,
    ]),
  )
}

function schedulerAblation(d: Dossier): string {
  return lines(
    'strategy,workers,makespan,speedup_vs_canonical_one_worker,idle_percentage,ready_queue_wait_units,critical_path_bound,improvement_vs_canonical_percent,preserves_dependencies,interpretation',
    d.scheduler_ablation.map((r) => [
      r.strategy,
      String(r.workers),
      String(r.makespan),
      Fmt.fixed(r.speedup_vs_canonical_one_worker, 6),
      Fmt.fixed(r.idle_percentage, 6),
      String(r.ready_queue_wait_units),
      String(r.critical_path_bound),
      Fmt.fixed(r.improvement_vs_canonical_percent, 6),
      String(r.preserves_dependencies),
      quote(r.interpretation),
    ]),
  )
}
