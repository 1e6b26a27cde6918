import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import * as Dir from './Dir.ts'
import * as DirBlocks from './DirBlocks.ts'
import type * as Issue from './Issue.ts'

const root = mkdtempSync(join(tmpdir(), 'dir-blocks-test-'))
const source = 'data/synthetic-range-pack'

/** Every issue the streaming reader reports, block by block, as `Dir.validateDir` would. */
function streamed(dir: string): Issue.Issue[] {
  const scan = DirBlocks.scan(dir)
  const issues = [...scan.missingIssues]
  let previous: DirBlocks.One['parsed']
  for (const n of scan.numbers) {
    const one = DirBlocks.readOne(dir, scan.manifest, n)
    issues.push(...one.issues)
    if (one.parsed !== undefined) {
      const parent = previous && DirBlocks.parentIssue(dir, previous, one.parsed)
      if (parent !== undefined) issues.push(parent)
      previous = one.parsed
    }
  }
  return issues
}

function edit(file: string, change: (json: Record<string, unknown>) => void): void {
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
  change(json)
  writeFileSync(file, JSON.stringify(json))
}

describe('readOne', () => {
  test('default: a valid pack reads block by block into the blocks Dir.read returns', () => {
    const scan = DirBlocks.scan(source)
    const blocks = scan.numbers.map((n) => DirBlocks.readOne(source, scan.manifest, n).block)
    expect(blocks).toEqual(Dir.read(source).blocks)
    expect([scan.expected, scan.missingCount, scan.missingIssues]).toEqual([3, 0, []])
  })

  test('behavior: block by block, the same issues Dir.validateDir reports for the whole pack', () => {
    const dir = join(root, 'broken')
    cpSync(source, dir, { recursive: true })
    edit(Dir.blockPath(dir, 1000001), (b) => {
      b.chain = 'other-chain'
      b.tx_count = 3
    })
    edit(Dir.blockPath(dir, 1000002), (b) => {
      b.parent_hash = `0x${'ab'.repeat(32)}`
    })
    rmSync(Dir.blockPath(dir, 1000003))
    const whole = Dir.validateDir(dir).issues
    expect(whole.map((i) => i.code).sort()).toEqual([
      'block_count_mismatch',
      'chain_mismatch',
      'missing_block',
      'parent_hash_mismatch',
      'tx_count_mismatch',
    ])
    expect(streamed(dir).sort((a, b) => (a.code < b.code ? -1 : 1))).toEqual(
      [...whole].sort((a, b) => (a.code < b.code ? -1 : 1)),
    )
  })

  test('error: no pack, or a manifest the pack cannot be read with, throws', () => {
    expect(() => DirBlocks.scan(join(root, 'nothing'))).toThrow(/trace pack not found/)
    const dir = join(root, 'bad-manifest')
    cpSync(source, dir, { recursive: true })
    edit(join(dir, 'manifest.json'), (m) => {
      m.start_block = 5_000_000
    })
    expect(() => DirBlocks.scan(dir)).toThrow(/invalid trace pack .*: 1 issue/)
  })
})
