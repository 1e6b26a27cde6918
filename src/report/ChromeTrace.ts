import type { BlockReport } from '../analysis/BlockReport.ts'
import type { Dossier } from '../analysis/Dossier.ts'
import * as Json from '../primitives/Json.ts'

/**
 * Dossier wave layout as Chrome trace events (docs/original-lab.md §7.4a): one event per tx, pid =
 * block, tid = wave, ts = block·1e6 + wave·1e3, dur = max(duration_units, 1). A layout, not a
 * schedule.
 */
export function renderDossier(d: Dossier): string {
  const events: Json.Value[] = []
  for (const b of d.blocks) {
    for (const tx of b.tx_summaries) {
      events.push(
        Json.sortKeys({
          args: Json.sortKeys({ conflict_degree: tx.conflict_degree, tx_hash: tx.tx_hash }),
          cat: 'trace-pack-schedule',
          dur: Math.max(tx.duration_units, 1),
          name: `block-${b.block_number}-tx-${tx.tx_index}`,
          ph: 'X',
          pid: b.block_number,
          tid: `wave-${tx.wave}`,
          ts: b.block_number * 1_000_000 + tx.wave * 1_000,
        }),
      )
    }
  }
  return Json.stringify({ traceEvents: events })
}

/**
 * Single-block wave layout (docs/original-lab.md §7.4b): pid 1, tid = wave, ts = wave·1000, dur
 * 900.
 */
export function renderBlock(report: BlockReport): string {
  const events = report.tx_summaries.map((tx) =>
    Json.sortKeys({
      args: Json.sortKeys({ conflict_degree: tx.conflict_degree, tx_hash: tx.tx_hash }),
      cat: 'parallelism-schedule',
      dur: 900,
      name: `tx-${tx.tx_index}`,
      ph: 'X',
      pid: 1,
      tid: `wave-${tx.wave}`,
      ts: tx.wave * 1000,
    }),
  )
  return Json.stringify({ traceEvents: events })
}
