import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import * as BalCodec from '../../src/evm/BalCodec.ts'
import * as Capability from '../../src/rpc/Capability.ts'
import * as Collect from '../../src/rpc/Collect.ts'
import * as Transport from '../../src/rpc/Transport.ts'
import * as Bal from '../../src/trace/Bal.ts'
import * as BalPack from '../../src/trace/BalPack.ts'
import * as BalWire from '../../src/trace/BalWire.ts'
import * as TracePack from '../../src/trace/TracePack.ts'
import { type Entry, fixtureTransport, type Log } from './fixtureTransport.ts'

// An Amsterdam block with its access list (see the fixture's description for where it comes from).
const FIXTURE = 'bal-amsterdam'
const recorded = JSON.parse(readFileSync(`fixtures/rpc/${FIXTURE}.json`, 'utf8')) as {
  responses: Entry[]
}
const answer = (method: string) => recorded.responses.find((e) => e.method === method)?.result
const block = answer('eth_getBlockByNumber') as {
  miner: string
  blockAccessListHash: string
  transactions: { hash: string; from: string; to: string }[]
}
const bal = BalWire.fromJson(answer('eth_getBlockAccessList'), 'fixture').value as Bal.Bal

const rpcFor = (log: Log = [], edit?: (entries: Entry[]) => Entry[]) =>
  Transport.create(fixtureTransport(FIXTURE, log, edit), { retries: 0 })
const options = { chain: 'fixture', tracer: 'bal', jsTracer: '{}', balHash: BalCodec.hash } as const
const editBal = (fn: (json: unknown[]) => unknown[]) => (entries: Entry[]) =>
  entries.map((e) =>
    e.method === 'eth_getBlockAccessList'
      ? { ...e, result: fn(structuredClone(e.result) as unknown[]) }
      : e,
  )

describe('collectBlock --tracer bal', () => {
  test("behavior: the node's BAL (hash checked against the header) → writes per transaction, gas from receipts", async () => {
    const log: Log = []
    expect(BalCodec.hash(bal)).toBe(block.blockAccessListHash)
    const collected = await Collect.collectBlock(rpcFor(log), 1, options)
    expect(TracePack.validateBlock(TracePack.normalizeBlock(collected))).toEqual([])
    expect(collected.txCount).toBe(6)
    expect(collected.transactions.every((t) => t.gasUsed !== null && t.gasUsed >= 21_000)).toBe(
      true,
    )
    // every write of every transaction index is there, and nothing else
    collected.transactions.forEach((tx, i) => {
      const writes = Bal.writesAt(bal, i + 1)
      expect(tx.accesses).toHaveLength(writes.length)
      expect(tx.accesses.every((a) => a.kind === 'write')).toBe(true)
      expect(tx.accesses.filter((a) => a.op === 'FEE_CREDIT')).toEqual([
        {
          address: block.miner,
          slot: null,
          kind: 'write',
          op: 'FEE_CREDIT',
          pc: null,
          depth: null,
          gasRemaining: null,
        },
      ])
    })
    expect(collected.warnings.some((w) => w.startsWith('BAL block-level reads'))).toBe(true)
    expect(log.map((l) => l.method)).toContain('eth_getBlockAccessList')
    expect(BalPack.warnings.some((w) => w.includes('upper bound'))).toBe(true)
  })

  test("error: a BAL whose hash is not the header's is refused, naming both hashes", async () => {
    const rpc = rpcFor(
      [],
      editBal((json) => json.slice(1)),
    )
    await expect(Collect.collectBlock(rpc, 1, options)).rejects.toMatchObject({
      code: 'BAL_INVALID',
      shortMessage: expect.stringContaining(
        `the header of block 1 commits to ${block.blockAccessListHash}`,
      ),
    })
  })

  test('error: an out-of-order BAL is refused with the entry named', async () => {
    const rpc = rpcFor(
      [],
      editBal((json) => [json[1], json[0], ...json.slice(2)]),
    )
    const err = await Collect.collectBlock(rpc, 1, options).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'BAL_INVALID' })
    expect((err as { hints: string[] }).hints[0]).toMatch(
      /^eth_getBlockAccessList\(0x1\): \[1\]\.address: account 0x[0-9a-f]{40} is out of order/,
    )
  })

  test('error: a node without eth_getBlockAccessList is a clear unsupported-method error', async () => {
    const rpc = rpcFor([], (entries) =>
      entries.filter((e) => e.method !== 'eth_getBlockAccessList'),
    )
    await expect(Collect.collectBlock(rpc, 1, options)).rejects.toMatchObject({
      code: 'RPC_METHOD_UNSUPPORTED',
      shortMessage: expect.stringContaining('eth_getBlockAccessList(0x1) failed'),
    })
  })
})

describe('rpc-capability-check probe', () => {
  test('behavior: block_access_list_available is true where the node serves a well-formed BAL, false elsewhere', async () => {
    const report = await Capability.check(rpcFor(), 'fixture', 1)
    expect(report.block_access_list_available).toBe(true)
    expect(Capability.summary(report)[0]).toMatch(/ bal=true$/)
    const without = await Capability.check(
      rpcFor([], (entries) => entries.filter((e) => e.method !== 'eth_getBlockAccessList')),
      'fixture',
      1,
    )
    expect(without.block_access_list_available).toBe(false)
    expect(without.failures.some((f) => f.includes('eth_getBlockAccessList'))).toBe(false)
  })
})
