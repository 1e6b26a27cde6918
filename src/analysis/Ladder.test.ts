import { fc, test as propTest } from '@fast-check/vitest'
import { describe, expect, test } from 'vitest'
import type * as TracePack from '../trace/TracePack.ts'
import * as DossierBlock from './DossierBlock.ts'
import type { ExecutionLadder } from './DossierTypes.ts'
import * as Pipeline from './Pipeline.ts'

const runs = Number(process.env.FC_NUM_RUNS ?? 100)

const address = (n: number) => `0x${n.toString(16).padStart(40, '0')}`
const coinbase = address(0xc0)
const exchange = address(0xe0)
const other = address(0xf0)
const sender = (i: number) => address(0x50 + i)

type Spec = readonly [kind: TracePack.AccessKind, address: string, op: string]

function account(kind: TracePack.AccessKind, at: string, op: string): TracePack.Access {
  return { address: at, slot: null, kind, op, pc: null, depth: null, gasRemaining: null }
}

/** A block of one tx per entry: its sender, gas and account-level accesses. */
function block(txs: readonly { from: string; gas: number; accesses: readonly Spec[] }[]) {
  const transactions = txs.map((t, i) => ({
    txIndex: i,
    txHash: `0x${(i + 1).toString(16).padStart(64, '0')}`,
    from: t.from,
    to: null,
    gasUsed: t.gas,
    status: '0x1',
    accesses: t.accesses.map(([kind, at, op]) => account(kind, at, op)),
    warnings: [],
  }))
  const packBlock: TracePack.Block = {
    chain: 'test',
    blockNumber: 7,
    blockHash: null,
    parentHash: null,
    txCount: txs.length,
    sourceTxCount: null,
    totalGasUsed: txs.reduce((s, t) => s + t.gas, 0),
    transactions,
    warnings: [],
  }
  return packBlock
}

const manifest: TracePack.Manifest = {
  schemaVersion: 'trace-pack-v1',
  chain: 'test',
  source: 'test',
  provenance: 'hand-built',
  startBlock: 7,
  endBlock: 7,
  createdByToolVersion: '0',
  tracerKind: 'ethereumjs-step-hook+state-manager-wrapper',
  notes: [],
  warnings: [],
}

function analyze(b: TracePack.Block, feeRecipient: 'exclude' | 'include' = 'exclude') {
  return DossierBlock.analyze(Pipeline.blockInput(b, manifest, feeRecipient), [1, 2, 4])
}

/** A value transfer from sender i to `to`: both balances change, the fee recipient is paid. */
function transfer(i: number, gas: number, to: string, ...more: Spec[]) {
  return {
    from: sender(i),
    gas,
    accesses: [
      ['read_write', sender(i), 'NONCE'],
      ['read_write', sender(i), 'BALANCE'],
      ['read_write', to, 'BALANCE'],
      ['write', coinbase, 'FEE_CREDIT'],
      ...more,
    ] as Spec[],
  }
}

/**
 * Four deposits to one exchange address (gas 21000, 30000, 25000, 40000), then a contract call
 * that reads the exchange's balance (BALANCE opcode, 10000 gas), then the exchange itself sending
 * to another account (20000 gas). Total 146000.
 */
const deposits = block([
  transfer(0, 21_000, exchange),
  transfer(1, 30_000, exchange),
  transfer(2, 25_000, exchange),
  transfer(3, 40_000, exchange),
  {
    from: sender(4),
    gas: 10_000,
    accesses: [
      ['read_write', sender(4), 'BALANCE'],
      ['read', exchange, 'BALANCE'],
      ['write', coinbase, 'FEE_CREDIT'],
    ],
  },
  {
    from: exchange,
    gas: 20_000,
    accesses: [
      ['read_write', exchange, 'BALANCE'],
      ['read_write', other, 'BALANCE'],
      ['write', coinbase, 'FEE_CREDIT'],
    ],
  },
])

describe('Ladder (through DossierBlock.analyze)', () => {
  test('behavior: lazy balance credits lift a block of deposits to one address (hand-computed)', () => {
    const { entry } = analyze(deposits)
    const l = entry.execution_ladder
    // Rungs 1 and 2: every tx writes the exchange's balance (and the fee recipient's): one chain.
    expect(l.every_conflict).toEqual({ gas_critical_path: 146_000, ceiling_by_gas: 1 })
    expect(l.lazy_fee_recipient).toEqual({ gas_critical_path: 146_000, ceiling_by_gas: 1 })
    expect(entry.ceiling_by_gas).toBe(1)
    // Rung 3: the four deposits are credits (no wait: 40000), the BALANCE read waits for the
    // longest (50000), the exchange's own send (its balance as sender) waits for the read
    // (70000). Credits: four to the exchange and one to `other`.
    expect(l.lazy_balance_credits).toEqual({
      gas_critical_path: 70_000,
      ceiling_by_gas: 146_000 / 70_000,
      credit_count: 5,
    })
    // Rung 4: the longest tx (40000); 2 workers in index order: t0 0–21k, t1 0–30k, t2 21k–46k,
    // t3 30k–70k, t4 46k–56k, t5 56k–76k; 4 workers: t0..t3 at 0, t4 21k–31k, t5 25k–45k.
    expect(l.bal_parallel).toEqual({
      gas_critical_path: 40_000,
      ceiling_by_gas: 146_000 / 40_000,
      workers: [
        { workers: 1, makespan: 146_000, ceiling_by_gas: 1 },
        { workers: 2, makespan: 76_000, ceiling_by_gas: 146_000 / 76_000 },
        { workers: 4, makespan: 45_000, ceiling_by_gas: 146_000 / 45_000 },
      ],
    })
  })

  test('behavior: the ladder does not depend on --include-fee-recipient; rung 1 is then ceiling_by_gas', () => {
    const b = block([
      transfer(0, 100_000, address(1)),
      transfer(1, 10_000, address(2)),
      transfer(2, 10_000, address(3)),
    ])
    const excluded = analyze(b).entry
    const included = analyze(b, 'include').entry
    expect(included.execution_ladder).toEqual(excluded.execution_ladder)
    expect(excluded.execution_ladder.lazy_fee_recipient.ceiling_by_gas).toBe(
      excluded.ceiling_by_gas,
    )
    expect(included.execution_ladder.every_conflict.ceiling_by_gas).toBe(included.ceiling_by_gas)
  })

  test('behavior: one tx dominates: every rung above the fee recipient is bounded by it', () => {
    const b = block([
      transfer(0, 100_000, address(1)),
      transfer(1, 10_000, address(2)),
      transfer(2, 10_000, address(3)),
    ])
    const l = analyze(b).entry.execution_ladder
    expect(l.every_conflict.ceiling_by_gas).toBe(1)
    // No shared key but the fee recipient's: the path is the 100000-gas tx alone.
    for (const rung of [l.lazy_fee_recipient, l.lazy_balance_credits, l.bal_parallel])
      expect(rung.gas_critical_path).toBe(100_000)
    expect(l.bal_parallel.ceiling_by_gas).toBe(1.2)
    // 2 workers: the long tx on one, the two short ones after each other on the other.
    expect(l.bal_parallel.workers[1]).toEqual({
      workers: 2,
      makespan: 100_000,
      ceiling_by_gas: 1.2,
    })
  })

  test('behavior: a balance the tx also reads, or its sender, is not a credit', () => {
    const b = block([
      transfer(0, 10, exchange, ['read', exchange, 'BALANCE']),
      transfer(1, 10, exchange, ['read', exchange, 'BALANCE']),
    ])
    const l = analyze(b).entry.execution_ladder
    expect(l.lazy_balance_credits).toMatchObject({ gas_critical_path: 20, credit_count: 0 })
  })

  test('behavior: without complete gas every ceiling is null', () => {
    const b = { ...block([transfer(0, 10, exchange)]), totalGasUsed: null }
    const l = analyze(b).entry.execution_ladder
    expect(l.every_conflict).toEqual({ gas_critical_path: null, ceiling_by_gas: null })
    expect(l.bal_parallel.workers[0]).toEqual({ workers: 1, makespan: null, ceiling_by_gas: null })
  })
})

const opArbitrary = fc.constantFrom('BALANCE', 'NONCE', 'FEE_CREDIT', 'CODE', 'SLOAD')
const accessArbitrary = fc
  .record({
    at: fc.integer({ min: 1, max: 4 }),
    kind: fc.constantFrom('read', 'write', 'read_write'),
    op: opArbitrary,
  })
  .map(({ at, kind, op }): Spec => [kind as TracePack.AccessKind, address(at), op])
const blockArbitrary = fc
  .array(
    fc.record({
      from: fc.integer({ min: 1, max: 4 }),
      gas: fc.integer({ min: 1, max: 100_000 }),
      accesses: fc.array(accessArbitrary, { maxLength: 5 }),
    }),
    { minLength: 1, maxLength: 12 },
  )
  .map((txs) =>
    block(
      txs.map((t) => ({
        from: address(t.from),
        gas: t.gas,
        accesses: t.accesses.map(([k, at, op]) => [k, at, op] as Spec),
      })),
    ),
  )

function ceilings(l: ExecutionLadder): number[] {
  return [
    l.every_conflict.ceiling_by_gas,
    l.lazy_fee_recipient.ceiling_by_gas,
    l.lazy_balance_credits.ceiling_by_gas,
    l.bal_parallel.ceiling_by_gas,
  ].map((c) => c ?? Number.NaN)
}

describe('Ladder properties', () => {
  propTest.prop([blockArbitrary], { seed: 1520, numRuns: runs })(
    'behavior: 1 ≤ rung 1 ≤ rung 2 ≤ rung 3 ≤ rung 4 (unbounded) ≤ tx count; each bounded rung 4 ≤ W and ≤ unbounded',
    (b) => {
      const { entry } = analyze(b)
      const l = entry.execution_ladder
      const [r1, r2, r3, r4] = ceilings(l) as [number, number, number, number]
      expect(1).toBeLessThanOrEqual(r1)
      expect(r1).toBeLessThanOrEqual(r2)
      expect(r2).toBeLessThanOrEqual(r3)
      expect(r3).toBeLessThanOrEqual(r4)
      expect(r4).toBeLessThanOrEqual(entry.tx_count)
      expect(r2).toBe(entry.ceiling_by_gas)
      expect(analyze(b, 'include').entry.ceiling_by_gas).toBe(r1)
      for (const w of l.bal_parallel.workers) {
        expect(w.ceiling_by_gas!).toBeGreaterThanOrEqual(1)
        expect(w.ceiling_by_gas!).toBeLessThanOrEqual(Math.min(w.workers, r4) + 1e-9)
      }
    },
  )
})
