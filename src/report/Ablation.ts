import type { SchedulerAblationRow } from '../analysis/DossierTypes.ts'
import type { Strategy } from '../analysis/Simulation.ts'

/**
 * The scheduler ablation pivoted for reading: one row per worker count, one column per strategy
 * (the dossier keeps one row per (strategy, workers) pair, in which the bound and the
 * dependency check repeat on every line).
 */

/** One worker count: each strategy's speedup vs canonical 1-worker and ready-queue wait. */
export type Row = {
  readonly workers: number
  readonly speedup: readonly (number | null)[]
  readonly readyWait: readonly (number | null)[]
  /** The strategy that shortens the makespan most vs canonical, with its gain (%); null: none does. */
  readonly best: { readonly strategy: Strategy; readonly improvement: number } | null
}

/** The pivoted ablation. */
export type Pivot = {
  /** Strategies present, in report order (columns). */
  readonly strategies: readonly Strategy[]
  readonly rows: readonly Row[]
  /** Strategy/worker pairs whose schedule broke a dependency (none expected). */
  readonly broken: readonly string[]
}

/** Pivots the dossier's ablation rows. */
export function pivot(rows: readonly SchedulerAblationRow[]): Pivot {
  const strategies = (['canonical', 'gas_lpt', 'critical_path'] as const).filter((s) =>
    rows.some((r) => r.strategy === s),
  )
  const workers = [...new Set(rows.map((r) => r.workers))].sort((a, b) => a - b)
  const find = (s: Strategy, w: number) => rows.find((r) => r.strategy === s && r.workers === w)
  return {
    strategies,
    rows: workers.map((w) => {
      let best: Row['best'] = null
      for (const s of strategies) {
        const r = find(s, w)
        if (r !== undefined && r.improvement_vs_canonical_percent > (best?.improvement ?? 0))
          best = { strategy: s, improvement: r.improvement_vs_canonical_percent }
      }
      return {
        workers: w,
        speedup: strategies.map((s) => find(s, w)?.speedup_vs_canonical_one_worker ?? null),
        readyWait: strategies.map((s) => find(s, w)?.ready_queue_wait_units ?? null),
        best,
      }
    }),
    broken: rows.filter((r) => !r.preserves_dependencies).map((r) => `${r.strategy}@${r.workers}`),
  }
}

/** What the strategy names mean, for the sentence above the table. */
export const STRATEGY_NOTE =
  '`canonical` takes ready transactions in tx order, `gas_lpt` longest gas first, `critical_path` longest remaining dependency path first'
