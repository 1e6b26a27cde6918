import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync } from 'node:zlib'
import { describe, expect, test } from 'vitest'
import { tempDir } from '../../test/golden/cli.ts'
import { extract, MAINNET, write } from '../../test/replay/packs.ts'
import * as ReplayDir from './ReplayDir.ts'
import * as ReplayPack from './ReplayPack.ts'

/** The issues `fn` throws (a `ReplayPack.InvalidError`), as `file-suffix path code` lines. */
function issuesOf(dir: string, fn: () => unknown): string[] {
  try {
    fn()
  } catch (err) {
    if (!(err instanceof ReplayPack.InvalidError)) throw err
    return err.issues.map((i) => `${i.file.slice(dir.length + 1)} ${i.path} ${i.code}`)
  }
  throw new Error('expected an InvalidError')
}

describe('open / readBlock', () => {
  test('default: the bundled mainnet pack opens and its blocks parse (Brotli files)', () => {
    const pack = ReplayDir.open(MAINNET)
    expect(pack.numbers).toHaveLength(52)
    expect(pack.manifest.chain).toBe('ethereum-mainnet')
    const block = ReplayDir.readBlock(pack, 14029313)
    expect(block.transactions).toHaveLength(724)
    expect(block.header.gasUsed).toBe(30_074_554n)
    expect(block.transactions.filter((t) => t.type === 2)).toHaveLength(680)
    // Every account of the block with a code hash has its code (the pack is complete).
    expect(block.preState.filter((a) => a.codeHash !== null && a.code === null)).toEqual([])
  })

  test('behavior: plain JSON (RISE layout, no manifest) reads the same as the compressed pack', () => {
    const dir = tempDir('replay-plain-')
    extract(dir, [1150000])
    const plain = ReplayDir.open(dir)
    expect(plain.manifest).toEqual(ReplayPack.MAINNET)
    const bundled = ReplayDir.readBlock(ReplayDir.open(MAINNET), 1150000)
    expect(ReplayDir.readBlock(plain, 1150000)).toEqual(bundled)
  })

  test('behavior: inline code (prestateTracer form) needs no bytecodes.json', () => {
    const dir = tempDir('replay-inline-')
    const files = extract(dir, [1150000])
    const codes = JSON.parse(files['bytecodes.json']!) as Record<string, string>
    const pre = JSON.parse(files['blocks/1150000/pre_state.json']!) as Record<
      string,
      { code_hash?: string; code?: string }
    >
    for (const account of Object.values(pre)) {
      if (account.code_hash === undefined) continue
      account.code = codes[account.code_hash]!
      delete account.code_hash
    }
    rmSync(join(dir, 'bytecodes.json'))
    write(dir, { 'blocks/1150000/pre_state.json': JSON.stringify(pre) })
    const inline = ReplayDir.readBlock(ReplayDir.open(dir), 1150000)
    const bundled = ReplayDir.readBlock(ReplayDir.open(MAINNET), 1150000)
    expect(inline.preState).toEqual(bundled.preState)
  })

  test('error: a code whose keccak-256 is not its key names bytecodes.json and the hash', () => {
    const dir = tempDir('replay-badcode-')
    const files = extract(dir, [1150000])
    const codes = JSON.parse(files['bytecodes.json']!) as Record<string, string>
    const [hash] = Object.keys(codes)
    codes[hash!] = `${codes[hash!]}00`
    write(dir, { 'bytecodes.json': JSON.stringify(codes) })
    const pack = ReplayDir.open(dir)
    expect(issuesOf(dir, () => ReplayDir.readBlock(pack, 1150000))).toEqual([
      `bytecodes.json ${hash} code_hash_mismatch`,
    ])
  })

  test('error: a code hash the pack lacks is kept (code null), not an error at load', () => {
    const dir = tempDir('replay-missing-')
    extract(dir, [1150000])
    write(dir, { 'bytecodes.json': '{}' })
    const block = ReplayDir.readBlock(ReplayDir.open(dir), 1150000)
    const lacking = block.preState.filter((a) => a.codeHash !== null && a.code === null)
    expect(lacking.length).toBeGreaterThan(0)
  })

  test('error: wrong types, absurd numbers and bad hex are each reported with file and path', () => {
    const dir = tempDir('replay-bad-')
    const files = extract(dir, [46147])
    const block = JSON.parse(files['blocks/46147/block.json']!) as Record<string, unknown>
    const tx = (block.transactions as Record<string, unknown>[])[0]!
    block.gasUsed = 21000
    tx.value = `0x1${'0'.repeat(64)}`
    tx.from = '0xnot-an-address'
    const pre = JSON.parse(files['blocks/46147/pre_state.json']!) as Record<
      string,
      Record<string, unknown>
    >
    const [first] = Object.keys(pre)
    pre[first!]!.nonce = `0x1${'0'.repeat(16)}`
    pre['../../etc/passwd'] = { balance: '0x0', nonce: 0 }
    write(dir, {
      'blocks/46147/block.json': JSON.stringify(block),
      'blocks/46147/pre_state.json': JSON.stringify(pre),
    })
    const pack = ReplayDir.open(dir)
    expect(issuesOf(dir, () => ReplayDir.readBlock(pack, 46147))).toEqual([
      'blocks/46147/block.json gasUsed wrong_type',
      'blocks/46147/block.json transactions[0].from invalid_hex',
      'blocks/46147/block.json transactions[0].value invalid_quantity',
      'blocks/46147/pre_state.json ../../etc/passwd invalid_address',
      `blocks/46147/pre_state.json ${first}.nonce invalid_quantity`,
    ])
  })

  test('error: truncated JSON, corrupt Brotli and both forms of one file are refused', () => {
    const dir = tempDir('replay-files-')
    const files = extract(dir, [46147])
    writeFileSync(
      join(dir, 'blocks/46147/block.json'),
      files['blocks/46147/block.json']!.slice(0, 50),
    )
    writeFileSync(join(dir, 'bytecodes.json.br'), Buffer.from('not brotli'))
    writeFileSync(join(dir, 'block_hashes.json.br'), brotliCompressSync(Buffer.from('{}')))
    expect(issuesOf(dir, () => ReplayDir.open(dir))).toEqual([
      'block_hashes.json  ambiguous_file',
      'bytecodes.json  ambiguous_file',
    ])
    rmSync(join(dir, 'bytecodes.json'))
    rmSync(join(dir, 'block_hashes.json'))
    expect(issuesOf(dir, () => ReplayDir.open(dir))).toEqual([
      'bytecodes.json.br  decompress_failed',
    ])
    rmSync(join(dir, 'bytecodes.json.br'))
    const pack = ReplayDir.open(dir)
    expect(issuesOf(dir, () => ReplayDir.readBlock(pack, 46147))).toEqual([
      'blocks/46147/block.json  json_invalid',
    ])
  })

  test('error: symlinked block directories are refused; other names in blocks/ are ignored', () => {
    const dir = tempDir('replay-links-')
    extract(dir, [46147])
    mkdirSync(join(dir, 'blocks', 'notes'))
    mkdirSync(join(dir, 'blocks', '0046147'))
    symlinkSync(join(dir, 'blocks', '46147'), join(dir, 'blocks', '46148'))
    expect(issuesOf(dir, () => ReplayDir.open(dir))).toEqual(['blocks/46148  not_a_directory'])
  })

  test('error: a missing directory or an empty blocks/ is "not found", not a crash', () => {
    const dir = tempDir('replay-empty-')
    expect(() => ReplayDir.open(join(dir, 'nope'))).toThrow(ReplayPack.NotFoundError)
    expect(() => ReplayDir.open(dir)).toThrow(ReplayPack.NotFoundError)
  })

  test('error: a block directory holding another block is named', () => {
    const dir = tempDir('replay-moved-')
    const files = extract(dir, [46147])
    write(dir, {
      'blocks/46148/block.json': files['blocks/46147/block.json']!,
      'blocks/46148/pre_state.json': files['blocks/46147/pre_state.json']!,
    })
    const pack = ReplayDir.open(dir)
    expect(issuesOf(dir, () => ReplayDir.readBlock(pack, 46148))).toEqual([
      'blocks/46148/block.json number block_number_mismatch',
    ])
  })
})
