import * as Conflict from '../model/Conflict.ts'
import type { State } from '../model/State.ts'
import * as StateNs from '../model/State.ts'
import type { Tx } from '../model/Tx.ts'
import type { Pool } from './Pool.ts'

/** Executor modes (display names). */
export type Mode = 'sequential' | 'access-list' | 'optimistic' | 'block-stm'

/** Monotonic nanosecond clock (injected; only timings use it). */
export type Clock = () => bigint

/**
 * Counters and timing of one run. `elapsedNs` depends on the machine; for access-list and
 * optimistic every counter is a function of the input alone, while Block-STM's deferrals,
 * validation failures and re-executions depend on the interleaving on real workers.
 */
export type Metrics = {
  readonly elapsedNs: bigint
  readonly declaredConflictPairs: number
  readonly schedulerDeferrals: number
  readonly validationFailures: number
  readonly reexecutedTxs: number
  readonly waveCount: number
  readonly maxWaveWidth: number
}

/** The result every executor returns. */
export type Run = {
  readonly mode: Mode
  readonly finalState: State
  readonly stateHash: string
  readonly metrics: Metrics
}

/** The counters an executor reports itself (any it leaves out are 0). */
export type Counters = Partial<Omit<Metrics, 'elapsedNs' | 'declaredConflictPairs'>>

/** Assembles an executor's result: final state and its hash, the timing, the declared pair count and `counters`. */
export function finish(
  mode: Mode,
  state: State,
  txs: readonly Tx[],
  elapsedNs: bigint,
  counters: Counters = {},
): Run {
  return {
    mode,
    finalState: state,
    stateHash: StateNs.hash(state),
    metrics: {
      elapsedNs,
      declaredConflictPairs: declaredPairs(txs),
      schedulerDeferrals: 0,
      validationFailures: 0,
      reexecutedTxs: 0,
      waveCount: 0,
      maxWaveWidth: 0,
      ...counters,
    },
  }
}

// Pair counts per tx list (by identity): a bench or verify sweep runs every mode on one list.
const pairCounts = new WeakMap<readonly Tx[], number>()

function declaredPairs(txs: readonly Tx[]): number {
  let count = pairCounts.get(txs)
  if (count === undefined) {
    count = Conflict.countPairs(txs)
    pairCounts.set(txs, count)
  }
  return count
}

/** Options shared by the executors. */
export type Options = {
  /** Threads for the parallel phases; > 1 requires `pool` (with at least that many workers). */
  readonly threads?: number
  readonly pool?: Pool
  readonly clock?: Clock
}

/** Default clock: `performance.now()` in nanoseconds. */
export function defaultClock(): bigint {
  return BigInt(Math.round(performance.now() * 1e6))
}

/** Splits positions into `parts` contiguous chunks of roughly equal total weight. */
export function chunk(
  positions: readonly number[],
  weight: (position: number) => number,
  parts: number,
): number[][] {
  const chunks: number[][] = Array.from({ length: parts }, () => [])
  let total = 0
  for (const p of positions) total += weight(p)
  let acc = 0
  for (const p of positions) {
    const w = weight(p)
    const part = Math.min(parts - 1, Math.floor(((acc + w / 2) * parts) / Math.max(total, 1)))
    chunks[part]?.push(p)
    acc += w
  }
  return chunks
}
