import * as State from '../model/State.ts'
import * as Tx from '../model/Tx.ts'
import type { Clock, Run } from './Run.ts'
import { defaultClock, finish } from './Run.ts'

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
  return finish('sequential', state, txs, elapsedNs)
}

export declare namespace run {
  type Options = { readonly clock?: Clock }
}
