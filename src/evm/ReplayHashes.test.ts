import { describe, expect, test } from 'vitest'
import { MAINNET } from '../../test/replay/packs.ts'
import * as ReplayDir from '../trace/ReplayDir.ts'
import * as ReplayHashes from './ReplayHashes.ts'

describe('ReplayHashes.run', () => {
  test('behavior: starting with no hashes, it fetches the ones BLOCKHASH asks for and the block matches', async () => {
    // Mainnet block 9069000 runs BLOCKHASH(9068996) (Replay.test.ts removes that hash to see it fail).
    const pack = ReplayDir.open(MAINNET)
    const block = ReplayDir.readBlock(pack, 9069000)
    const asked: number[] = []
    const fetch = async (n: number) => {
      asked.push(n)
      const hash = pack.blockHashes.get(n)
      if (hash === undefined) throw new Error(`the bundled pack has no hash for ${n}`)
      return hash
    }
    const context = { manifest: pack.manifest, blockHashes: new Map<number, string>() }
    const { replayed, fetched } = await ReplayHashes.run(block, context, fetch)
    expect(replayed.verdict.checks).toEqual({
      gasUsed: 'match',
      logsBloom: 'match',
      receiptsRoot: 'match',
    })
    expect(asked).toContain(9068996)
    expect(new Set(asked).size).toBe(asked.length)
    expect([...fetched]).toEqual(asked.map((n) => [n, pack.blockHashes.get(n)]))
    expect(asked.every((n) => n >= 9069000 - 256 && n < 9069000 - 1)).toBe(true)
  })

  test('error: a fetch that fails stops the replay with its error', async () => {
    const pack = ReplayDir.open(MAINNET)
    const block = ReplayDir.readBlock(pack, 9069000)
    const context = { manifest: pack.manifest, blockHashes: new Map<number, string>() }
    await expect(
      ReplayHashes.run(block, context, async (n) => {
        throw new Error(`node has no block ${n}`)
      }),
    ).rejects.toThrow('node has no block 9068996')
  })
})
