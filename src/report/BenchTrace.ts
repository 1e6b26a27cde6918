import type { Report } from '../exec/Bench.ts'
import * as Json from '../primitives/Json.ts'

/** A Chrome trace-event (keys alphabetical, as serde_json writes ad hoc objects). */
export type Event = {
  readonly args: {
    readonly declared_conflict_pairs: number
    readonly deterministic_passed: boolean
    readonly reexecuted_txs: number
    readonly scheduler_deferrals: number
    readonly state_hash: string
    readonly validation_failures: number
    readonly wave_count: number
  }
  readonly cat: string
  readonly dur: bigint
  readonly name: string
  readonly ph: 'X'
  readonly pid: number
  readonly tid: string
  readonly ts: bigint
}

/** One complete event per mode row, laid end to end (docs/original-lab.md §7.4c). */
export function build(report: Report): { traceEvents: Event[] } {
  let ts = 0n
  const traceEvents = report.modes.map((row): Event => {
    const micros = row.elapsedNs / 1000n
    const dur = micros < 1n ? 1n : micros
    const event: Event = {
      args: {
        declared_conflict_pairs: row.declaredConflictPairs,
        deterministic_passed: row.deterministicPassed,
        reexecuted_txs: row.reexecutedTxs,
        scheduler_deferrals: row.schedulerDeferrals,
        state_hash: row.stateHash,
        validation_failures: row.validationFailures,
        wave_count: row.waveCount,
      },
      cat: 'parallel-revm-lab',
      dur,
      name: `mode:${row.mode}`,
      ph: 'X',
      pid: 1,
      tid: row.mode,
      ts,
    }
    ts += dur + 10n
    return event
  })
  return { traceEvents }
}

/** The bench trace as pretty JSON text. */
export function render(report: Report): string {
  return Json.stringify(build(report))
}
