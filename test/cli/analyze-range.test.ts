import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import * as Dir from '../../src/trace/Dir.ts'
import { run, tempDir } from '../golden/cli.ts'
import { bytesOf } from '../range/packs.ts'
import { killGroup, spawnCli } from '../rpc/helpers.ts'

const root = tempDir('cli-range-')
const pack = join(root, 'pack')
const generate = ['generate-range-pack', '--blocks', '30', '--txs-per-block', '30', '--seed', '9']
const first = 20_000_000

const made = await run([...generate, '--out', pack])

/** analyze-range of the pack into `<root>/<name>/{out,tables}`, with extra flags. */
function analyze(name: string, extra: readonly string[] = [], dir = pack) {
  const out = join(root, name, 'out')
  const tables = join(root, name, 'tables')
  const args = ['analyze-range', '--trace-dir', dir, '--out-dir', out, '--tables', tables]
  return { out, tables, args: [...args, '--partition-blocks', '10', ...extra] }
}

const reference = analyze('reference', ['--threads', '2'])
const referenceRun = await run(reference.args)

describe('generate-range-pack', () => {
  test('default: a valid SYNTHETIC pack; the same flags write the same files', async () => {
    expect(made.code).toBe(0)
    expect(made.stdout).toBe(`wrote a SYNTHETIC range of 30 blocks × 30 txs (seed 9) to ${pack}\n`)
    expect((await run(['validate-trace-pack', '--trace-dir', pack])).code).toBe(0)
    const again = join(root, 'pack-again')
    expect((await run([...generate, '--out', again])).code).toBe(0)
    expect(bytesOf(again)).toEqual(bytesOf(pack))
  })
})

describe('analyze-range', () => {
  test('default: the range dossier, its page and charts, blocks.csv and Parquet tables', () => {
    expect(referenceRun.stderr).not.toContain('error')
    expect(referenceRun.code).toBe(0)
    expect(referenceRun.stdout).toMatch(
      new RegExp(
        `^analyzed trace pack ${pack} block by block into ${reference.out}\ntables: ${reference.tables}\nblocks=30 skipped=0 txs=900 conflicts=\\d+ \\(\\d+\\.\\d{3}%\\) tx_ceiling=\\d+\\.\\d{3}x gas_ceiling=\\d+\\.\\d{3}x median_block_gas_ceiling=\\d+\\.\\d{3}x hash=[0-9a-f]{16}\n$`,
      ),
    )
    expect(referenceRun.stderr).toContain('progress: 30/30 blocks, 900 txs')
    const files = Object.keys(bytesOf(reference.out)).sort()
    expect(files.filter((f) => !f.startsWith('charts/'))).toEqual([
      'blocks.csv',
      'range.html',
      'range.json',
      'summary.md',
    ])
    expect(readFileSync(join(reference.out, 'blocks.csv'), 'utf8').split('\n').length).toBe(32)
    expect(readdirSync(reference.tables).sort()).toEqual(['blocks', 'edges', 'keys', 'txs'])
    expect(readdirSync(join(reference.tables, 'txs')).sort()).toEqual(
      [0, 10, 20].map((i) => `range_start=${first + i}`),
    )
  })

  test('behavior: one or two worker threads write byte-identical outputs and tables', async () => {
    const one = analyze('one-thread', ['--threads', '1'])
    expect((await run(one.args)).code).toBe(0)
    // The page shows the command line, whose paths differ.
    const page = (files: Record<string, string>, name: string) => ({
      ...files,
      'range.html': files['range.html']!.replaceAll(name, 'X'),
    })
    expect(page(bytesOf(one.out), 'one-thread')).toEqual(page(bytesOf(reference.out), 'reference'))
    expect(bytesOf(one.tables)).toEqual(bytesOf(reference.tables))
  })

  test('behavior: Ctrl-C writes no output; --resume continues and ends with identical outputs', async () => {
    const big = join(root, 'big-pack')
    const gen = ['generate-range-pack', '--blocks', '400', '--txs-per-block', '40', '--out', big]
    expect((await run(gen)).code).toBe(0)
    const interrupted = analyze('interrupted', ['--threads', '1'], big)
    const env = { PARALLEL_EVM_LAB_WORKER_DIR: process.env.PARALLEL_EVM_LAB_WORKER_DIR ?? '' }
    const child = spawnCli(interrupted.args, env)
    let stderr = ''
    const exited = new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)))
    const started = new Promise<void>((resolve) =>
      child.stderr.on('data', (d) => {
        stderr += String(d)
        if (stderr.includes('progress: ')) resolve()
      }),
    )
    await Promise.race([started, exited])
    killGroup(child, 'SIGINT')
    expect(await exited).toBe(1)
    expect(stderr).toContain('error[RANGE_INTERRUPTED]: interrupted after ')
    expect(stderr).toContain('rerun the same command with --resume')
    expect(readdirSync(interrupted.out)).toEqual(['.analyze-range'])
    expect(readdirSync(interrupted.tables)).toEqual(['.partial'])
    const resumed = await run([...interrupted.args, '--resume'])
    expect(resumed.code).toBe(0)
    expect(resumed.stderr).toMatch(/resumed: \d+ blocks taken over from the interrupted run/)
    const whole = analyze('uninterrupted', [], big)
    expect((await run(whole.args)).code).toBe(0)
    const page = (dir: string) => readFileSync(join(dir, 'range.html'), 'utf8')
    expect(page(interrupted.out).replace(/interrupted/g, 'X')).toBe(
      page(whole.out).replace(/uninterrupted/g, 'X'),
    )
    const without = (files: Record<string, string>) => ({ ...files, 'range.html': '' })
    expect(without(bytesOf(interrupted.out))).toEqual(without(bytesOf(whole.out)))
    expect(bytesOf(interrupted.tables)).toEqual(bytesOf(whole.tables))
  })

  test('error: --resume with other flags is a usage error', async () => {
    const dir = analyze('mismatch')
    // The work directory an interrupted run with other flags leaves behind.
    const state = { options: { workers: [1, 2, 4, 8, 16] }, done: [] }
    const work = join(dir.out, '.analyze-range', 'state.json')
    Dir.writeAtomically([{ path: work, content: JSON.stringify(state) }])
    const r = await run([...dir.args, '--resume'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('error[RANGE_RESUME_MISMATCH]: cannot resume: the interrupted run')
    expect(r.stderr).toContain('without --resume to start over')
  })
})

describe('--skip-invalid-blocks', () => {
  const broken = join(root, 'broken')

  test('error: without it, an invalid block fails the run with its file, and nothing is written', async () => {
    expect((await run(['generate-range-pack', '--blocks', '5', '--out', broken])).code).toBe(0)
    writeFileSync(Dir.blockPath(broken, first + 3), '{"chain": "synthetic')
    const a = analyze('broken', [], broken)
    const r = await run(a.args)
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`error[TRACE_PACK_INVALID]: invalid trace pack ${broken}: 1 issue`)
    expect(r.stderr).toContain(`${first + 3}.json: failed to parse trace pack JSON`)
    expect(r.stderr).toContain('pass --skip-invalid-blocks')
    expect(readdirSync(a.out)).toEqual(['.analyze-range'])
    expect(existsSync(join(a.tables, 'blocks'))).toBe(false)
  })

  test('behavior: with it, the other blocks are analyzed and the skipped one is listed with its error', async () => {
    const a = analyze('skipped', ['--skip-invalid-blocks'], broken)
    const r = await run(a.args)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('blocks=4 skipped=1 txs=800')
    expect(r.stderr).toContain(`skipped block ${first + 3}: ${Dir.blockPath(broken, first + 3)}`)
    const d = JSON.parse(readFileSync(join(a.out, 'range.json'), 'utf8'))
    expect(d.skipped_blocks).toEqual([
      {
        block_number: first + 3,
        file: Dir.blockPath(broken, first + 3),
        issue_count: 1,
        issues: [expect.stringContaining('failed to parse trace pack JSON')],
      },
    ])
    expect(readFileSync(join(a.out, 'summary.md'), 'utf8')).toContain('## Skipped blocks')
  })
})

describe('query', () => {
  const q = (sql: string, extra: readonly string[] = []) =>
    run(['query', '--tables', reference.tables, sql, ...extra])

  test('default: a text table; --json rows with exact integers', async () => {
    const text = await q('SELECT count(*) AS txs, count(DISTINCT block_number) AS blocks FROM txs')
    expect(text).toEqual({
      code: 0,
      stdout: 'txs  blocks\n---  ------\n900      30\n(1 row)\n',
      stderr: '',
    })
    const json = await q('SELECT block_number, tx_count FROM blocks ORDER BY 1 LIMIT 2', ['--json'])
    expect(JSON.parse(json.stdout)).toEqual([
      { block_number: first, tx_count: 30 },
      { block_number: first + 1, tx_count: 30 },
    ])
    const capped = await q('SELECT * FROM txs', ['--max-rows', '3'])
    expect(capped.stdout).toContain('(3 rows; more rows were not read: raise --max-rows')
  })

  test('error: bad SQL, an unknown table and a missing tables directory are clear', async () => {
    const bad = await q('SELEC 1')
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain(
      'error[QUERY_FAILED]: query failed: Parser Error: syntax error at or near "SELEC"',
    )
    expect(bad.stderr).toContain(`tables in ${reference.tables}: blocks, txs, keys, edges`)
    const unknown = await q('SELECT * FROM nope')
    expect(unknown.stderr).toContain('Catalog Error: Table with name nope does not exist')
    const missing = await run(['query', '--tables', join(root, 'nothing'), 'SELECT 1'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain(
      `error[TABLES_NOT_FOUND]: no tables in ${join(root, 'nothing')}: the directory does not exist`,
    )
    const empty = await run(['query', '--tables', root, 'SELECT 1'])
    expect(empty.stderr).toContain('the directory holds no table')
    expect((await run(['query', 'SELECT 1'])).code).toBe(2)
    const blank = await q('  ')
    expect([blank.code, blank.stderr]).toEqual([
      2,
      'error[CLI_USAGE]: the SQL statement is empty\n  example: query --tables DIR "SELECT count(*) FROM txs"\n',
    ])
  })
})

describe('bounds', () => {
  const HUGE = '99999999999'
  const b = analyze('b').args
  const gen = ['generate-range-pack', '--blocks', '1', '--out', join(root, 'b')]
  test.each([
    ['analyze-range --partition-blocks 0', [...b, '--partition-blocks', '0'], '1..=100000000'],
    ['analyze-range --threads 100000', [...b, '--threads', '100000'], "above this machine's cap"],
    ['query --max-rows HUGE', ['query', '--tables', root, 'x', '--max-rows', HUGE], '1..=1000000'],
    ['generate-range-pack --blocks HUGE', [...gen, '--blocks', HUGE], '1..=1000000'],
    ['generate-range-pack --txs-per-block HUGE', [...gen, '--txs-per-block', HUGE], '1..=10000'],
  ])('error: %s is a usage error (exit 2) naming the range', async (_, args, text) => {
    const r = await run(args)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(text)
    expect(existsSync(join(root, 'b'))).toBe(false)
  })
})
