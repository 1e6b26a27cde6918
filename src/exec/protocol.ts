import type { Delta, State } from '../model/State.ts'
import type { Outcome, Tx } from '../model/Tx.ts'

/** Parent → worker: replace the replica with `state` and remember the run's transaction list. */
export type LoadMessage = {
  readonly type: 'load'
  readonly state: State
  readonly txs: readonly Tx[]
}

/** Parent → worker: apply committed deltas (canonical order) to the replica, then execute `indices`. */
export type ExecuteMessage = {
  readonly type: 'execute'
  readonly deltas: readonly Delta[]
  readonly indices: readonly number[]
}

/** An outcome tagged with the transaction's position in the run's list. */
export type IndexedOutcome = { readonly index: number; readonly outcome: Outcome }

/** Worker → parent replies. */
export type Reply =
  | { readonly type: 'loaded' }
  | { readonly type: 'outcomes'; readonly outcomes: readonly IndexedOutcome[] }
  | { readonly type: 'error'; readonly message: string }

/** Every message a worker accepts. */
export type Request = LoadMessage | ExecuteMessage
