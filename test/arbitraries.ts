import { fc } from '@fast-check/vitest'
import type { AccessKey } from '../src/model/AccessKey.ts'
import * as Key from '../src/model/AccessKey.ts'
import type * as Tx from '../src/model/Tx.ts'
import * as TxNs from '../src/model/Tx.ts'
import * as Workload from '../src/workload/Workload.ts'

const id = fc.nat({ max: 5 })
const amount = fc.bigInt(-20n, 2_000_000n)

/** Any transaction kind over a tiny key space (so conflicts are frequent). */
export const kindArbitrary: fc.Arbitrary<Tx.Kind> = fc.oneof(
  fc.record({ type: fc.constant('transfer' as const), from: id, to: id, amount }),
  fc.record({ type: fc.constant('storage_add' as const), contract: id, slot: id, delta: amount }),
  fc.record({
    type: fc.constant('storage_set' as const),
    contract: id,
    slot: id,
    value: amount,
    readPrior: fc.boolean(),
  }),
  fc.record({
    type: fc.constant('swap_like' as const),
    trader: id,
    pool: id,
    amountIn: amount,
    minOut: fc.bigInt(0n, 1000n),
  }),
  fc.record({ type: fc.constant('hot_pool' as const), account: id, pool: id, amount }),
  fc.constant({ type: 'noop' as const }),
)

const keyArbitrary: fc.Arbitrary<AccessKey> = fc.oneof(
  id.map(Key.balance),
  id.map(Key.nonce),
  fc.tuple(id, id).map(([contract, slot]) => Key.storage(contract, slot)),
)

/** A trace-derived tx's access sets: its declared keys are what it reads and writes. */
const observedArbitrary = fc.record({
  reads: fc.array(keyArbitrary, { maxLength: 4 }),
  writes: fc.array(keyArbitrary, { maxLength: 3 }),
})

/**
 * A list of hand-drawn transactions with ids 0..n-1 and no CPU burn: any kind, and about one in
 * eight trace-derived (`observed`) with its own access sets.
 */
export function txListArbitrary(options: { maxLength: number }): fc.Arbitrary<Tx.Tx[]> {
  const item = fc.oneof(
    { arbitrary: kindArbitrary.map((kind) => ({ kind })), weight: 7 },
    { arbitrary: observedArbitrary, weight: 1 },
  )
  return fc
    .array(item, { maxLength: options.maxLength })
    .map((items) =>
      items.map((it, i) =>
        'kind' in it
          ? TxNs.from(i, it.kind)
          : TxNs.withAccess(i, { type: 'observed' }, 0, it.reads, it.writes),
      ),
    )
}

/** A generator configuration: any kind, ≤ 300 txs, conflict in [0, 1], any u64-ish seed. */
export const workloadConfigArbitrary: fc.Arbitrary<Workload.Config> = fc.record({
  kind: fc.constantFrom(...Workload.kinds),
  txCount: fc.nat({ max: 300 }),
  requestedConflict: fc.oneof(
    fc.constantFrom(0, 0.2, 0.5, 0.7, 0.95, 1),
    fc.double({ min: 0, max: 1, noNaN: true }),
  ),
  seed: fc.bigInt(0n, (1n << 64n) - 1n),
})

/** Thread counts the property tests use. */
export const threadsArbitrary = fc.constantFrom(1, 2, 3, 4)
