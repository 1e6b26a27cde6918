import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fc, test as propTest } from '@fast-check/vitest'
import { afterAll, describe, expect, test } from 'vitest'
import * as Dir from './Dir.ts'
import * as TracePack from './TracePack.ts'

const packs = new URL('../../fixtures/original-lab/trace-packs/', import.meta.url).pathname
const root = mkdtempSync(join(tmpdir(), 'dir-test-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let counter = 0

/** A fresh copy of an original pack in a temp dir. */
function copy(name: string): string {
  const dir = join(root, `${name}-${counter++}`)
  cpSync(join(packs, name), dir, { recursive: true })
  return dir
}

/** Edits a JSON file; the string `"<raw:TEXT>"` is written as the raw JSON text TEXT. */
function editJson(file: string, edit: (json: Record<string, unknown>) => void): void {
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
  edit(json)
  writeFileSync(file, JSON.stringify(json, null, 2).replace(/"<raw:([^>]*)>"/g, '$1'))
}

const codes = (dir: string) => Dir.validateDir(dir).issues.map((i) => `${i.path}|${i.code}`)

describe('read', () => {
  test('default: the original packs load unchanged', () => {
    const demo = Dir.read(join(packs, 'demo-mini'))
    expect(demo.manifest.chain).toBe('base')
    expect(demo.blocks.map((b) => [b.blockNumber, b.transactions.length])).toEqual([
      [38014901, 4],
      [38014902, 3],
    ])
    const smoke = Dir.read(join(packs, 'revm-smoke-mini'))
    expect(smoke.blocks[0]!.totalGasUsed).toBeNull()
    expect(smoke.blocks[0]!.transactions.map((t) => t.accesses.length)).toEqual([2, 1, 2])
  })

  test('error: no pack at the path', () => {
    expect(() => Dir.read(join(root, 'nope'))).toThrow(Dir.NotFoundError)
    expect(Dir.validateDir(join(root, 'nope')).issues.map((i) => i.code)).toEqual(['not_found'])
  })

  test('error: every problem of an invalid pack is carried by the error', () => {
    const dir = copy('demo-mini')
    editJson(Dir.blockPath(dir, 38014901), (b) => {
      b.tx_count = 9
      b.block_hash = 'zz'
    })
    const error = (() => {
      try {
        Dir.read(dir)
      } catch (err) {
        return err
      }
      return undefined
    })()
    expect(error).toBeInstanceOf(TracePack.InvalidError)
    const invalid = error as TracePack.InvalidError
    expect(invalid.code).toBe('TRACE_PACK_INVALID')
    expect(invalid.issues.map((i) => i.code)).toEqual([
      'invalid_hash',
      'tx_count_mismatch',
      'parent_hash_mismatch',
    ])
    expect(invalid.hints[1]).toBe(
      `${dir}/blocks/38014901.json: tx_count: tx_count 9 does not match 4 transactions (got 9)`,
    )
  })
})

describe('validateDir', () => {
  test('error: truncated and non-JSON files name the file', () => {
    const dir = copy('demo-mini')
    const file = Dir.blockPath(dir, 38014902)
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 200))
    writeFileSync(join(dir, 'manifest.json'), '\u0000garbage')
    const { issues, pack } = Dir.validateDir(dir)
    expect(pack).toBeUndefined()
    expect(issues.map((i) => [i.file, i.code])).toEqual([
      [file, 'json_invalid'],
      [join(dir, 'manifest.json'), 'json_invalid'],
    ])
    expect(issues[0]!.message).toMatch(/^failed to parse trace pack JSON: /)
  })

  test('error: wrong types and absurd numbers are all reported with paths', () => {
    const dir = copy('demo-mini')
    editJson(join(dir, 'manifest.json'), (m) => {
      m.start_block = '38014901'
      m.end_block = 2 ** 53
      delete m.chain
      m.notes = [1, 'ok', null]
    })
    editJson(Dir.blockPath(dir, 38014901), (b) => {
      const txs = b.transactions as Record<string, unknown>[]
      txs[0]!.gas_used = -1
      txs[1]!.tx_index = 1.5
      txs[2]!.accesses = [{ address: 7, kind: 'peek', pc: 'NaN' }]
      b.total_gas_used = '<raw:1e400>'
    })
    expect(codes(dir)).toEqual([
      'total_gas_used|invalid_integer',
      'transactions[0].gas_used|invalid_integer',
      'transactions[1].tx_index|invalid_integer',
      'transactions[2].accesses[0].address|wrong_type',
      'transactions[2].accesses[0].kind|invalid_enum',
      'transactions[2].accesses[0].pc|wrong_type',
      'chain|missing_field',
      'end_block|invalid_integer',
      'notes[0]|wrong_type',
      'notes[2]|wrong_type',
      'start_block|wrong_type',
    ])
  })

  test('error: paths name the element as it stands in the file, whatever its sorted place', () => {
    const dir = copy('demo-mini')
    let badTx = -1
    editJson(Dir.blockPath(dir, 38014901), (b) => {
      const txs = b.transactions as Record<string, unknown>[]
      // File order is not tx_index order (normalization sorts), and accesses are out of order too.
      txs.reverse()
      badTx = txs.length - 2
      const tx = txs[badTx] as { tx_hash: string; accesses: { slot: string | null }[] }
      tx.tx_hash = '0xBAD'
      tx.accesses.reverse()
      const last = tx.accesses.length - 1
      tx.accesses[last] = { ...tx.accesses[last], slot: '0x01' }
    })
    const issues = Dir.validateDir(dir).issues
    const last =
      (
        JSON.parse(readFileSync(Dir.blockPath(dir, 38014901), 'utf8')).transactions[badTx]
          .accesses as unknown[]
      ).length - 1
    expect(issues.map((i) => i.path)).toEqual([
      `transactions[${badTx}].accesses[${last}].slot`,
      `transactions[${badTx}].tx_hash`,
    ])
  })

  test('error: missing block files are listed, files outside the range are ignored', () => {
    const dir = copy('demo-mini')
    rmSync(Dir.blockPath(dir, 38014902))
    writeFileSync(Dir.blockPath(dir, 5), 'not even json')
    writeFileSync(join(dir, 'blocks', 'x.json'), '{')
    const issues = Dir.validateDir(dir).issues
    expect(issues.map((i) => [i.file, i.code, i.message])).toEqual([
      [Dir.blockPath(dir, 38014902), 'missing_block', 'manifest range is missing block 38014902'],
      [
        join(dir, 'manifest.json'),
        'block_count_mismatch',
        'manifest range expects 2 block files but loaded 1',
      ],
    ])
  })

  test('error: a block file holding another block number', () => {
    const dir = copy('demo-mini')
    editJson(Dir.blockPath(dir, 38014902), (b) => {
      b.block_number = 38014901
    })
    expect(codes(dir)).toEqual(['block_number|block_number_mismatch'])
  })

  test('error: `blocks` is a file, a block is a symlink or a directory', () => {
    const flat = copy('demo-mini')
    rmSync(join(flat, 'blocks'), { recursive: true })
    writeFileSync(join(flat, 'blocks'), '')
    expect(codes(flat)).toEqual([
      '|not_a_directory',
      '|missing_block',
      '|missing_block',
      'end_block|block_count_mismatch',
    ])
    const linked = copy('demo-mini')
    const target = Dir.blockPath(linked, 38014902)
    writeFileSync(join(root, 'outside.json'), readFileSync(target))
    rmSync(target)
    symlinkSync(join(root, 'outside.json'), target)
    rmSync(Dir.blockPath(linked, 38014901))
    mkdirSync(Dir.blockPath(linked, 38014901))
    expect(Dir.validateDir(linked).issues.map((i) => [i.code, i.value])).toEqual([
      ['not_a_regular_file', '"directory"'],
      ['not_a_regular_file', '"symlink"'],
    ])
  })

  test('behavior: the pack directory may be a symlink, its manifest may not', () => {
    const dir = copy('revm-smoke-mini')
    const link = join(root, `link-${counter++}`)
    symlinkSync(dir, link)
    expect(Dir.validateDir(link).issues).toEqual([])
    const manifest = join(dir, 'manifest.json')
    writeFileSync(join(root, 'manifest-target.json'), readFileSync(manifest))
    rmSync(manifest)
    symlinkSync(join(root, 'manifest-target.json'), manifest)
    expect(codes(dir)).toEqual(['|not_a_regular_file'])
  })

  test('error: a huge file is refused without being read', () => {
    const dir = copy('revm-smoke-mini')
    truncateSync(Dir.blockPath(dir, 0), Dir.MAX_FILE_BYTES + 1)
    const issues = Dir.validateDir(dir).issues
    expect(issues.map((i) => [i.code, i.value])).toEqual([
      ['file_too_large', `"${Dir.MAX_FILE_BYTES + 1} bytes"`],
    ])
  })

  test('behavior: an enormous range does not loop over the range', () => {
    const dir = copy('revm-smoke-mini')
    editJson(join(dir, 'manifest.json'), (m) => {
      m.end_block = Number.MAX_SAFE_INTEGER
    })
    const issues = Dir.validateDir(dir).issues
    expect(issues.length).toBe(22)
    expect(issues.find((i) => i.code === 'block_count_mismatch')?.message).toBe(
      `manifest range expects ${Number.MAX_SAFE_INTEGER + 1} block files but loaded 1`,
    )
  })
})

describe('write', () => {
  test('behavior: re-writing the original packs reproduces their bytes', () => {
    const smoke = Dir.read(join(packs, 'revm-smoke-mini'))
    const out = join(root, 'smoke-out')
    Dir.write(out, smoke)
    for (const rel of ['manifest.json', 'blocks/0.json']) {
      expect(readFileSync(join(out, rel), 'utf8')).toBe(
        readFileSync(join(packs, 'revm-smoke-mini', rel), 'utf8'),
      )
    }
    // demo-mini was committed by hand: files end with "\n" and its two notes are unsorted; the
    // original's writer (serde pretty, sorted notes) would have written exactly this.
    const demoOut = join(root, 'demo-out')
    Dir.write(demoOut, Dir.read(join(packs, 'demo-mini')))
    for (const n of [38014901, 38014902]) {
      const original = readFileSync(Dir.blockPath(join(packs, 'demo-mini'), n), 'utf8')
      expect(`${readFileSync(Dir.blockPath(demoOut, n), 'utf8')}\n`).toBe(original)
    }
    const manifest = readFileSync(join(packs, 'demo-mini', 'manifest.json'), 'utf8')
    const tiny = '    "Tiny committed trace pack for deterministic dossier validation.",\n'
    const targets =
      '    "Targets the public Base-style block range shape but does not contain real Base data."\n'
    const sorted = manifest.replace(
      tiny + targets,
      `${targets.replace('\n', ',\n')}${tiny.replace(',\n', '\n')}`,
    )
    expect(`${readFileSync(join(demoOut, 'manifest.json'), 'utf8')}\n`).toBe(sorted)
    expect(readdirSync(join(demoOut, 'blocks'))).toEqual(['38014901.json', '38014902.json'])
  })

  test('error: an invalid pack is refused and nothing is written', () => {
    const pack = Dir.read(join(packs, 'revm-smoke-mini'))
    const bad = { ...pack, manifest: { ...pack.manifest, schemaVersion: 'v0' } }
    const out = join(root, 'refused')
    expect(() => Dir.write(out, bad)).toThrow(TracePack.InvalidError)
    expect(existsSync(out)).toBe(false)
  })

  test('behavior: writeBlock and writeManifest write one normalized file each', () => {
    const pack = Dir.read(join(packs, 'revm-smoke-mini'))
    const out = join(root, 'incremental')
    Dir.writeManifest(out, { ...pack.manifest, chain: ' REVM-SMOKE ' })
    Dir.writeBlock(out, pack.blocks[0]!)
    expect(Dir.read(out)).toEqual(pack)
    expect(readdirSync(join(out, 'blocks'))).toEqual(['0.json'])
    const badBlock = { ...pack.blocks[0]!, txCount: 7 }
    expect(() => Dir.writeBlock(out, badBlock)).toThrow(/invalid trace pack/)
  })
})

describe('write + read', () => {
  const hex = (digits: number) =>
    fc.stringMatching(new RegExp(`^[0-9a-fA-F]{${digits}}$`)).map((h) => `0x${h}`)
  const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null })
  const small = fc.nat({ max: 1_000_000 })
  const access = fc
    .record({
      address: hex(40),
      slot: nullable(hex(64)),
      kind: fc.constantFrom(...TracePack.accessKinds),
      op: fc.constantFrom(null, 'sload', 'SSTORE', 'BALANCE', 'FEE_CREDIT', ' call '),
      pc: nullable(small),
      depth: nullable(small),
      gasRemaining: nullable(fc.constant(Number.MAX_SAFE_INTEGER)),
    })
    .map((a) => (a.slot === null && /sload|sstore/i.test(a.op ?? '') ? { ...a, op: null } : a))
  const tx = (txIndex: number) =>
    fc.record({
      txIndex: fc.constant(txIndex),
      txHash: hex(64).map((h) => h.replace('0X', '0x')),
      from: nullable(hex(40)),
      to: nullable(hex(40)),
      gasUsed: nullable(small),
      status: fc.constantFrom(null, '0x1', 'Success', 'ünïcode\u2028"quoted"\\'),
      accesses: fc.array(access, { maxLength: 4 }),
      warnings: fc.array(fc.string({ maxLength: 8 }), { maxLength: 2 }),
    })
  const pack = fc
    .tuple(fc.nat({ max: 2 ** 40 }), fc.array(fc.nat({ max: 3 }), { minLength: 1, maxLength: 3 }))
    .chain(([start, sizes]) =>
      fc
        .tuple(...sizes.map((size) => fc.tuple(...Array.from({ length: size }, (_, i) => tx(i)))))
        .map(
          (blocks): TracePack.TracePack => ({
            manifest: {
              schemaVersion: 'trace-pack-v1',
              chain: 'Fuzz',
              source: 's',
              provenance: 'p',
              startBlock: start,
              endBlock: start + sizes.length - 1,
              createdByToolVersion: '0.1.0',
              tracerKind: 't',
              notes: ['b', 'a'],
              warnings: [],
            },
            blocks: blocks.map((transactions, i) => ({
              chain: 'fuzz',
              blockNumber: start + i,
              blockHash: null,
              parentHash: null,
              txCount: transactions.length,
              sourceTxCount: i === 0 ? null : transactions.length + 1,
              totalGasUsed: transactions.every((t) => t.gasUsed !== null)
                ? transactions.reduce((sum, t) => sum + (t.gasUsed ?? 0), 0)
                : null,
              transactions,
              warnings: [],
            })),
          }),
        ),
    )

  propTest.prop([pack], { seed: 11, numRuns: 40 })('behavior: round-trips valid packs', (p) => {
    const dir = join(root, `roundtrip-${counter++}`)
    Dir.write(dir, p)
    const back = Dir.read(dir)
    expect(back).toEqual(TracePack.normalize(p))
    Dir.write(dir, back)
    expect(Dir.read(dir)).toEqual(back)
  })
})

describe('readOne', () => {
  test('default: reads the manifest and the one block asked for', () => {
    const pack = Dir.readOne(join(packs, 'demo-mini'), 38014902)
    expect(pack.blocks.map((b) => b.blockNumber)).toEqual([38014902])
    expect(Dir.readOne(join(packs, 'demo-mini'), 7).blocks).toEqual([])
  })

  test('behavior: a corrupt other block does not stop it; read names the block to re-collect', () => {
    const dir = copy('demo-mini')
    writeFileSync(join(dir, 'blocks', '38014901.json'), '{ truncated')
    expect(Dir.readOne(dir, 38014902).blocks).toHaveLength(1)
    expect(() => Dir.readOne(dir, 38014901)).toThrow(TracePack.InvalidError)
    let error: TracePack.InvalidError | undefined
    try {
      Dir.read(dir)
    } catch (err) {
      error = err as TracePack.InvalidError
    }
    const hints = error?.hints.join('\n') ?? ''
    expect(hints).toContain(`invalid block file(s): ${join(dir, 'blocks', '38014901.json')}`)
    expect(hints).toContain('collect-block-range')
    expect(hints).toContain('--resume')
  })
})
