import { describe, expect, test } from 'vitest'
import * as TracePack from '../trace/TracePack.ts'
import * as RangePack from './RangePack.ts'

const options = { blocks: 4, txsPerBlock: 60, seed: 3, firstBlock: 500 }

describe('block', () => {
  test('default: valid blocks, chained by hash, gas reconciled, and marked synthetic', () => {
    const blocks = Array.from({ length: options.blocks }, (_, i) => RangePack.block(options, i))
    const pack = TracePack.normalize({ manifest: RangePack.manifest(options), blocks })
    expect(TracePack.validate(pack)).toEqual([])
    expect(pack.manifest.provenance).toContain('SYNTHETIC')
    expect(blocks.map((b) => b.blockNumber)).toEqual([500, 501, 502, 503])
    expect(blocks[1]!.parentHash).toBe(blocks[0]!.blockHash)
    expect(blocks.every((b) => b.transactions.length === 60)).toBe(true)
  })

  test('behavior: a block depends on (seed, number) only: same inputs, same block; other seed, other block', () => {
    const again = RangePack.block({ ...options, blocks: 100 }, 2)
    expect(again).toEqual(RangePack.block(options, 2))
    expect(RangePack.block({ ...options, seed: 4 }, 2)).not.toEqual(again)
  })
})
