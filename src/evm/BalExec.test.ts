import { describe, expect, test } from 'vitest'
import * as Bal from '../trace/Bal.ts'
import * as BalApply from './BalApply.ts'
import * as BalBuild from './BalBuild.ts'
import * as BalExec from './BalExec.ts'
import * as BalRecord from './BalRecord.ts'
import * as Execute from './Execute.ts'
import * as Generate from './Generate.ts'
import type * as Genesis from './Genesis.ts'
import * as ReplayParallel from './ReplayParallel.ts'

const ZERO = `0x${'0'.repeat(64)}`
const header = { parentHash: ZERO, parentBeaconBlockRoot: ZERO, withdrawals: null }

async function block() {
  const generated = await Generate.block({ txs: 30, users: 8, pools: 2, seed: 9 })
  const parts: Bal.Part[] = []
  const sequential = await Execute.run(generated.genesis, generated.txs, {
    stateRoot: 'skip',
    instrument: BalRecord.into(parts),
  })
  const { bal } = BalBuild.ofGenerated(generated.genesis, parts, header)
  return { generated, sequential, bal }
}

/** Runs the executor in-process: load, then one run taking every position in turn. */
async function runInProcess(genesis: Genesis.Genesis, txs: readonly Execute.Tx[], bal: Bal.Bal) {
  const executor = BalExec.create()
  expect(await BalExec.handle(executor, { type: 'load', genesis, txs, bal })).toEqual({
    type: 'loaded',
  })
  const run = async () => {
    const reply = await BalExec.handle(executor, { type: 'run', counter: new SharedArrayBuffer(4) })
    if (reply.type !== 'ran') throw new Error(JSON.stringify(reply))
    return reply.outcomes
  }
  return { first: await run(), second: await run() }
}

describe('BalExec', () => {
  test('behavior: each tx on the pre-state plus the BAL of lower indices gives the sequential receipts, twice', async () => {
    const { generated, sequential, bal } = await block()
    const { first, second } = await runInProcess(generated.genesis, generated.txs, bal)
    expect(first.map((o) => o.position)).toEqual([...generated.txs.keys()])
    expect(first.every((o) => o.mismatch === null && o.rejected === null)).toBe(true)
    expect(first.map((o) => [o.gasUsed, o.status, o.logs])).toEqual(
      sequential.results.map((r) => [r.gasUsed, r.status, r.logs]),
    )
    // a second run starts again from the pre-state (the loaded state is reused, not consumed)
    expect(second).toEqual(first)
    const indices = generated.txs.map((_, i) => i + 1)
    const post = await BalApply.postState(generated.genesis, Bal.writesByIndex(bal), indices)
    expect(
      ReplayParallel.differs(
        { results: sequential.results, post: sequential.postState },
        { results: sequential.results, post },
      ),
    ).toBeNull()
  })

  test('error: a BAL with one wrong post-value is refused at that transaction, naming the key', async () => {
    const { generated, bal } = await block()
    const target = Bal.writesAt(bal, 5).find((w) => w.field === 'balance')
    if (target === undefined || target.field !== 'balance') throw new Error('no balance write')
    const tampered = bal.map((a) =>
      a.address !== target.address
        ? a
        : {
            ...a,
            balanceChanges: a.balanceChanges.map((c) =>
              c.index === 5 ? { ...c, value: c.value + 1n } : c,
            ),
          },
    )
    const { first } = await runInProcess(generated.genesis, generated.txs, tampered)
    const bad = first.filter((o) => o.mismatch !== null || o.rejected !== null)
    expect(bad[0]?.position).toBe(4)
    expect(bad[0]?.mismatch).toEqual({
      key: `balance:${target.address}`,
      expected: String(target.value + 1n),
      actual: String(target.value),
    })
  })
})
