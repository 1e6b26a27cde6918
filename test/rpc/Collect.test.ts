import { describe, expect, test } from 'vitest'
import * as Collect from '../../src/rpc/Collect.ts'
import * as Transport from '../../src/rpc/Transport.ts'
import * as TracePack from '../../src/trace/TracePack.ts'
import { fixtureTransport, type Log } from './fixtureTransport.ts'

const A = `0x${'a'.repeat(40)}`
const B = `0x${'b'.repeat(40)}`
const C = `0x${'c'.repeat(40)}`
const D = `0x${'d'.repeat(40)}`
const E = `0x${'f'.repeat(40)}`
const K = `0x${'9'.repeat(40)}`
const F = '0x1111111111111111111111111111111111111111'
const MINER = '0xc0ffee254729296a45a3885639ac7e10f9d54979'
const word = (n: number) => `0x${n.toString(16).padStart(64, '0')}`
const h = (c: string) => `0x${c.repeat(64)}`

function rpcFor(name: string, log: Log = []) {
  return Transport.create(fixtureTransport(name, log), { retries: 0 })
}

const slot = (
  address: string,
  n: number,
  kind: 'read' | 'write',
  pc: number,
  depth: number,
  gas: number,
) => ({
  address,
  slot: word(n),
  kind,
  op: kind === 'read' ? 'SLOAD' : 'SSTORE',
  pc,
  depth,
  gasRemaining: gas,
})
const field = (address: string, kind: 'read' | 'write', op: string, s: number | null = null) => ({
  address,
  slot: s === null ? null : word(s),
  kind,
  op,
  pc: null,
  depth: null,
  gasRemaining: null,
})
const options = (tracer: 'struct-logs' | 'prestate' | 'geth-js-storage') => ({
  chain: 'fixture',
  tracer,
  jsTracer: '{}',
})

describe('collectBlock', () => {
  test('behavior: struct logs (geth shapes: hex and numeric gas, bare stack words, frames, block-trace entry errors)', async () => {
    const log: Log = []
    const block = TracePack.normalizeBlock(
      await Collect.collectBlock(rpcFor('geth-struct-logs', log), 16, options('struct-logs')),
    )
    expect(block).toMatchObject({
      chain: 'fixture',
      blockNumber: 16,
      blockHash: h('1'),
      parentHash: h('2'),
      txCount: 3,
      sourceTxCount: 3,
      totalGasUsed: 46097 + 120000 + 23532,
      warnings: [],
    })
    const [tx0, tx1, tx2] = block.transactions
    expect(tx0).toEqual({
      txIndex: 0,
      txHash: h('3'),
      from: F,
      to: A,
      gasUsed: 46097,
      status: '0x1',
      // CALL enters B; DELEGATECALL keeps A's storage
      accesses: [
        slot(A, 0, 'read', 10, 1, 78990),
        slot(A, 2, 'write', 0, 2, 45000),
        slot(A, 3, 'write', 44, 1, 23990),
        slot(B, 1, 'write', 5, 2, 69990),
      ],
      warnings: [],
    })
    // creation: the root frame is the receipt's contractAddress; the nested CREATE learns D on return
    expect(tx1?.to).toBeNull()
    expect(tx1?.accesses).toEqual([
      slot(C, 0, 'read', 4, 1, 85000),
      slot(C, 0, 'write', 0, 1, 190000),
      slot(D, 5, 'write', 0, 2, 120000),
    ])
    expect(tx2).toMatchObject({
      status: '0x0',
      gasUsed: 23532,
      accesses: [slot(A, 0, 'read', 10, 1, 0x1388c)],
      warnings: [
        'struct logger reported 1 step error(s)',
        'struct logger reports the transaction failed',
      ],
    })
    // one block call; only the tx whose block entry carried an error is retraced alone
    expect(log.filter((l) => l.method.startsWith('debug_'))).toEqual([
      { method: 'debug_traceBlockByNumber', key: '0x10' },
      { method: 'debug_traceTransaction', key: h('4') },
    ])
    expect(TracePack.validateBlock(block)).toEqual([])
  })

  test('options: maxTransactions truncates and says so', async () => {
    const block = await Collect.collectBlock(rpcFor('geth-struct-logs'), 16, {
      ...options('struct-logs'),
      maxTransactions: 1,
    })
    expect(block.txCount).toBe(1)
    expect(block.sourceTxCount).toBe(3)
    expect(block.totalGasUsed).toBe(46097)
    expect(block.warnings).toEqual([
      'collection truncated to 1 of 3 transactions by --max-transactions',
    ])
  })

  test('behavior: prestate default + diffMode → storage and account-level keys, FEE_CREDIT for the coinbase', async () => {
    const log: Log = []
    const state = Collect.session()
    const block = TracePack.normalizeBlock(
      await Collect.collectBlock(rpcFor('geth-prestate', log), 32, options('prestate'), state),
    )
    expect(state.blockTrace).toBe('no')
    expect(block.transactions[0]?.accesses).toEqual(
      [
        field(A, 'read', 'BALANCE'),
        field(A, 'read', 'CODE'),
        field(A, 'write', 'NONCE'),
        field(A, 'read', 'SLOAD', 1),
        field(A, 'write', 'SSTORE', 1), // zeroed: in diff pre only
        field(A, 'read', 'SLOAD', 2),
        field(A, 'write', 'SSTORE', 2),
        field(A, 'read', 'SLOAD', 3),
        field(F, 'read', 'BALANCE'),
        field(F, 'read', 'NONCE'),
        field(F, 'write', 'BALANCE'),
        field(F, 'write', 'NONCE'),
        field(K, 'read', 'BALANCE'), // self-destructed: in diff pre only
        field(K, 'read', 'CODE'),
        field(K, 'write', 'BALANCE'),
        field(K, 'write', 'CODE'),
        field(K, 'write', 'NONCE'),
        field(MINER, 'write', 'FEE_CREDIT'),
        field(E, 'write', 'BALANCE'), // created: in diff post only
        field(E, 'write', 'CODE'),
        field(E, 'write', 'NONCE'),
      ].sort(TracePack.compareAccesses),
    )
    // after the first -32601, the diffMode pass and later blocks of the session skip the block method
    await Collect.collectBlock(rpcFor('geth-prestate', log), 32, options('prestate'), state)
    expect(log.filter((l) => l.method === 'debug_traceBlockByNumber')).toHaveLength(1)
    expect(log.filter((l) => l.method === 'debug_traceTransaction')).toHaveLength(4)
  })

  test('behavior: a receipt error becomes a redacted tx warning', async () => {
    const block = await Collect.collectBlock(rpcFor('geth-js-refused'), 48, options('prestate'))
    const tx = block.transactions[0]
    expect(tx?.gasUsed).toBeNull()
    expect(tx?.warnings).toEqual([
      'receipt unavailable; gas/status omitted: RPC call eth_getTransactionReceipt returned error: code -32000: receipt lookup failed for <redacted-rpc-url>',
    ])
    expect(block.totalGasUsed).toBeNull()
  })

  test('error: a provider that refuses JavaScript tracers fails fast naming the capability', async () => {
    const log: Log = []
    await expect(
      Collect.collectBlock(rpcFor('geth-js-refused', log), 48, options('geth-js-storage')),
    ).rejects.toThrow(
      'debug_traceTransaction failed for block 48 tx_index 0; the provider does not support debug_traceTransaction with a custom JavaScript tracer: RPC call debug_traceTransaction returned error: code -32000: tracer not found: only callTracer and prestateTracer are supported',
    )
    expect(log.filter((l) => l.method === 'debug_traceTransaction')).toHaveLength(1)
  })

  test('error: a block the node does not have', async () => {
    await expect(
      Collect.collectBlock(rpcFor('geth-prestate'), 33, options('prestate')),
    ).rejects.toThrow('RPC call eth_getBlockByNumber returned error: code -32601')
  })
})

describe('mapLimit', () => {
  test('default', async () => {
    let inFlight = 0
    let peak = 0
    const out = await Collect.mapLimit([5, 1, 4, 2, 3], 2, async (x, i) => {
      inFlight++
      peak = Math.max(peak, inFlight)
      await new Promise((r) => setTimeout(r, x))
      inFlight--
      return x * 10 + i
    })
    expect(out).toEqual([50, 11, 42, 23, 34])
    expect(peak).toBe(2)
  })
})
