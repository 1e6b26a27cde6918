import { test as propTest } from '@fast-check/vitest'
import fc from 'fast-check'
import { bytesToHex, hexToBytes, keccak256, toRlp } from 'viem'
import { describe, expect, test } from 'vitest'
import * as Bal from '../trace/Bal.ts'
import * as BalWire from '../trace/BalWire.ts'
import * as BalCodec from './BalCodec.ts'

const hex = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as const
const word = (n: bigint) => `0x${n.toString(16).padStart(64, '0')}`

/** Arbitrary canonical BALs: random parts over a few addresses and slots, assembled. */
const balArbitrary = fc
  .array(
    fc.record({
      index: fc.integer({ min: 0, max: 300 }),
      address: fc.integer({ min: 1, max: 6 }),
      slot: fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }).map((n) => (n % 5n === 0n ? n : n % 9n)),
      kind: fc.constantFrom('storage', 'read', 'balance', 'nonce', 'code', 'touch'),
      value: fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }),
      code: fc.uint8Array({ maxLength: 40 }),
    }),
    { maxLength: 40 },
  )
  .map((items) => {
    const seen = new Set<string>()
    const parts: Bal.Part[] = []
    for (const it of items) {
      const address = hex(it.address)
      const key = `${it.index}|${address}|${it.kind}|${it.kind === 'storage' ? it.slot : ''}`
      if (seen.has(key)) continue
      seen.add(key)
      const part = {
        index: it.index,
        touched: [address],
        reads: [] as Bal.Part['reads'][number][],
        writes: [] as Bal.Write[],
      }
      if (it.kind === 'read') part.reads.push({ address, slot: word(it.slot) })
      if (it.kind === 'storage')
        part.writes.push({ field: 'storage', address, slot: word(it.slot), value: word(it.value) })
      if (it.kind === 'balance') part.writes.push({ field: 'balance', address, value: it.value })
      if (it.kind === 'nonce')
        part.writes.push({ field: 'nonce', address, value: it.value & ((1n << 64n) - 1n) })
      if (it.kind === 'code')
        part.writes.push({ field: 'code', address, value: bytesToHex(it.code) })
      parts.push(part)
    }
    return Bal.assemble(parts)
  })

/** The EIP-7928 RLP structure written with another library (viem), to cross-check ethereumjs. */
function viemRlp(bal: Bal.Bal): `0x${string}` {
  const int = (n: bigint | number) =>
    BigInt(n) === 0n
      ? '0x'
      : (`0x${BigInt(n)
          .toString(16)
          .padStart(2 * Math.ceil(BigInt(n).toString(16).length / 2), '0')}` as `0x${string}`)
  return toRlp(
    bal.map((a) => [
      a.address as `0x${string}`,
      a.storageChanges.map((s) => [
        int(BigInt(s.slot)),
        s.changes.map((c) => [int(c.index), int(BigInt(c.value))]),
      ]),
      a.storageReads.map((r) => int(BigInt(r))),
      a.balanceChanges.map((c) => [int(c.index), int(c.value)]),
      a.nonceChanges.map((c) => [int(c.index), int(c.value)]),
      a.codeChanges.map((c) => [int(c.index), c.value as `0x${string}`]),
    ]),
  )
}

describe('BalCodec', () => {
  test('behavior: the empty BAL is rlp([]) = 0xc0 with the well-known empty-list hash', () => {
    expect(bytesToHex(BalCodec.encode([]))).toBe('0xc0')
    expect(BalCodec.hash([])).toBe(
      '0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347',
    )
  })

  propTest.prop([balArbitrary], { seed: 7928, numRuns: Number(process.env.FC_NUM_RUNS ?? 150) })(
    'behavior: JSON ↔ RLP round trip; ethereumjs encodes what viem encodes from the EIP structure',
    (bal) => {
      expect(Bal.check(bal, 'arb')).toEqual([])
      const json = JSON.parse(JSON.stringify(BalWire.toJson(bal)))
      const fromJson = BalWire.fromJson(json, 'arb.json')
      expect(fromJson).toEqual({ value: bal, issues: [] })
      const rlp = BalCodec.encode(bal)
      expect(bytesToHex(rlp)).toBe(viemRlp(bal))
      expect(BalCodec.hash(bal)).toBe(keccak256(rlp))
      expect(BalCodec.decode(rlp, 'arb.rlp')).toEqual({ value: bal, issues: [] })
      expect(BalCodec.fromEthereumjs(BalCodec.toEthereumjs(bal))).toEqual(bal)
    },
  )

  test('error: garbage, wrong shapes, out of order and non-canonical bytes are refused with a path', () => {
    const a = hex(1)
    const b = hex(2)
    const codes = (bytes: Uint8Array) =>
      BalCodec.decode(bytes, 'x.rlp').issues.map((i) => [i.path, i.code])
    expect(codes(new Uint8Array([0xf9, 0x01]))[0]).toEqual(['', 'invalid_rlp'])
    expect(codes(hexToBytes(toRlp('0x1234')))).toEqual([['', 'invalid_rlp']])
    expect(codes(hexToBytes(toRlp([[a, [], []]])))).toEqual([['[0]', 'invalid_rlp']])
    expect(
      codes(
        hexToBytes(
          toRlp([
            [b, [], [], [], [], []],
            [a, [], [], [], [], []],
          ]),
        ),
      ),
    ).toEqual([['[1].address', 'out_of_order']])
    expect(
      codes(
        hexToBytes(
          toRlp([
            [
              a,
              [],
              [],
              [
                ['0x01', '0x05'],
                ['0x01', '0x06'],
              ],
              [],
              [],
            ],
          ]),
        ),
      ),
    ).toEqual([['[0].balanceChanges[1].index', 'duplicate']])
    expect(codes(hexToBytes(toRlp([['0x1234', [], [], [], [], []]])))).toEqual([
      ['[0].address', 'invalid_rlp'],
    ])
    // index 1 with a leading zero byte: decodes, but ethereumjs re-encodes it shorter
    expect(codes(hexToBytes(toRlp([[a, [], [], [['0x0001', '0x05']], [], []]])))).toEqual([
      ['', 'non_canonical'],
    ])
  })

  propTest.prop([fc.uint8Array({ maxLength: 300 }), fc.anything({ maxDepth: 4 })], {
    seed: 7929,
    numRuns: Number(process.env.FC_NUM_RUNS ?? 300),
  })('error: hostile bytes and JSON give issues, never an exception', (bytes, json) => {
    const decoded = BalCodec.decode(bytes, 'fuzz.rlp')
    expect(decoded.value !== undefined || decoded.issues.length > 0).toBe(true)
    const parsed = BalWire.fromJson(json, 'fuzz.json')
    expect(parsed.value !== undefined || parsed.issues.length > 0).toBe(true)
  })
})
