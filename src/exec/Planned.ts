import * as Conflict from '../model/Conflict.ts'
import * as State from '../model/State.ts'
import type * as Tx from '../model/Tx.ts'
import type { Options, Run } from './Run.ts'
import { defaultClock, finish } from './Run.ts'
import * as Runner from './Runner.ts'

/**
 * Access-list wave scheduler (CLI mode `access-list`): each wave holds the pending txs that
 * conflict with no earlier still-pending tx; a wave executes in parallel on one snapshot and
 * commits in canonical order.
 * @example const run = await Planned.run(workload.initialState, workload.txs, { threads: 2, pool })
 */
export async function run(
  initial: State.State,
  txs: readonly Tx.Tx[],
  options: Options = {},
): Promise<Run> {
  const { clock = defaultClock } = options
  const state = State.clone(initial)
  await options.pool?.ready()
  const start = clock()
  // Timed, like Block-STM's plan: deriving the conflict sets is part of access-list scheduling.
  const sets = txs.map(Conflict.setsOf)
  const runner = await Runner.open(state, txs, options)
  let committed: State.Delta[] = []
  let maxWaveWidth = 0
  let schedulerDeferrals = 0
  const all = waves(sets)
  for (const [w, wave] of all.entries()) {
    // Each tx of wave w was deferred by the w passes before it.
    schedulerDeferrals += w * wave.length
    const outcomes = await runner.execute(wave, committed)
    committed = outcomes.map((o) => o.delta)
    for (const delta of committed) State.applyDelta(state, delta)
    maxWaveWidth = Math.max(maxWaveWidth, wave.length)
  }
  const waveCount = all.length
  const elapsedNs = clock() - start
  return finish('access-list', state, txs, elapsedNs, {
    schedulerDeferrals,
    waveCount,
    maxWaveWidth,
  })
}

/**
 * The access-list waves (positions ascending in each), in one pass. The barrier rule (each pass
 * takes the pending txs that conflict neither with the wave so far nor with a tx deferred before
 * them) puts a tx exactly one wave after the latest wave of any earlier tx it conflicts with, so
 * per key it is enough to know the latest wave of an earlier writer and of an earlier accessor.
 */
export function waves(sets: readonly Conflict.Sets[]): number[][] {
  const lastWrite = new Map<string, number>()
  const lastAccess = new Map<string, number>()
  const out: number[][] = []
  sets.forEach((own, i) => {
    let w = 0
    for (const key of own.reads) w = Math.max(w, (lastWrite.get(key) ?? -1) + 1)
    for (const key of own.writes) w = Math.max(w, (lastAccess.get(key) ?? -1) + 1)
    for (const key of own.reads) lastAccess.set(key, Math.max(lastAccess.get(key) ?? 0, w))
    for (const key of own.writes) {
      lastWrite.set(key, Math.max(lastWrite.get(key) ?? 0, w))
      lastAccess.set(key, Math.max(lastAccess.get(key) ?? 0, w))
    }
    let wave = out[w]
    if (wave === undefined) {
      wave = []
      out[w] = wave
    }
    wave.push(i)
  })
  return out
}
