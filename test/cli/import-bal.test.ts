import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import * as Dir from '../../src/trace/Dir.ts'
import { run, tempDir } from '../golden/cli.ts'

const BLOCKS = '930196,2674998'
let root: string
let bals: string
let amsterdam: string

beforeAll(async () => {
  root = tempDir('import-bal-')
  bals = join(root, 'bals')
  amsterdam = join(root, 'amsterdam')
  const replayed = await run(['replay', '--blocks', BLOCKS, '--bal-out', bals])
  const generated = await run([
    'generate-evm-block',
    '--out',
    amsterdam,
    '--hardfork',
    'amsterdam',
    '--txs',
    '8',
    '--users',
    '4',
    '--pools',
    '2',
    '--seed',
    '5',
  ])
  expect([replayed.code, generated.code]).toEqual([0, 0])
}, 120_000)

/** Writes `text` as a BAL file for block `n` in a fresh directory and returns the directory. */
function balDir(name: string, n: number, text: string): string {
  const dir = join(root, name)
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, `${n}.bal.json`), text)
  return dir
}

describe('import-bal', () => {
  test('behavior: replay --bal-out → import-bal --data: a valid BAL-only pack, writes per tx, what it cannot show in the manifest', async () => {
    const out = join(root, 'pack')
    const { code, stdout, stderr } = await run([
      'import-bal',
      '--bal',
      bals,
      '--data',
      'data/mainnet',
      '--out',
      out,
    ])
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout).toMatch(
      /^block 930196: 18 txs, \d+ writes, BAL 0x[0-9a-f]{64} \(no header commitment\)$/m,
    )
    const pack = Dir.read(out)
    expect(pack.manifest).toMatchObject({
      tracerKind: 'eip-7928-bal',
      source: 'import-bal',
      blockNumbers: [930196, 2674998],
    })
    expect(pack.manifest.warnings.join('\n')).toContain('every ceiling is an upper bound')
    const txs = pack.blocks.flatMap((b) => b.transactions)
    expect(txs.every((t) => t.accesses.every((a) => a.kind === 'write'))).toBe(true)
    expect(txs.every((t) => t.accesses.some((a) => a.op === 'NONCE' && a.address === t.from))).toBe(
      true,
    )
    const validated = await run(['validate-trace-pack', '--trace-dir', out])
    expect(validated.code).toBe(0)
    const analyzed = await run([
      'analyze-trace-pack',
      '--trace-dir',
      out,
      '--out-dir',
      join(root, 'dossier'),
    ])
    expect(analyzed.code).toBe(0)
  })

  test('behavior: a sealed Amsterdam block: the BAL (JSON or RLP) must equal the header commitment, and does', async () => {
    for (const file of ['bal.json', 'bal.rlp']) {
      const { code, stdout } = await run([
        'import-bal',
        '--bal',
        join(amsterdam, file),
        '--block',
        join(amsterdam, 'block.json'),
        '--out',
        join(root, `sealed-${file}`),
        '--chain',
        'generated-evm',
      ])
      expect(code).toBe(0)
      expect(stdout).toContain("(equals the header's blockAccessListHash)")
    }
  })

  test("error: a BAL that is not the header's is refused naming both hashes; nothing is written", async () => {
    const json = JSON.parse(readFileSync(join(amsterdam, 'bal.json'), 'utf8')) as unknown[]
    const file = join(root, 'other.json')
    writeFileSync(file, JSON.stringify(json.slice(1)))
    const out = join(root, 'no-pack')
    const { code, stderr } = await run([
      'import-bal',
      '--bal',
      file,
      '--block',
      join(amsterdam, 'block.json'),
      '--out',
      out,
    ])
    expect(code).toBe(1)
    expect(stderr).toMatch(
      /^error\[BAL_INVALID\]: .*other\.json: the BAL hashes to 0x[0-9a-f]{64}; the block header commits to 0x[0-9a-f]{64}$/m,
    )
    expect(existsSync(out)).toBe(false)
  })

  test.each([
    [
      'out of order',
      (j: unknown[]) => [j[1], j[0], ...j.slice(2)],
      /\[1\]\.address: account 0x[0-9a-f]{40} is out of order/,
    ],
    [
      'duplicate account',
      (j: unknown[]) => [j[0], ...j],
      /\[1\]\.address: duplicate account 0x[0-9a-f]{40}/,
    ],
    [
      'index beyond the block',
      (j: unknown[]) => [
        { ...(j[0] as object), nonceChanges: [{ index: '0x40', value: '0x1' }] },
        ...j.slice(1),
      ],
      /\[0\]\.nonceChanges\[0\]\.index: block access index 64 is beyond the block \(at most 19\)/,
    ],
    [
      'wrong type',
      (j: unknown[]) => [
        { ...(j[0] as object), balanceChanges: [{ index: 1, value: '0x1' }] },
        ...j.slice(1),
      ],
      /\[0\]\.balanceChanges\[0\]\.index: expected a string, found number/,
    ],
  ])('error: %s is refused with the file and JSON path, exit 1', async (name, edit, pattern) => {
    const json = JSON.parse(readFileSync(join(bals, '930196.bal.json'), 'utf8')) as unknown[]
    const dir = balDir(name.replaceAll(' ', '-'), 930196, JSON.stringify(edit(json)))
    const { code, stderr } = await run([
      'import-bal',
      '--bal',
      dir,
      '--data',
      'data/mainnet',
      '--out',
      join(root, 'x'),
    ])
    expect(code).toBe(1)
    expect(stderr).toContain('error[BAL_INVALID]')
    expect(stderr).toContain(join(dir, '930196.bal.json'))
    expect(stderr).toMatch(pattern)
  })

  test('error: truncated JSON, bad RLP, and a JSON and an RLP that disagree are clear errors', async () => {
    const truncated = balDir('truncated', 930196, '[{"address": "0x')
    const a = await run([
      'import-bal',
      '--bal',
      truncated,
      '--data',
      'data/mainnet',
      '--out',
      join(root, 'x'),
    ])
    expect([a.code, a.stderr]).toEqual([
      1,
      expect.stringContaining('error[JSON_INVALID]: failed to parse BAL file'),
    ])
    const rlp = join(root, 'bad.rlp')
    writeFileSync(rlp, Uint8Array.from([0xc1, 0xc0, 0x00]))
    const b = await run([
      'import-bal',
      '--bal',
      rlp,
      '--block',
      join(amsterdam, 'block.json'),
      '--out',
      join(root, 'x'),
    ])
    expect(b.code).toBe(1)
    expect(b.stderr).toContain(`${rlp}: not RLP`)
    const mixed = join(root, 'mixed')
    mkdirSync(mixed)
    writeFileSync(join(mixed, '930196.bal.json'), readFileSync(join(bals, '930196.bal.json')))
    writeFileSync(join(mixed, '930196.bal.rlp'), readFileSync(join(bals, '2674998.bal.rlp')))
    const c = await run([
      'import-bal',
      '--bal',
      mixed,
      '--data',
      'data/mainnet',
      '--out',
      join(root, 'x'),
    ])
    expect(c.code).toBe(1)
  })

  test('error: exactly one of --block and --data (exit 2)', async () => {
    const both = await run([
      'import-bal',
      '--bal',
      bals,
      '--data',
      'data/mainnet',
      '--block',
      'x.json',
      '--out',
      join(root, 'x'),
    ])
    const neither = await run(['import-bal', '--bal', bals, '--out', join(root, 'x')])
    expect([both.code, neither.code]).toEqual([2, 2])
    expect(neither.stderr).toContain('exactly one of --block FILE or --data DIR')
  })
})
