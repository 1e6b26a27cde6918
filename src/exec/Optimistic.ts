import * as State from '../model/State.ts'
import * as Tx from '../model/Tx.ts'
import type { Options, Run } from './Run.ts'
import { defaultClock, finish } from './Run.ts'
import * as Runner from './Runner.ts'

/**
 * One-round optimistic executor: speculate every tx in parallel on the initial snapshot, then
 * validate in canonical order; a tx whose reads changed is re-executed on the committed state.
 * @example const run = await Optimistic.run(workload.initialState, workload.txs, { threads: 2, pool })
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
  const runner = await Runner.open(state, txs, options)
  const speculative = await runner.execute(
    txs.map((_, i) => i),
    [],
  )
  let reexecutedTxs = 0
  txs.forEach((tx, i) => {
    const outcome = speculative[i] as Tx.Outcome
    if (Tx.readsMatch(outcome, state)) {
      State.applyDelta(state, outcome.delta)
    } else {
      reexecutedTxs += 1
      State.applyDelta(state, Tx.execute(state, tx).delta)
    }
  })
  const elapsedNs = clock() - start
  return finish('optimistic', state, txs, elapsedNs, {
    validationFailures: reexecutedTxs,
    reexecutedTxs,
    waveCount: txs.length === 0 ? 0 : 1,
    maxWaveWidth: txs.length,
  })
}
