import { describe, expect, test } from 'vitest'
import * as Planned from '../exec/Planned.ts'
import * as Sequential from '../exec/Sequential.ts'
import * as Key from '../model/AccessKey.ts'
import * as Conflict from '../model/Conflict.ts'
import * as State from '../model/State.ts'
import * as Tx from '../model/Tx.ts'
import type * as TracePack from '../trace/TracePack.ts'
import * as FromTracePack from './FromTracePack.ts'

const ADDR = (n: number): string => `0x${n.toString(16).padStart(40, '0')}`
const SLOT = (n: number): string => `0x${n.toString(16).padStart(64, '0')}`

function access(
  address: string,
  slot: string | null,
  kind: TracePack.AccessKind,
): TracePack.Access {
  return {
    address,
    slot,
    kind,
    op: slot === null ? null : kind === 'read' ? 'SLOAD' : 'SSTORE',
    pc: null,
    depth: null,
    gasRemaining: null,
  }
}

function tx(
  txIndex: number,
  accesses: TracePack.Access[],
  gasUsed: number | null = 21000,
): TracePack.Tx {
  return {
    txIndex,
    txHash: `0x${'ab'.repeat(32)}`,
    from: ADDR(1),
    to: ADDR(2),
    gasUsed,
    status: '0x1',
    accesses,
    warnings: [],
  }
}

function pack(blocks: TracePack.Tx[][]): TracePack.TracePack {
  return {
    manifest: {
      schemaVersion: 'trace-pack-v1',
      chain: 'test',
      source: 'unit',
      provenance: 'hand-written',
      startBlock: 1,
      endBlock: blocks.length,
      createdByToolVersion: '0.1.0',
      tracerKind: 'unit',
      notes: [],
      warnings: [],
    },
    blocks: blocks.map((transactions, i) => ({
      chain: 'test',
      blockNumber: i + 1,
      blockHash: null,
      parentHash: null,
      txCount: transactions.length,
      sourceTxCount: null,
      totalGasUsed: null,
      transactions,
      warnings: [],
    })),
  }
}

describe('build', () => {
  test('behavior: two txs on one slot → 1 pair, observed 1.0', () => {
    const w = FromTracePack.build(
      pack([
        [tx(0, [access(ADDR(9), SLOT(1), 'write')]), tx(1, [access(ADDR(9), SLOT(1), 'read')])],
      ]),
    )
    expect(w.conflictPairs).toBe(1)
    expect(w.observedConflict).toBe(1)
  })

  test('behavior: ids are global positions across blocks (tx_index repeats), origins kept', () => {
    const w = FromTracePack.build(pack([[tx(0, []), tx(1, [])], [tx(0, [])]]))
    expect(w.txs.map((t) => t.id)).toEqual([0, 1, 2])
    expect(w.origins).toEqual([
      { blockNumber: 1, txIndex: 0 },
      { blockNumber: 1, txIndex: 1 },
      { blockNumber: 2, txIndex: 0 },
    ])
  })

  test('behavior: key numbering in sorted address/slot order; kinds map to read/write sets', () => {
    const w = FromTracePack.build(
      pack([
        [
          tx(0, [
            access(ADDR(5), SLOT(7), 'read'),
            access(ADDR(3), SLOT(9), 'read_write'),
            access(ADDR(3), SLOT(2), 'write'),
            access(ADDR(8), null, 'call'),
            access(ADDR(4), null, 'account_touch'),
          ]),
        ],
      ]),
    )
    const [only] = w.txs
    expect(only?.declaredReads.map(Key.display)).toEqual([
      'acct:0:balance',
      'acct:1:balance',
      'contract:0:slot:1',
      'contract:1:slot:0',
    ])
    expect(only?.declaredWrites.map(Key.display)).toEqual([
      'acct:0:balance',
      'acct:0:nonce',
      'contract:0:slot:0',
      'contract:0:slot:1',
    ])
    expect([w.accountCount, w.contractCount, w.slotCount]).toEqual([2, 2, 3])
  })

  test('behavior: the analyzer key rules: balance, nonce and code of one address stay distinct keys', () => {
    const field = (op: string, kind: TracePack.AccessKind) => ({
      ...access(ADDR(6), null, kind),
      op,
    })
    // tx0 bumps the nonce, tx1 reads the code, tx2 changes the balance: no key in common.
    const w = FromTracePack.build(
      pack([
        [
          tx(0, [field('NONCE', 'read_write')]),
          tx(1, [field('CODE', 'read')]),
          tx(2, [field('BALANCE', 'read_write')]),
        ],
      ]),
    )
    expect(w.conflictPairs).toBe(0)
    expect(w.accountCount).toBe(3)
  })

  test('options: feeRecipient: FEE_CREDIT credits are dropped as the analyzer drops them, or kept', () => {
    const credit = { ...access(ADDR(0xfee), null, 'write'), op: 'FEE_CREDIT' }
    const txs = [tx(0, [credit]), tx(1, [credit])]
    expect(FromTracePack.build(pack([txs])).conflictPairs).toBe(0)
    expect(FromTracePack.build(pack([txs]), { feeRecipient: 'include' }).conflictPairs).toBe(1)
  })

  test('options: vm_steps = max(gas or 1, 1) × per-gas', () => {
    const w = FromTracePack.build(pack([[tx(0, [], 50), tx(1, [], null), tx(2, [], 0)]]), {
      vmStepsPerGas: 3,
    })
    expect(w.txs.map((t) => t.vmSteps)).toEqual([150, 3, 3])
  })

  test('behavior: the final state depends on the order (execution is not vacuous)', () => {
    const w = FromTracePack.build(
      pack([
        [
          tx(0, [access(ADDR(9), SLOT(1), 'read_write')]),
          tx(1, [access(ADDR(9), SLOT(1), 'read_write')]),
        ],
      ]),
    )
    const forward = Sequential.run(w.initialState, w.txs)
    const backward = Sequential.run(w.initialState, [...w.txs].reverse())
    expect(forward.stateHash).not.toBe(backward.stateHash)
    expect(forward.stateHash).not.toBe(State.hash(State.empty()))
  })

  test('behavior: the access-list executor equals sequential; a scheduler that drops one dependency does not', async () => {
    // tx0 writes A; tx1 reads A and writes B; tx2 touches C only.
    const w = FromTracePack.build(
      pack([
        [
          tx(0, [access(ADDR(9), SLOT(1), 'write')]),
          tx(1, [access(ADDR(9), SLOT(1), 'read'), access(ADDR(9), SLOT(2), 'write')]),
          tx(2, [access(ADDR(7), SLOT(3), 'read_write')]),
        ],
      ]),
    )
    const sequential = Sequential.run(w.initialState, w.txs)
    const planned = await Planned.run(w.initialState, w.txs)
    expect(State.equals(planned.finalState, sequential.finalState)).toBe(true)
    expect(planned.metrics.waveCount).toBe(2)

    // Broken scheduler: tx1's read of A is hidden from the scheduler only, so tx1 joins tx0's wave
    // and reads A from the snapshot before tx0's write is committed.
    const sets = w.txs.map(Conflict.setsOf)
    // Contracts are numbered in address order: ADDR(7) → 0, ADDR(9) → 1; slot A = SLOT(1) → 0.
    const hidden = Key.display(Key.storage(1, 0))
    expect(sets[1]?.reads.has(hidden)).toBe(true)
    const blind = sets.map((s, i) =>
      i === 1 ? { reads: new Set([...s.reads].filter((k) => k !== hidden)), writes: s.writes } : s,
    )
    const state = State.clone(w.initialState)
    for (const wave of Planned.waves(blind)) {
      const outcomes = wave.map((i) => Tx.execute(state, w.txs[i] as Tx.Tx))
      for (const o of outcomes) State.applyDelta(state, o.delta)
    }
    expect(State.equals(state, sequential.finalState)).toBe(false)
  })
})
