import { afterAll, describe, expect, test } from 'vitest'
import * as Key from '../model/AccessKey.ts'
import * as State from '../model/State.ts'
import * as Tx from '../model/Tx.ts'
import * as Pool from './Pool.ts'

const pool = Pool.create({ size: 2 })
afterAll(() => pool.close())

const txs = [
  Tx.from(0, { type: 'storage_add', contract: 0, slot: 0, delta: 5n }),
  Tx.from(1, { type: 'storage_add', contract: 0, slot: 1, delta: 7n }),
]

describe('create', () => {
  test('default: workers execute against their replica and return indexed outcomes', async () => {
    const state = State.withAccountsAndStorage(2, 1, 2)
    await pool.load(2, state, txs)
    const outcomes = await pool.step(2, [], [[1], [0]])
    expect(outcomes.map((o) => o.index)).toEqual([0, 1])
    expect(outcomes[0]?.outcome).toEqual(Tx.execute(state, txs[0] as Tx.Tx))
    expect(outcomes[1]?.outcome).toEqual(Tx.execute(state, txs[1] as Tx.Tx))
  })

  test('behavior: committed deltas are replayed on every replica before executing', async () => {
    const state = State.withAccountsAndStorage(2, 1, 2)
    await pool.load(2, state, txs)
    const delta: State.Delta = [[Key.storage(0, 0), 100n]]
    // Worker 1 gets no txs this step but must still apply the delta.
    await pool.step(2, [delta], [[], []])
    const outcomes = await pool.step(2, [], [[], [0]])
    expect(outcomes[0]?.outcome.delta).toEqual([[Key.storage(0, 0), 105n]])
  })

  test('behavior: the pool is reusable across runs and loads', async () => {
    for (let run = 0; run < 3; run++) {
      await pool.load(1, State.empty(), txs)
      const [only] = await pool.step(1, [], [[0]])
      expect(only?.outcome.delta).toEqual([[Key.storage(0, 0), 5n]])
    }
  })

  test('error: asking for more threads than workers', async () => {
    await expect(pool.load(3, State.empty(), txs)).rejects.toThrow(
      'run asks for 3 threads; pool has 2',
    )
  })

  test('error: a bad request is reported, not hung', async () => {
    await pool.load(1, State.empty(), txs)
    await expect(pool.step(1, [], [[9]])).rejects.toThrow(
      'worker thread 0 failed: no transaction at index 9',
    )
  })

  test('error: a crashed worker rejects with WORKER_FAILED instead of hanging', async () => {
    const tiny = Pool.create({
      size: 1,
      resourceLimits: { maxOldGenerationSizeMb: 4, maxYoungGenerationSizeMb: 1 },
    })
    try {
      const big = State.withAccountsAndStorage(2, 400, 1000)
      const error = await tiny.load(1, big, txs).then(
        () => undefined,
        (err: unknown) => err,
      )
      expect(error).toMatchObject({ code: 'WORKER_FAILED' })
      await expect(tiny.step(1, [], [[0]])).rejects.toMatchObject({ code: 'WORKER_FAILED' })
    } finally {
      await tiny.close()
    }
  })

  test('error: a closed pool rejects new work', async () => {
    const short = Pool.create({ size: 1 })
    await short.ready()
    await short.close()
    await expect(short.load(1, State.empty(), [])).rejects.toThrow('worker thread pool is closed')
  })

  test('error: size must be at least 1', () => {
    expect(() => Pool.create({ size: 0 })).toThrow('pool size must be >= 1')
  })
})
