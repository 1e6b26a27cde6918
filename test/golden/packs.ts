/**
 * Tiny in-memory trace packs for analysis tests: the pack block and the normalized trace the trace
 * layer's converter would produce (docs/original-lab.md §2.3), built as plain objects.
 */
import type { BlockInput } from '../../src/analysis/DossierBlock.ts'
import type * as BlockTrace from '../../src/trace/BlockTrace.ts'
import type * as TracePack from '../../src/trace/TracePack.ts'

export type AccessSpec = readonly [
  kind: 'read' | 'write' | 'read_write',
  address: string,
  slot: string | null,
]
export type TxSpec = {
  readonly gas?: number | null | undefined
  readonly accesses: readonly AccessSpec[]
  readonly warnings?: readonly string[]
}

/** `0x` + the byte repeated 20 times. */
export function addr(byte: string): string {
  return `0x${byte.repeat(20)}`
}

/** A 32-byte slot from a small number. */
export function slot(n: number): string {
  return `0x${n.toString(16).padStart(64, '0')}`
}

/** A tx hash from block and index. */
export function txHash(block: number, index: number): string {
  return `0x${(block * 1000 + index).toString(16).padStart(64, '0')}`
}

const PACK_WARNING =
  'trace pack access observations may be incomplete; gas-weighted scheduling is theoretical'

/** Builds one block input; total gas defaults to the sum of tx gas (null if any tx lacks gas). */
export function block(
  number: number,
  txs: readonly TxSpec[],
  options: {
    totalGas?: number | null
    sourceTxCount?: number | null
    warnings?: readonly string[]
    /** First tx hash as a number (tx i gets hashBase + i); defaults to block·1000. */
    hashBase?: number
    chain?: string
  } = {},
): BlockInput {
  const hash = (i: number) =>
    options.hashBase === undefined
      ? txHash(number, i)
      : `0x${(options.hashBase + i).toString(16).padStart(64, '0')}`
  const chain = options.chain ?? 'test'
  const gas = txs.map((t) => (t.gas === undefined ? null : t.gas))
  const sumGas = gas.every((g) => g !== null) ? gas.reduce((s, g) => s + (g ?? 0), 0) : null
  const totalGas = options.totalGas === undefined ? sumGas : options.totalGas
  const packTxs: TracePack.Tx[] = txs.map((t, i) => ({
    txIndex: i,
    txHash: hash(i),
    from: addr('aa'),
    to: null,
    gasUsed: gas[i] ?? null,
    status: '0x1',
    accesses: t.accesses.map(([kind, address, s]) => ({
      address,
      slot: s,
      kind,
      op: s === null ? null : kind === 'read' ? 'SLOAD' : 'SSTORE',
      pc: null,
      depth: null,
      gasRemaining: null,
    })),
    warnings: t.warnings ?? [],
  }))
  const packBlock: TracePack.Block = {
    chain,
    blockNumber: number,
    blockHash: null,
    parentHash: null,
    txCount: txs.length,
    sourceTxCount: options.sourceTxCount ?? null,
    totalGasUsed: totalGas,
    transactions: packTxs,
    warnings: options.warnings ?? [],
  }
  const trace: BlockTrace.BlockTrace = {
    chain,
    block: { number, hash: null },
    transactions: txs.map((t, i) => ({
      txIndex: i,
      txHash: hash(i),
      from: addr('aa'),
      to: null,
      readInfoComplete: false,
      accesses: t.accesses.map(([kind, address, s]) => ({
        kind,
        key: s === null ? { type: 'account', address } : { type: 'storage', address, slot: s },
      })),
      warnings: [
        ...(t.warnings ?? []).map((message) => ({ txIndex: i, message })),
        { txIndex: i, message: 'trace marks read information as incomplete' },
      ].sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)),
    })),
    warnings: [...(options.warnings ?? []), PACK_WARNING]
      .sort()
      .map((message) => ({ txIndex: null, message })),
  }
  return { block: packBlock, trace, feeCreditDropped: 0 }
}

/** A manifest for `blocks`. */
export function manifest(
  blocks: readonly BlockInput[],
  warnings: readonly string[] = [],
): TracePack.Manifest {
  const numbers = blocks.map((b) => b.block.blockNumber)
  return {
    schemaVersion: 'trace-pack-v1',
    chain: 'test',
    source: 'unit-test',
    provenance: 'synthetic unit-test pack',
    startBlock: Math.min(...numbers),
    endBlock: Math.max(...numbers),
    createdByToolVersion: '0.1.0',
    tracerKind: 'unit',
    notes: [],
    warnings,
  }
}

/**
 * The original lab's demo-mini pack (docs/original-lab.md §6.2 worked example), rebuilt in memory.
 */
export function demoMini(): BlockInput[] {
  const a = addr('11')
  return [
    block(38014901, [
      { gas: 100, accesses: [['read_write', a, slot(0)]] },
      { gas: 50, accesses: [['write', addr('22'), slot(1)]] },
      { gas: 120, accesses: [['write', a, slot(0)]] },
      { gas: 80, accesses: [['read', a, slot(2)]] },
    ]),
    block(38014902, [
      { gas: 90, accesses: [['read_write', addr('33'), slot(7)]] },
      { gas: 110, accesses: [['read', a, slot(0)]] },
      { gas: 95, accesses: [['write', addr('33'), slot(7)]] },
    ]),
  ]
}
