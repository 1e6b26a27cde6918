import { describe, expect, test } from 'vitest'
import * as Tracers from '../../src/rpc/Tracers.ts'

const ctx = { from: null, to: null, coinbase: null, createdAddress: null }

describe('fromJsStorage', () => {
  test('default', () => {
    const slot = `0x${'0'.repeat(63)}1`
    const result = {
      accesses: [
        { address: '0xAB', slot, kind: 'write', op: 'SSTORE', pc: 7, depth: 1, gas_remaining: 100 },
      ],
      faults: [{ pc: 3, error: 'out of gas' }],
      warnings: ['w'],
    }
    expect(Tracers.observe('geth-js-storage', [result], ctx)).toEqual({
      accesses: [
        { address: '0xAB', slot, kind: 'write', op: 'SSTORE', pc: 7, depth: 1, gasRemaining: 100 },
      ],
      warnings: ['w', 'debug tracer reported 1 fault(s)'],
    })
  })

  test('behavior: a bare array is accepted', () => {
    expect(Tracers.fromJsStorage([]).accesses).toEqual([])
  })

  test('error: results that do not match the schema', () => {
    expect(() => Tracers.fromJsStorage({ ok: true })).toThrow(
      'debug tracer result did not contain an accesses array',
    )
    expect(() => Tracers.fromJsStorage([{ address: '0x1', kind: 'peek' }])).toThrow(
      'debug tracer returned an access entry that does not match schema (accesses[0])',
    )
    expect(() => Tracers.fromJsStorage([{ address: '0x1', kind: 'read', pc: -1 }])).toThrow(
      'accesses[0]',
    )
  })
})

describe('fromStructLogs', () => {
  test('error: a struct log without stacks cannot give slots', () => {
    const result = { structLogs: [{ pc: 0, op: 'SLOAD', gas: 1, depth: 1 }] }
    expect(() => Tracers.fromStructLogs(result, { ...ctx, to: '0x01' })).toThrow(
      'structLogs[0] SLOAD has no stack (the provider disabled it)',
    )
    expect(() => Tracers.fromStructLogs({ gas: 1 }, ctx)).toThrow(
      'debug_traceTransaction returned no structLogs field',
    )
  })

  test('behavior: a pc or gas beyond 2^53 is unknown (null), never a rounded number', () => {
    const slot = `0x${'00'.repeat(31)}07`
    const step = { op: 'SLOAD', depth: 1, stack: [slot] }
    const result = {
      structLogs: [{ ...step, pc: '0x20000000000001', gas: '9007199254740993' }],
    }
    const [access] = Tracers.fromStructLogs(result, { ...ctx, to: '0x01' }).accesses
    expect(access).toMatchObject({ op: 'SLOAD', pc: null, gasRemaining: null })
  })
})

describe('fromPrestate', () => {
  test('error: a diff without pre/post', () => {
    expect(() => Tracers.fromPrestate({}, {}, ctx)).toThrow(
      'prestateTracer diffMode result has no pre/post objects',
    )
  })

  test('behavior: a coinbase that is the sender keeps real BALANCE keys', () => {
    const cb = '0x00000000000000000000000000000000000000cb'
    const pre = { [cb]: { balance: '0x10', nonce: 1 } }
    const diff = {
      pre: { [cb]: { balance: '0x10', nonce: 1 } },
      post: { [cb]: { balance: '0x5', nonce: 2 } },
    }
    const ops = Tracers.fromPrestate(pre, diff, { ...ctx, from: cb, coinbase: cb }).accesses.map(
      (a) => `${a.kind}:${a.op}`,
    )
    expect(ops).toEqual(['read:BALANCE', 'read:NONCE', 'write:BALANCE', 'write:NONCE'])
  })
})

describe('toWord', () => {
  test('default', () => {
    expect(Tracers.toWord('0xAb')).toBe(`0x${'0'.repeat(62)}ab`)
    expect(Tracers.toWord('f'.repeat(64))).toBe(`0x${'f'.repeat(64)}`)
  })

  test('error: not a word', () => {
    expect(() => Tracers.toWord('0xzz')).toThrow('invalid 256-bit word `0xzz`')
  })
})

describe('configs', () => {
  test('default', () => {
    expect(Tracers.configs('prestate', '')).toEqual([
      { tracer: 'prestateTracer', timeout: '20s' },
      { tracer: 'prestateTracer', timeout: '20s', tracerConfig: { diffMode: true } },
    ])
    expect(Tracers.configs('geth-js-storage', 'JS')).toEqual([{ tracer: 'JS', timeout: '20s' }])
  })
})
