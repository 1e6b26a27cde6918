import { describe, expect, test } from 'vitest'
import * as DossierBlock from '../analysis/DossierBlock.ts'
import * as Pipeline from '../analysis/Pipeline.ts'
import type * as TracePack from '../trace/TracePack.ts'
import * as Rows from './Rows.ts'
import * as Schema from './Schema.ts'

const token = `0x${'70'.padEnd(40, '0')}`
const slot = (n: number) => `0x${String(n).padStart(64, '0')}`
const storage = (kind: TracePack.AccessKind, n: number): TracePack.Access => ({
  address: token,
  slot: slot(n),
  kind,
  op: kind === 'read' ? 'SLOAD' : 'SSTORE',
  pc: null,
  depth: null,
  gasRemaining: null,
})
const tx = (i: number, accesses: TracePack.Access[]): TracePack.Tx => ({
  txIndex: i,
  txHash: `0x${String(i).padStart(64, '0')}`,
  from: `0x${String(i + 1).padStart(40, '0')}`,
  to: token,
  gasUsed: 30_000,
  status: '0x1',
  accesses,
  warnings: [],
})
const block: TracePack.Block = {
  chain: 'test',
  blockNumber: 7,
  blockHash: null,
  parentHash: null,
  txCount: 3,
  sourceTxCount: null,
  totalGasUsed: 90_000,
  transactions: [
    tx(0, [storage('read_write', 1)]),
    tx(1, [storage('read', 1), storage('write', 2)]),
    tx(2, [storage('write', 3)]),
  ],
  warnings: [],
}
const manifest: TracePack.Manifest = {
  schemaVersion: 'trace-pack-v1',
  chain: 'test',
  source: 's',
  provenance: 'p',
  startBlock: 7,
  endBlock: 7,
  createdByToolVersion: '0',
  tracerKind: 't',
  notes: [],
  warnings: [],
}
const analysis = DossierBlock.analyze(Pipeline.blockInput(block, manifest), [1])

describe('encode', () => {
  test('default: one row per table entry, in schema column order', () => {
    const csv = Rows.encode(analysis, new Map([[token, 'Token, "quoted"']]))
    const lines = (t: Schema.Name) => csv[t].split('\n').filter((l) => l !== '')
    expect(lines('txs')).toEqual([
      `7,0,${tx(0, []).txHash},0x${'1'.padStart(40, '0')},${token},30000,0,1,true`,
      `7,1,${tx(1, []).txHash},0x${'2'.padStart(40, '0')},${token},30000,1,1,true`,
      `7,2,${tx(2, []).txHash},0x${'3'.padStart(40, '0')},${token},30000,0,0,false`,
    ])
    // Slot 1 is the only key two txs touch; its label is quoted (comma and quotes inside).
    expect(lines('keys')).toEqual([
      `7,storage:${token}:${slot(1)},storage,${token},${slot(1)},"Token, ""quoted""",2,1,1`,
    ])
    expect(lines('edges')).toEqual(['7,0,1,read_after_write,1'])
    const blockRow = Rows.blocksRow(analysis, new Map()).trimEnd().split(',')
    expect(blockRow.length).toBe(Schema.table('blocks').columns.length)
    expect(blockRow.slice(0, 8)).toEqual(['7', '', '3', '90000', '4', '3', '1', '1'])
    expect(Rows.blocksRow(analysis, new Map())).toBe(csv.blocks.replace('"Token, ""quoted"""', ''))
  })
})
