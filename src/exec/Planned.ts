import * as Conflict from '../model/Conflict.ts'
import * as State from '../model/State.ts'
import type * as Tx from '../model/Tx.ts'
import type { Options, Run } from './Run.ts'
import { defaultClock } from './Run.ts'
import * as Runner from './Runner.ts'

/** One scheduling pass: the wave's positions (ascending) and the deferred ones. */
export type Wave = { readonly wave: readonly number[]; readonly next: readonly number[] }

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
  let pending: readonly number[] = txs.map((_, i) => i)
  let committed: State.Delta[] = []
  let waveCount = 0
  let maxWaveWidth = 0
  let schedulerDeferrals = 0
  while (pending.length > 0) {
    const { wave, next } = schedule(pending, sets)
    schedulerDeferrals += next.length
    const outcomes = await runner.execute(wave, committed)
    committed = outcomes.map((o) => o.delta)
    for (const delta of committed) State.applyDelta(state, delta)
    waveCount += 1
    maxWaveWidth = Math.max(maxWaveWidth, wave.length)
    pending = next
  }
  const elapsedNs = clock() - start
  return {
    mode: 'access-list',
    finalState: state,
    stateHash: State.hash(state),
    metrics: {
      elapsedNs,
      declaredConflictPairs: Conflict.countPairs(txs),
      schedulerDeferrals,
      validationFailures: 0,
      reexecutedTxs: 0,
      waveCount,
      maxWaveWidth,
    },
  }
}

/** Picks the next wave; a deferred tx blocks every later tx that conflicts with it (barrier rule). */
export function schedule(pending: readonly number[], sets: readonly Conflict.Sets[]): Wave {
  const waveSets = { reads: new Set<string>(), writes: new Set<string>() }
  const blocked = { reads: new Set<string>(), writes: new Set<string>() }
  const wave: number[] = []
  const next: number[] = []
  for (const i of pending) {
    const own = sets[i] as Conflict.Sets
    const target =
      Conflict.accessSetsConflict(waveSets, own) || Conflict.accessSetsConflict(blocked, own)
        ? blocked
        : waveSets
    for (const key of own.reads) target.reads.add(key)
    for (const key of own.writes) target.writes.add(key)
    ;(target === blocked ? next : wave).push(i)
  }
  return { wave, next }
}
