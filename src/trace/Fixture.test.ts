import { readFileSync } from 'node:fs'
import { fc, test as propTest } from '@fast-check/vitest'
import { describe, expect, test } from 'vitest'
import type { BlockTrace } from './BlockTrace.ts'
import * as Fixture from './Fixture.ts'

const file = new URL('../../fixtures/original-lab/fixtures/base-mini-trace.json', import.meta.url)
  .pathname
const original = JSON.parse(readFileSync(file, 'utf8')) as unknown
const A = (c: string) => `0x${c.repeat(40)}`
const H = (n: number) => `0x${n.toString(16).padStart(64, '0')}`

function fixture(txs: readonly Record<string, unknown>[]): unknown {
  return { chain: 'c', block: { number: 1, hash: null }, transactions: txs }
}

function tx(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { tx_index: 0, tx_hash: H(1), from: A('a'), to: A('b'), accesses: [], ...overrides }
}

function issuesOf(json: unknown): string[] {
  try {
    Fixture.parse(json, 'f.json')
    return []
  } catch (err) {
    if (!(err instanceof Fixture.InvalidError)) throw err
    return err.issues.map((i) => i.message)
  }
}

describe('parse', () => {
  test('default: the committed fixture validates', () => {
    const trace = Fixture.parse(original, file)
    expect(trace.chain).toBe('base-fixture')
    expect(trace.transactions).toHaveLength(12)
    const incomplete = trace.transactions.filter((t) => !t.readInfoComplete)
    expect(incomplete.map((t) => t.warnings)).toEqual([
      [{ txIndex: 10, message: 'trace marks read information as incomplete' }],
    ])
  })

  test('behavior: read_info_complete defaults to true, `to` may be absent', () => {
    const { to: _, ...noTo } = tx()
    const trace = Fixture.parse(fixture([noTo]), 'f.json')
    expect(trace.transactions[0]).toMatchObject({ to: null, readInfoComplete: true, warnings: [] })
  })

  test('error: duplicate tx_index', () => {
    expect(issuesOf(fixture([tx(), tx()]))).toEqual(['fixture contains duplicate tx_index 0'])
  })

  test('error: invalid address, slot and hash carry their location', () => {
    const accesses = [
      { kind: 'read', key: { type: 'storage', address: '0x12', slot: '0x3' } },
      { kind: 'write', key: { type: 'balance', address: 'nope' } },
    ]
    expect(issuesOf(fixture([tx({ from: '0xZZ', tx_hash: '0X01', accesses })]))).toEqual([
      'invalid address at tx_index 0 access 0 storage address: `0x12`; expected 0x followed by 40 hex characters',
      'invalid storage key at tx_index 0 access 0 storage slot: `0x3`; expected 0x followed by 64 hex characters',
      'invalid address at tx_index 0 access 1: `nope`; expected 0x followed by 40 hex characters',
      'invalid address at tx_index 0 from: `0xzz`; expected 0x followed by 40 hex characters',
      'invalid tx hash at tx_index 0: `0X01`; expected 0x followed by 64 hex characters',
    ])
  })

  test('error: paths name the file position of a tx and access that normalization moved', () => {
    // File order: tx 1 before tx 0; in tx 1, the bad storage access comes after a balance write,
    // so both move when normalized (tx_index order; reads before writes).
    const accesses = [
      { kind: 'write', key: { type: 'balance', address: A('c') } },
      { kind: 'read', key: { type: 'storage', address: A('d'), slot: '0x3' } },
    ]
    const json = fixture([tx({ tx_index: 1, tx_hash: H(2), accesses }), tx()])
    let paths: string[] = []
    try {
      Fixture.parse(json, 'f.json')
    } catch (err) {
      paths = (err as Fixture.InvalidError).issues.map((i) => `${i.path} ${i.message}`)
    }
    expect(paths).toEqual([
      'transactions[0].accesses[1].key.slot invalid storage key at tx_index 1 access 0 storage slot: `0x3`; expected 0x followed by 64 hex characters',
    ])
  })

  test('error: structural problems are all reported', () => {
    const bad = {
      chain: 3,
      block: { number: -1 },
      transactions: [{ tx_index: 'x', accesses: [{}] }],
    }
    const issues = (() => {
      try {
        Fixture.parse(bad, 'f.json')
      } catch (err) {
        return (err as Fixture.InvalidError).issues.map((i) => `${i.path}|${i.code}`)
      }
      return []
    })()
    expect(issues).toEqual([
      'block.number|invalid_integer',
      'chain|wrong_type',
      'transactions[0].accesses[0].key|missing_field',
      'transactions[0].accesses[0].kind|missing_field',
      'transactions[0].from|missing_field',
      'transactions[0].tx_hash|missing_field',
      'transactions[0].tx_index|wrong_type',
    ])
  })
})

describe('normalize', () => {
  test('behavior: sorts accesses by kind then key type, address, slot', () => {
    const key = (type: string, address: string, slot?: string) =>
      slot === undefined ? { type, address } : { type, address, slot }
    const accesses = [
      { kind: 'read_write', key: key('account', A('1')) },
      { kind: 'read', key: key('storage', A('1'), H(2)) },
      { kind: 'read', key: key('code', A('2')) },
      { kind: 'read', key: key('storage', A('1'), H(1)) },
      { kind: 'read', key: key('account', A('F')) },
    ]
    const trace = Fixture.parse(fixture([tx({ accesses })]), 'f.json')
    expect(
      trace.transactions[0]!.accesses.map((a) => `${a.kind} ${Object.values(a.key).join(':')}`),
    ).toEqual([
      `read account:${A('f')}`,
      `read code:${A('2')}`,
      `read storage:${A('1')}:${H(1)}`,
      `read storage:${A('1')}:${H(2)}`,
      `read_write account:${A('1')}`,
    ])
  })

  propTest.prop([traceArbitrary()], { seed: 7, numRuns: Number(process.env.FC_NUM_RUNS ?? 100) })(
    'behavior: idempotent',
    (trace) => {
      const once = Fixture.normalize(trace)
      expect(Fixture.normalize(once)).toEqual(once)
    },
  )
})

function traceArbitrary(): fc.Arbitrary<BlockTrace> {
  const text = fc.constantFrom(' 0xAB', '0xab', 'b', 'A ', '')
  const index = fc.constantFrom(0, 1, 2)
  const warning = fc.record({ txIndex: fc.option(index, { nil: null }), message: text })
  const key = fc.oneof(
    fc.record({
      type: fc.constantFrom('account', 'balance', 'nonce', 'code' as const),
      address: text,
    }),
    fc.record({ type: fc.constant('storage' as const), address: text, slot: text }),
  )
  const access = fc.record({ kind: fc.constantFrom('read', 'write', 'read_write' as const), key })
  const tx = fc.record({
    txIndex: index,
    txHash: text,
    from: text,
    to: fc.option(text, { nil: null }),
    readInfoComplete: fc.boolean(),
    accesses: fc.array(access, { maxLength: 5 }),
    warnings: fc.array(warning, { maxLength: 3 }),
  })
  return fc.record({
    chain: text,
    block: fc.record({ number: index, hash: fc.option(text, { nil: null }) }),
    transactions: fc.array(tx, { maxLength: 4 }),
    warnings: fc.array(warning, { maxLength: 3 }),
  })
}
