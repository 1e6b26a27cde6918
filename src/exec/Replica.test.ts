import { describe, expect, test } from 'vitest'
import * as Key from '../model/AccessKey.ts'
import * as State from '../model/State.ts'
import * as Tx from '../model/Tx.ts'
import * as Replica from './Replica.ts'

describe('handle', () => {
  test('behavior: load, then apply deltas before executing', () => {
    const replica = Replica.create()
    const txs = [Tx.from(0, { type: 'storage_add', contract: 0, slot: 0, delta: 1n })]
    expect(Replica.handle(replica, { type: 'load', state: State.empty(), txs })).toEqual({
      type: 'loaded',
    })
    const reply = Replica.handle(replica, {
      type: 'execute',
      deltas: [[[Key.storage(0, 0), 10n]]],
      indices: [0],
    })
    expect(reply).toEqual({
      type: 'outcomes',
      outcomes: [{ index: 0, outcome: Tx.execute(replica.state, txs[0] as Tx.Tx) }],
    })
    expect(reply.type === 'outcomes' && reply.outcomes[0]?.outcome.delta).toEqual([
      [Key.storage(0, 0), 11n],
    ])
  })

  test('error: an unknown index is an error reply', () => {
    expect(Replica.handle(Replica.create(), { type: 'execute', deltas: [], indices: [3] })).toEqual(
      {
        type: 'error',
        message: 'no transaction at index 3',
      },
    )
  })
})
