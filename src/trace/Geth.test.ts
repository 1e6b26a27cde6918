import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import * as Fixture from './Fixture.ts'
import * as Geth from './Geth.ts'

const file = new URL(
  '../../fixtures/original-lab/fixtures/geth-mini-struct-logs.json',
  import.meta.url,
).pathname
const original = JSON.parse(readFileSync(file, 'utf8')) as unknown
const TO = `0x${'1'.repeat(40)}`
const slot = (n: number) => `0x${n.toString(16).padStart(64, '0')}`

describe('parse', () => {
  test('default: the committed struct-log fixture', () => {
    const trace = Geth.parse(original, file)
    expect(trace.transactions).toHaveLength(3)
    const tx0 = trace.transactions[0]!
    expect(tx0.readInfoComplete).toBe(false)
    expect(tx0.accesses).toEqual([
      { kind: 'read', key: { type: 'storage', address: TO, slot: slot(0) } },
      { kind: 'write', key: { type: 'storage', address: TO, slot: slot(0) } },
    ])
    expect(tx0.warnings.map((w) => w.message)).toEqual([
      'geth struct-log storage parser marks reads incomplete outside SLOAD',
      'trace marks read information as incomplete',
    ])
    expect(trace.warnings.map((w) => w.message)).toContain(
      'geth struct-log parser captures SLOAD/SSTORE storage accesses only; account, balance, nonce, and code reads are not represented',
    )
    expect(trace.transactions[1]!.accesses[0]!.key).toEqual({
      type: 'storage',
      address: TO,
      slot: slot(1),
    })
  })

  test('behavior: a missing or invalid stack top becomes a warning, not an access', () => {
    const json = {
      chain: 'c',
      block: { number: 1, hash: null },
      transactions: [
        {
          tx_index: 0,
          tx_hash: slot(1),
          from: TO,
          to: TO,
          structLogs: [
            { op: 'sload' },
            { op: 'SSTORE', stack: ['0x1', 'zz'] },
            { op: 'sload', stack: [''] },
          ],
        },
      ],
    }
    const tx = Geth.parse(json, 'g.json').transactions[0]!
    expect(tx.accesses).toEqual([
      { kind: 'read', key: { type: 'storage', address: TO, slot: slot(0) } },
    ])
    expect(tx.warnings.map((w) => w.message)).toEqual([
      'geth struct-log storage parser marks reads incomplete outside SLOAD',
      'structLogs[0]: SLOAD missing a valid storage slot on stack',
      'structLogs[1]: SSTORE missing a valid storage slot on stack',
      'trace marks read information as incomplete',
    ])
  })

  test('error: `to` is required and structLogs must hold objects', () => {
    const json = {
      chain: 'c',
      block: { number: 1, hash: null },
      transactions: [{ tx_index: 0, tx_hash: slot(1), from: TO, structLogs: [7] }],
    }
    expect(() => Geth.parse(json, 'g.json')).toThrow(Fixture.InvalidError)
    try {
      Geth.parse(json, 'g.json')
    } catch (err) {
      expect((err as Fixture.InvalidError).issues.map((i) => `${i.path}|${i.code}`)).toEqual([
        'transactions[0].structLogs[0]|wrong_type',
        'transactions[0].to|missing_field',
      ])
    }
  })
})

describe('slotFromWord', () => {
  test('default: pads, lowercases, strips 0x; rejects junk and overlong words', () => {
    expect(Geth.slotFromWord(' 0xAB ')).toBe(slot(0xab))
    expect(Geth.slotFromWord('')).toBe(slot(0))
    expect(Geth.slotFromWord('0x')).toBe(slot(0))
    expect(Geth.slotFromWord('g1')).toBeNull()
    expect(Geth.slotFromWord('1'.repeat(65))).toBeNull()
  })
})
