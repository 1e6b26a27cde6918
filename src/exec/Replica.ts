import * as State from '../model/State.ts'
import * as Tx from '../model/Tx.ts'
import type { IndexedOutcome, Reply, Request } from './protocol.ts'

/** A worker's private copy of the committed state plus the run's transactions. */
export type Replica = { state: State.State; txs: readonly Tx.Tx[] }

/** A fresh, empty replica. */
export function create(): Replica {
  return { state: State.empty(), txs: [] }
}

/** Handles one request against the replica (the whole of a worker's logic, testable in-process). */
export function handle(replica: Replica, request: Request): Reply {
  if (request.type === 'load') {
    replica.state = request.state
    replica.txs = request.txs
    return { type: 'loaded' }
  }
  for (const delta of request.deltas) State.applyDelta(replica.state, delta)
  const outcomes: IndexedOutcome[] = []
  for (const index of request.indices) {
    const tx = replica.txs[index]
    if (tx === undefined) return { type: 'error', message: `no transaction at index ${index}` }
    outcomes.push({ index, outcome: Tx.execute(replica.state, tx) })
  }
  return { type: 'outcomes', outcomes }
}
