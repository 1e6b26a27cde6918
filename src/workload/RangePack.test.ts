import { describe, expect, test } from 'vitest'
import * as TracePack from '../trace/TracePack.ts'
import * as RangePack from './RangePack.ts'

const options = { blocks: 20, txsPerBlock: 200, seed: 3, firstBlock: 500 }

describe('block', () => {
  test('default: valid blocks, chained by hash, gas reconciled, and marked synthetic', () => {
    const blocks = Array.from({ length: options.blocks }, (_, i) => RangePack.block(options, i))
    const pack = TracePack.normalize({ manifest: RangePack.manifest(options), blocks })
    expect(TracePack.validate(pack)).toEqual([])
    expect(pack.manifest.provenance).toContain('SYNTHETIC')
    expect(blocks.map((b) => b.blockNumber).slice(0, 3)).toEqual([500, 501, 502])
    expect(blocks[1]!.parentHash).toBe(blocks[0]!.blockHash)
    expect(blocks.every((b) => b.transactions.length === 200)).toBe(true)
    // No access is listed twice (normalizing drops exact duplicates; there are none to drop).
    expect(pack.blocks.map((b) => b.transactions.map((t) => t.accesses.length))).toEqual(
      blocks.map((b) => b.transactions.map((t) => t.accesses.length)),
    )
  })

  test('behavior: a block depends on (seed, number) only: same inputs, same block; other seed, other block', () => {
    const again = RangePack.block({ ...options, blocks: 100 }, 2)
    expect(again).toEqual(RangePack.block(options, 2))
    expect(RangePack.block({ ...options, seed: 4 }, 2)).not.toEqual(again)
  })
})
