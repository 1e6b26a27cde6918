import { describe, expect, test } from 'vitest'
import * as Dir from './Dir.ts'
import * as Normalized from './Normalized.ts'
import type * as TracePack from './TracePack.ts'

const demo = Dir.read(
  new URL('../../fixtures/original-lab/trace-packs/demo-mini', import.meta.url).pathname,
)
const A = (c: string) => `0x${c.repeat(40)}`

function access(overrides: Partial<TracePack.Access>): TracePack.Access {
  return {
    address: A('1'),
    slot: null,
    kind: 'read',
    op: null,
    pc: null,
    depth: null,
    gasRemaining: null,
    ...overrides,
  }
}

function blockWith(
  accesses: readonly TracePack.Access[],
  from: string | null = A('a'),
): TracePack.Block {
  const block = demo.blocks[0]!
  const tx = { ...block.transactions[0]!, from, accesses }
  return { ...block, transactions: [tx], txCount: 1, totalGasUsed: null }
}

describe('fromBlock', () => {
  test('default: converts the demo block as the spec says', () => {
    const trace = Normalized.fromBlock(demo.blocks[0]!, demo.manifest)
    expect(trace.chain).toBe('base')
    expect(trace.block).toEqual({ number: 38014901, hash: demo.blocks[0]!.blockHash })
    expect(trace.warnings).toEqual([
      { txIndex: null, message: 'Block is a compact synthetic demo, not a Base RPC capture.' },
      {
        txIndex: null,
        message:
          'trace pack access observations may be incomplete; gas-weighted scheduling is theoretical',
      },
    ])
    expect(
      trace.transactions.map((t) => [t.txIndex, t.readInfoComplete, t.accesses.length]),
    ).toEqual([
      [0, false, 1],
      [1, false, 1],
      [2, false, 1],
      [3, false, 1],
    ])
    expect(trace.transactions[0]!.accesses[0]).toEqual({
      kind: 'read_write',
      key: { type: 'storage', address: A('1'), slot: `0x${'0'.repeat(64)}` },
    })
    expect(trace.transactions[0]!.warnings).toEqual([
      { txIndex: 0, message: 'trace marks read information as incomplete' },
    ])
  })

  test('behavior: kind mapping, account ops and missing sender', () => {
    const trace = Normalized.fromBlock(
      blockWith(
        [
          access({ kind: 'call' }),
          access({ kind: 'create', address: A('2') }),
          access({ kind: 'account_touch', address: A('3'), op: 'BALANCE' }),
          access({ kind: 'selfdestruct', address: A('4'), op: 'NONCE' }),
          access({ kind: 'read', address: A('5'), op: 'CODE' }),
        ],
        null,
      ),
      demo.manifest,
    )
    const tx = trace.transactions[0]!
    expect(tx.from).toBe(Normalized.ZERO_ADDRESS)
    expect(tx.accesses.map((a) => `${a.kind} ${a.key.type}:${a.key.address.slice(2, 3)}`)).toEqual([
      'read account:1',
      'read code:5',
      'write account:2',
      'write nonce:4',
      'read_write balance:3',
    ])
    expect(tx.warnings.map((w) => w.message)).toContain(
      'trace pack block 38014901 missing sender; zero address substituted for normalized analysis',
    )
  })

  test('options: feeRecipient exclude (default) drops and counts FEE_CREDIT; include keys balance', () => {
    const block = blockWith([
      access({ kind: 'write', address: A('c'), op: 'FEE_CREDIT' }),
      access({}),
    ])
    expect(Normalized.feeCreditCount(block)).toBe(1)
    const excluded = Normalized.fromBlock(block, demo.manifest)
    expect(excluded.transactions[0]!.accesses.map((a) => a.key.type)).toEqual(['account'])
    expect(excluded.warnings.map((w) => w.message)).toContain(
      '1 fee-recipient balance credit (FEE_CREDIT) excluded from conflicts',
    )
    const included = Normalized.fromBlock(block, demo.manifest, { feeRecipient: 'include' })
    expect(included.transactions[0]!.accesses).toEqual([
      { kind: 'read', key: { type: 'account', address: A('1') } },
      { kind: 'read_write', key: { type: 'balance', address: A('c') } },
    ])
    expect(included.warnings).toHaveLength(2)
  })
})
