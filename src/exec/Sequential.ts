import * as Conflict from '../model/Conflict.ts'
import * as State from '../model/State.ts'
import * as Tx from '../model/Tx.ts'
import type { Clock, Run } from './Run.ts'
import { defaultClock } from './Run.ts'

/**
 * Executes every transaction in input order, applying each delta before the next.
 * @example const run = Sequential.run(workload.initialState, workload.txs)
 */
export function run(initial: State.State, txs: readonly Tx.Tx[], options: run.Options = {}): Run {
  const { clock = defaultClock } = options
  const state = State.clone(initial)
  const start = clock()
  for (const tx of txs) State.applyDelta(state, Tx.execute(state, tx).delta)
  const elapsedNs = clock() - start
  return {
    mode: 'sequential',
    finalState: state,
    stateHash: State.hash(state),
    metrics: {
      elapsedNs,
      declaredConflictPairs: Conflict.countPairs(txs),
      schedulerDeferrals: 0,
      validationFailures: 0,
      reexecutedTxs: 0,
      waveCount: 0,
      maxWaveWidth: 0,
    },
  }
}

export declare namespace run {
  type Options = { readonly clock?: Clock }
}
