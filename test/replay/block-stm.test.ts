import { afterAll, describe, expect, test } from 'vitest'
import * as BlockStmPool from '../../src/evm/blockstm/BlockStmPool.ts'
import * as Replay from '../../src/evm/Replay.ts'
import * as ReplayDir from '../../src/trace/ReplayDir.ts'
import { MAINNET } from './packs.ts'

/**
 * Parallel must equal sequential on real blocks: EVM Block-STM at 2 threads against the sequential
 * replay (every receipt and the whole post-state), on bundled mainnet blocks with real contention
 * and on the blocks that delete contracts that existed before them (SELFDESTRUCT before Cancun:
 * gas tokens freeing their children, a DAO-era contract with storage, a contract deleted and
 * re-created by CREATE2), which run without falling back. Every bundled block at 1, 2 and 4
 * threads: `npm run replay:all -- --threads 1,2,4`.
 */
const pool = BlockStmPool.create({ size: 2 })
afterAll(() => pool.close())
const pack = ReplayDir.open(MAINNET)

async function stm(n: number, planner = false) {
  const block = ReplayDir.readBlock(pack, n)
  const replayed = await Replay.run(block, pack, { pool, threads: [2], planner })
  expect(Replay.mismatches(replayed.verdict)).toEqual([])
  const [run] = replayed.parallel
  return run
}

describe('Block-STM on mainnet blocks', () => {
  test('behavior: blocks with real contention equal the sequential replay at 2 threads', async () => {
    // 4370000 (Byzantium's first block) and 12243999: contended storage (the first EVM Block-STM aborted 112
    // times over 97 transactions and 41 times over 205); 19932148: a Cancun block; 12300570: F2Pool paying out 679
    // transfers from its own fee address (sender and fee recipient are one account).
    for (const n of [4370000, 12243999, 19932148, 12300570]) {
      const run = await stm(n)
      expect({ n, difference: run?.difference, fallback: run?.stats.fallback }).toEqual({
        n,
        difference: null,
        fallback: null,
      })
    }
  })

  test("behavior: a block that is one sender's chain is planned sequential (and exact either way)", async () => {
    const planned = await stm(12300570, true)
    expect(planned?.difference).toBeNull()
    expect(planned?.stats.planned).toMatch(
      /one sender's transactions hold 99% of the block's gas limit/,
    )
  })

  test('behavior: blocks that delete contracts (and one that re-creates one by CREATE2) equal the sequential replay, no fallback', async () => {
    // 1796867: a contract with pre-block storage; 11743952, 12159808: gas-token children;
    // 11114732: a contract deleted and re-created at its address (pevm falls back there).
    for (const n of [1796867, 11114732, 11743952, 12159808]) {
      const run = await stm(n)
      expect({ n, difference: run?.difference, fallback: run?.stats.fallback }).toEqual({
        n,
        difference: null,
        fallback: null,
      })
    }
  })
})
