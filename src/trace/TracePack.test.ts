import { fc, test as propTest } from '@fast-check/vitest'
import { describe, expect, test } from 'vitest'
import * as Dir from './Dir.ts'
import * as Issue from './Issue.ts'
import * as TracePack from './TracePack.ts'

const demo = Dir.read(
  new URL('../../fixtures/original-lab/trace-packs/demo-mini', import.meta.url).pathname,
)
const H = (n: number) => `0x${n.toString(16).padStart(64, '0')}`
const A = (c: string) => `0x${c.repeat(40)}`

/** A one-block pack in the shape of the original's unit tests (block 1, one tx with one SLOAD). */
function tiny(
  overrides: {
    block?: Partial<TracePack.Block>
    tx?: Partial<TracePack.Tx>
    access?: Partial<TracePack.Access>
    manifest?: Partial<TracePack.Manifest>
  } = {},
): TracePack.TracePack {
  const access: TracePack.Access = {
    address: A('1'),
    slot: H(0),
    kind: 'read',
    op: 'SLOAD',
    pc: 1,
    depth: 1,
    gasRemaining: 100,
    ...overrides.access,
  }
  const tx: TracePack.Tx = {
    txIndex: 0,
    txHash: H(0x100),
    from: A('a'),
    to: A('1'),
    gasUsed: 21000,
    status: '0x1',
    accesses: [access],
    warnings: [],
    ...overrides.tx,
  }
  const block: TracePack.Block = {
    chain: 'test',
    blockNumber: 1,
    blockHash: H(1),
    parentHash: H(0),
    txCount: 1,
    sourceTxCount: null,
    totalGasUsed: 21000,
    transactions: [tx],
    warnings: [],
    ...overrides.block,
  }
  const manifest: TracePack.Manifest = {
    schemaVersion: 'trace-pack-v1',
    chain: 'test',
    source: 'unit',
    provenance: 'unit test',
    startBlock: 1,
    endBlock: 1,
    createdByToolVersion: '0.1.0',
    tracerKind: 'unit',
    notes: [],
    warnings: [],
    ...overrides.manifest,
  }
  return { manifest, blocks: [block] }
}

const messages = (pack: TracePack.TracePack) =>
  TracePack.validate(TracePack.normalize(pack)).map((i) => i.message)

describe('validate', () => {
  test('default: the original packs and a tiny pack are valid', () => {
    expect(TracePack.validate(demo)).toEqual([])
    expect(TracePack.validate(tiny())).toEqual([])
  })

  test('behavior: missing gas is allowed', () => {
    const pack = tiny({ block: { totalGasUsed: null }, tx: { gasUsed: null } })
    expect(messages(pack)).toEqual([])
    expect(TracePack.gasComplete(pack.blocks[0]!)).toBe(false)
    expect(TracePack.gasComplete(tiny().blocks[0]!)).toBe(true)
  })

  test('error: bad schema version', () => {
    expect(messages(tiny({ manifest: { schemaVersion: 'trace-pack-v2' } }))).toEqual([
      'unsupported schema_version `trace-pack-v2`; expected `trace-pack-v1`',
    ])
  })

  test('error: tx hash and access address name block, tx_index and access', () => {
    const issues = TracePack.validate(
      TracePack.normalize(tiny({ tx: { txHash: '0x12' }, access: { address: '0xnope' } })),
    )
    expect(issues.map((i) => [i.path, i.code, i.message])).toEqual([
      [
        'transactions[0].accesses[0].address',
        'invalid_address',
        'invalid address at block 1 tx_index 0 access 0 address: `0xnope`; expected 0x followed by 40 hex characters',
      ],
      [
        'transactions[0].tx_hash',
        'invalid_tx_hash',
        'invalid tx hash at block 1 tx_index 0: `0x12`; expected 0x followed by 64 hex characters',
      ],
    ])
    expect(issues[0]).toMatchObject({ file: 'blocks/1.json', value: '"0xnope"' })
  })

  test('error: gas sum mismatch', () => {
    expect(messages(tiny({ block: { totalGasUsed: 21001 } }))).toEqual([
      'total_gas_used 21001 does not match sum of transaction gas_used values 21000',
    ])
  })

  test('error: gas sum overflowing u64', () => {
    const big = Number.MAX_SAFE_INTEGER
    const txs = Array.from({ length: 2049 }, (_, i) => ({
      ...tiny().blocks[0]!.transactions[0]!,
      txIndex: i,
      gasUsed: big,
    }))
    const pack = tiny({ block: { transactions: txs, txCount: txs.length, totalGasUsed: 1 } })
    expect(messages(pack)).toEqual(['sum of transaction gas_used values overflows u64'])
  })

  test('error: source_tx_count smaller than tx_count', () => {
    expect(messages(tiny({ block: { sourceTxCount: 0 } }))).toEqual([
      'source_tx_count 0 is smaller than included tx_count 1',
    ])
  })

  test('error: parent hash mismatch names the previous block', () => {
    const base = tiny({ manifest: { endBlock: 2 } })
    const second = { ...base.blocks[0]!, blockNumber: 2, blockHash: H(2), parentHash: H(9) }
    const issues = TracePack.validate(
      TracePack.normalize({ ...base, blocks: [...base.blocks, second] }),
    )
    expect(issues.map(Issue.render)).toEqual([
      `blocks/2.json:parent_hash: parent_hash \`${H(9)}\` does not match previous block 1 hash \`${H(1)}\` (got "${H(9)}")`,
    ])
  })

  test('error: duplicates, chain, range and missing blocks are all reported', () => {
    const base = tiny({ manifest: { endBlock: 3 } })
    const tx = base.blocks[0]!.transactions[0]!
    const dupTx = { ...base.blocks[0]!, transactions: [tx, tx], txCount: 2, totalGasUsed: 42000 }
    const foreign = { ...base.blocks[0]!, chain: 'other', blockNumber: 9, parentHash: null }
    expect(messages({ ...base, blocks: [dupTx, dupTx, foreign] })).toEqual([
      'trace pack contains duplicate block 1',
      'trace pack block 1 contains duplicate tx_index 0',
      'trace pack block 1 contains duplicate tx_index 0',
      'manifest range is missing block 2',
      'manifest range is missing block 3',
      'block number outside manifest range',
      'block chain `other` does not match manifest chain `test`',
    ])
  })

  test('error: SLOAD without slot, bad slot, blank fields, inverted range', () => {
    const pack = tiny({
      access: { slot: null },
      manifest: { chain: ' ', source: '', startBlock: 5, endBlock: 1 },
      block: { chain: ' ' },
    })
    expect(messages(pack)).toEqual([
      'block number outside manifest range',
      'invalid access at block 1 tx_index 0 access 0: SLOAD/SSTORE access must include a storage slot',
      'chain must not be empty',
      'source must not be empty',
      'start_block must be <= end_block',
    ])
    expect(messages(tiny({ access: { slot: '0x1' } }))).toEqual([
      'invalid storage key at block 1 tx_index 0 access 0: `0x1`; expected 0x followed by 64 hex characters',
    ])
  })

  test('behavior: an enormous range is reported without enumerating it', () => {
    const pack = tiny({ manifest: { startBlock: 0, endBlock: Number.MAX_SAFE_INTEGER } })
    const issues = TracePack.validate(pack)
    expect(issues.filter((i) => i.code === 'missing_block')).toHaveLength(20)
    expect(issues.find((i) => i.code === 'missing_blocks')?.message).toBe(
      `manifest range is missing ${Number.MAX_SAFE_INTEGER - 20} more blocks not listed individually`,
    )
  })
})

describe('normalize', () => {
  test('behavior: trims, lowercases, uppercases ops, sorts and removes exact duplicates', () => {
    const access = {
      address: ` ${A('B')} `,
      slot: H(0).toUpperCase().replace('0X', '0x'),
      op: ' sload',
    }
    const pack = tiny({
      access,
      tx: { from: A('C'), status: 'SUCCESS', warnings: ['b ', 'a', 'b'] },
    })
    const tx = pack.blocks[0]!.transactions[0]!
    const second = { ...tx.accesses[0]!, pc: 0 }
    const withDup = { ...tx, accesses: [tx.accesses[0]!, second, tx.accesses[0]!] }
    const normalized = TracePack.normalize({
      ...pack,
      manifest: { ...pack.manifest, chain: ' TEST ' },
      blocks: [{ ...pack.blocks[0]!, transactions: [withDup] }],
    })
    const out = normalized.blocks[0]!.transactions[0]!
    expect(normalized.manifest.chain).toBe('test')
    expect(out.from).toBe(A('c'))
    expect(out.status).toBe('success')
    expect(out.warnings).toEqual(['a', 'b'])
    expect(out.accesses.map((a) => [a.address, a.slot, a.op, a.pc])).toEqual([
      [A('b'), H(0), 'SLOAD', 0],
      [A('b'), H(0), 'SLOAD', 1],
    ])
  })

  test('behavior: sorts blocks and transactions by number', () => {
    const pack = { ...demo, blocks: [...demo.blocks].reverse() }
    expect(TracePack.normalize(pack).blocks.map((b) => b.blockNumber)).toEqual([38014901, 38014902])
  })

  propTest.prop([packArbitrary()], { seed: 42, numRuns: Number(process.env.FC_NUM_RUNS ?? 100) })(
    'behavior: idempotent',
    (pack) => {
      const once = TracePack.normalize(pack)
      expect(TracePack.normalize(once)).toEqual(once)
    },
  )
})

function packArbitrary(): fc.Arbitrary<TracePack.TracePack> {
  const text = fc.constantFrom(' a', 'B ', 'b', '0xAB', ' 0xab ', 'sload', 'SSTORE', '')
  const nat = fc.constantFrom(0, 1, 2)
  const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null })
  const access = fc.record({
    address: text,
    slot: nullable(text),
    kind: fc.constantFrom(...TracePack.accessKinds),
    op: nullable(text),
    pc: nullable(nat),
    depth: nullable(nat),
    gasRemaining: nullable(nat),
  })
  const tx = fc.record({
    txIndex: nat,
    txHash: text,
    from: nullable(text),
    to: nullable(text),
    gasUsed: nullable(nat),
    status: nullable(text),
    accesses: fc.array(access, { maxLength: 5 }),
    warnings: fc.array(text, { maxLength: 3 }),
  })
  const block = fc.record({
    chain: text,
    blockNumber: nat,
    blockHash: nullable(text),
    parentHash: nullable(text),
    txCount: nat,
    sourceTxCount: nullable(nat),
    totalGasUsed: nullable(nat),
    transactions: fc.array(tx, { maxLength: 4 }),
    warnings: fc.array(text, { maxLength: 3 }),
  })
  return fc.record({
    manifest: fc.constant(tiny().manifest),
    blocks: fc.array(block, { maxLength: 3 }),
  })
}
