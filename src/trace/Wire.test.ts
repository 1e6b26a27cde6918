import { describe, expect, test } from 'vitest'
import type * as TracePack from './TracePack.ts'
import * as Wire from './Wire.ts'

const block: TracePack.Block = {
  chain: 'c',
  blockNumber: 7,
  blockHash: null,
  parentHash: null,
  txCount: 1,
  sourceTxCount: 3,
  totalGasUsed: 5,
  transactions: [
    {
      txIndex: 0,
      txHash: '0xh',
      from: null,
      to: '0xt',
      gasUsed: 5,
      status: null,
      accesses: [
        {
          address: '0xa',
          slot: null,
          kind: 'call',
          op: 'BALANCE',
          pc: 1,
          depth: null,
          gasRemaining: 2,
        },
      ],
      warnings: ['w'],
    },
  ],
  warnings: [],
}

describe('blockToJson', () => {
  test('default: serde pretty form, declaration order, no trailing newline', () => {
    expect(Wire.blockToJson(block)).toBe(`{
  "chain": "c",
  "block_number": 7,
  "block_hash": null,
  "parent_hash": null,
  "tx_count": 1,
  "source_tx_count": 3,
  "total_gas_used": 5,
  "transactions": [
    {
      "tx_index": 0,
      "tx_hash": "0xh",
      "from": null,
      "to": "0xt",
      "gas_used": 5,
      "status": null,
      "accesses": [
        {
          "address": "0xa",
          "slot": null,
          "kind": "call",
          "op": "BALANCE",
          "pc": 1,
          "depth": null,
          "gas_remaining": 2
        }
      ],
      "warnings": [
        "w"
      ]
    }
  ],
  "warnings": []
}`)
  })

  test('behavior: source_tx_count is omitted when absent', () => {
    const text = Wire.blockToJson({ ...block, sourceTxCount: null })
    expect(text).not.toContain('source_tx_count')
    expect(text).toContain('"tx_count": 1,\n  "total_gas_used": 5,')
  })
})

describe('blockFromJson', () => {
  test('default: round-trips the wire form, defaults for absent optionals', () => {
    const parsed = Wire.blockFromJson(JSON.parse(Wire.blockToJson(block)), 'b.json')
    expect(parsed).toEqual({ value: block, issues: [] })
    const minimal = Wire.blockFromJson({ chain: 'c', block_number: 1, tx_count: 0 }, 'b.json')
    expect(minimal.value).toEqual({
      chain: 'c',
      blockNumber: 1,
      blockHash: null,
      parentHash: null,
      txCount: 0,
      sourceTxCount: null,
      totalGasUsed: null,
      transactions: [],
      warnings: [],
    })
  })

  test('error: every structural problem, with expected form and value', () => {
    const { value, issues } = Wire.blockFromJson(
      {
        chain: null,
        block_number: '7',
        tx_count: 1.5,
        transactions: [null, { tx_hash: 3 }],
        warnings: 'x',
      },
      'b.json',
    )
    expect(value).toBeUndefined()
    expect(issues.map((i) => [i.path, i.code, i.value])).toEqual([
      ['chain', 'wrong_type', 'null'],
      ['block_number', 'wrong_type', '"7"'],
      ['tx_count', 'invalid_integer', '1.5'],
      ['transactions[0]', 'wrong_type', 'null'],
      ['transactions[1].tx_index', 'missing_field', '<missing>'],
      ['transactions[1].tx_hash', 'wrong_type', '3'],
      ['warnings', 'wrong_type', '"x"'],
    ])
    expect(issues[2]).toMatchObject({
      file: 'b.json',
      expected: 'a non-negative integer <= 9007199254740991 (2^53-1)',
      message:
        'expected a non-negative integer <= 9007199254740991 (2^53-1), found a fractional or non-finite number',
    })
  })

  test('error: a top-level value that is not an object', () => {
    expect(Wire.blockFromJson([1, 2], 'b.json').issues.map((i) => i.message)).toEqual([
      'expected an object, found array',
    ])
  })
})

describe('manifestFromJson', () => {
  test('error: missing fields and absurd numbers', () => {
    const { issues } = Wire.manifestFromJson(
      { schema_version: 'trace-pack-v1', start_block: -3, end_block: 1e21, notes: [{}] },
      'm.json',
    )
    expect(issues.map((i) => `${i.path}|${i.code}`)).toEqual([
      'chain|missing_field',
      'source|missing_field',
      'provenance|missing_field',
      'start_block|invalid_integer',
      'end_block|invalid_integer',
      'created_by_tool_version|missing_field',
      'tracer_kind|missing_field',
      'notes[0]|wrong_type',
    ])
  })
})
