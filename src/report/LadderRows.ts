/**
 * The execution ladder as display rows, shared by the Markdown summaries, the HTML pages and the
 * ladder chart of both the dossier and the range dossier: one row per rung, BAL-parallel once
 * unbounded and once per simulated worker count (above 1), and the measured runs (rung 5) or one
 * "not measured" row.
 */
import type {
  DossierBlock,
  MeasuredExecution,
  PackLadder,
  WhatIfRow,
} from '../analysis/DossierTypes.ts'

/** What the ladder renderers read (the dossier and the range dossier both have it). */
export type Source = {
  readonly execution_ladder: PackLadder
  readonly measured_execution: MeasuredExecution | null
  readonly what_if_hot_keys: readonly WhatIfRow[]
}

/** One row of the ladder table and one bar of its chart. */
export type Row = {
  readonly rung: number
  /** The model, in words. */
  readonly model: string
  /** A short name for the chart's axis. */
  readonly short: string
  /** Gas of the critical path, longest tx or makespan; null for measured rows and without gas. */
  readonly path: number | null
  /** The gas ceiling, or the measured speedup; null when unavailable. */
  readonly ceiling: number | null
  readonly measured: boolean
}

/** Engine names in words. */
const engines = { 'block-stm': 'Block-STM', 'bal-parallel': 'BAL-parallel' } as const

/** The rows of a dossier's ladder, strictest first. */
export function rows(d: Source): Row[] {
  const l = d.execution_ladder
  const modelled = (
    rung: number,
    model: string,
    short: string,
    r: PackLadder['every_conflict'],
  ) => ({
    rung,
    model,
    short,
    path: r.gas_critical_path,
    ceiling: r.ceiling_by_gas,
    measured: false,
  })
  const out: Row[] = [
    modelled(
      1,
      'every observed conflict, fee recipient included',
      '1 every conflict',
      l.every_conflict,
    ),
    modelled(2, 'lazy fee recipient', '2 lazy fee recipient', l.lazy_fee_recipient),
    modelled(
      3,
      l.lazy_balance_credits.credit_count === 0
        ? 'lazy balance credits (no balance change qualifies as a credit)'
        : `lazy balance credits (${l.lazy_balance_credits.credit_count} balance changes taken as credits; an upper bound)`,
      '3 lazy credits (≤)',
      l.lazy_balance_credits,
    ),
    modelled(
      4,
      'BAL-parallel, unbounded workers (the longest transaction)',
      '4 BAL ∞',
      l.bal_parallel,
    ),
  ]
  for (const w of l.bal_parallel.workers) {
    if (w.workers === 1) continue
    out.push({
      rung: 4,
      model: `BAL-parallel, ${w.workers} workers (simulated makespan)`,
      short: `4 BAL ${w.workers}w`,
      path: w.makespan,
      ceiling: w.ceiling_by_gas,
      measured: false,
    })
  }
  const m = d.measured_execution
  if (m === null || m.totals.length === 0) {
    out.push({
      rung: 5,
      model: 'Block-STM and BAL-parallel measured: not measured',
      short: '5 not measured',
      path: null,
      ceiling: null,
      measured: true,
    })
    return out
  }
  for (const t of m.totals) {
    out.push({
      rung: 5,
      model: `${engines[t.engine]}, ${t.threads} thread${t.threads === 1 ? '' : 's'}, measured (${t.equal_blocks} of ${t.blocks} blocks ran in parallel and equal)`,
      short: `5 ${t.engine === 'block-stm' ? 'STM' : 'BAL'} ${t.threads}t`,
      path: null,
      ceiling: t.speedup_vs_sequential,
      measured: true,
    })
  }
  return out
}

/** The hint shown where nothing was measured. */
export const NOT_MEASURED_HINT =
  'Not measured: run `replay --engine block-stm --threads 1,2,4 --out stm.json` and/or `replay --engine bal --threads 1,2,4 --out bal.json` over the same blocks and pass each with `--measured FILE`.'

/** One block's row of the per-block ladder table: its ceilings, rung by rung. */
export type BlockRow = {
  readonly block: number
  readonly txs: number
  /** Rungs 1–3, BAL-parallel unbounded, BAL-parallel at the most simulated workers. */
  readonly ceilings: readonly (number | null)[]
  /** The measured speedups of the columns `measuredColumns` names (null where not measured). */
  readonly measured: readonly (number | null)[]
}

/** The measured columns of the per-block table: each engine at its largest thread count. */
export function measuredColumns(
  m: MeasuredExecution | null,
): { engine: keyof typeof engines; threads: number; title: string }[] {
  if (m === null) return []
  const out: { engine: keyof typeof engines; threads: number; title: string }[] = []
  for (const engine of ['block-stm', 'bal-parallel'] as const) {
    const threads = Math.max(
      0,
      ...m.totals.filter((t) => t.engine === engine).map((t) => t.threads),
    )
    if (threads > 0)
      out.push({ engine, threads, title: `5 ${engines[engine]} ${threads}t measured` })
  }
  return out
}

/** Titles of the modelled columns of the per-block table (`workers` = the most simulated). */
export function blockTitles(workers: number): string[] {
  return [
    '1 every conflict',
    '2 lazy fee recipient',
    '3 lazy credits (≤)',
    '4 BAL ∞',
    `4 BAL ${workers}w`,
  ]
}

/** The per-block rows of a dossier's blocks. */
export function blockRows(
  blocks: readonly DossierBlock[],
  m: MeasuredExecution | null,
): BlockRow[] {
  const columns = measuredColumns(m)
  const runs = new Map((m?.blocks ?? []).map((b) => [b.block_number, b.runs]))
  return blocks.map((b) => {
    const l = b.execution_ladder
    const most = l.bal_parallel.workers[l.bal_parallel.workers.length - 1]
    return {
      block: b.block_number,
      txs: b.tx_count,
      ceilings: [
        l.every_conflict.ceiling_by_gas,
        l.lazy_fee_recipient.ceiling_by_gas,
        l.lazy_balance_credits.ceiling_by_gas,
        l.bal_parallel.ceiling_by_gas,
        most?.ceiling_by_gas ?? null,
      ],
      measured: columns.map(
        (c) =>
          runs.get(b.block_number)?.find((r) => r.engine === c.engine && r.threads === c.threads)
            ?.speedup_vs_sequential ?? null,
      ),
    }
  })
}

/** The note under every "what if" table. */
export const WHAT_IF_NOTE =
  "The gas ceiling if that one key's conflicts vanished (its edges removed, the critical path recomputed, every other conflict kept), against the dossier's own ceiling. A chain that two keys carry at once (a sender's nonce and balance) shortens only when both go, so neither alone gains."
