import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { createProgram, redactorFor } from '../../src/cli/program.ts'
import { run, tempDir } from '../golden/cli.ts'
import { spawnCliDone } from '../rpc/helpers.ts'

describe('program', () => {
  test('default: --help, help and --version exit 0', async () => {
    for (const args of [['--help'], ['help'], ['--version']])
      expect((await run(args)).code, args.join(' ')).toBe(0)
  })

  test('error: no subcommand prints help on stderr and exits 2; an unknown one exits 2', async () => {
    const none = await run([])
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('Usage: parallel-evm-lab')
    expect((await run(['no-such-command'])).code).toBe(2)
  })

  test('behavior: every subcommand has --help (exit 0) and rejects an unknown flag (exit 2)', async () => {
    const names = (await createProgram('all')).commands.map((c) => c.name())
    expect(names.length).toBeGreaterThan(10)
    for (const name of names) {
      const help = await run([name, '--help'])
      expect(help.code, name).toBe(0)
      expect(help.stdout, name).toContain(`Usage: parallel-evm-lab ${name}`)
      const bad = await run([name, '--no-such-flag'])
      expect(bad.code, name).toBe(2)
      expect(bad.stderr, name).toContain('(run with --help for usage)')
    }
  })
})

describe('lazy commands', () => {
  test('behavior: --version and --help load no command module; a command loads only itself', async () => {
    // A stand-in has a name and a summary but no options: its module was not imported.
    const loaded = async (argv: readonly string[]) =>
      (await createProgram(argv)).commands.filter((c) => c.options.length > 0).map((c) => c.name())
    expect(await loaded(['--version'])).toEqual([])
    expect(await loaded(['--help'])).toEqual([])
    expect(await loaded([])).toEqual([])
    expect(await loaded(['bench', '--txs', '10'])).toEqual(['bench'])
    expect(await loaded(['--debug', 'explain', '--help'])).toEqual(['explain'])
    expect(await loaded(['help', 'verify'])).toEqual(['verify'])
  })

  test('behavior: the top-level help lists every command with its own description', async () => {
    const full = await createProgram('all')
    const listed = await createProgram([])
    expect(listed.commands.map((c) => [c.name(), c.description()])).toEqual(
      full.commands.map((c) => [c.name(), c.description()]),
    )
    const help = await run(['--help'])
    for (const c of full.commands) expect(help.stdout).toContain(`  ${c.name()} [options]`)
  })
})

describe('redactorFor', () => {
  test('behavior: RPC URLs from the flag and the environment never survive an error text', () => {
    const flagUrl = 'https://node.example/v2/FLAGSECRET123'
    const envUrl = 'https://user:ENVPASSWORD@rpc.example/'
    const before = process.env.ETH_RPC_URL
    process.env.ETH_RPC_URL = envUrl
    try {
      for (const argv of [
        ['rpc-capability-check', '--rpc-url', flagUrl],
        ['rpc-capability-check', `--rpc-url=${flagUrl}`],
      ]) {
        const text = redactorFor(argv)(
          `fetch failed for ${flagUrl} (key FLAGSECRET123); env ENVPASSWORD at rpc.example`,
        )
        expect(text).not.toContain('FLAGSECRET123')
        expect(text).not.toContain('ENVPASSWORD')
      }
    } finally {
      if (before === undefined) delete process.env.ETH_RPC_URL
      else process.env.ETH_RPC_URL = before
    }
  })
})

describe('output paths', () => {
  // A real process: before the check, Node's recursive mkdir spun at 100% CPU on /proc forever.
  test.skipIf(!existsSync('/proc/self'))(
    'error: an unwritable --out-dir fails fast, before the analysis, naming the path',
    async () => {
      const r = await spawnCliDone(
        ['analyze-trace-pack', '--trace-dir', 'data/demo-pack', '--out-dir', '/proc/nope'],
        {},
        30_000,
      )
      expect(r.stdout).toBe('')
      expect(r.stderr).toBe(
        'error[IO_FAILED]: cannot write /proc/nope: cannot create entries in /proc (no such file or directory)\n' +
          '  choose an output path on a writable file system\n',
      )
      expect(r.code).toBe(1)
    },
  )

  test('error: every output flag is checked before any work (a path under a file)', async () => {
    const file = 'package.json'
    const fine = join(tempDir('outputs-'), 'out.json')
    for (const argv of [
      ['bench', '--txs', '5', '--out', fine, '--trace', `${file}/t.json`],
      ['analyze-trace-pack', '--trace-dir', 'data/demo-pack', '--out-dir', `${file}/d`],
      ['recommend-access-lists', '--trace-dir', 'data/demo-pack', '--out', `${file}/h.json`],
      ['demo', '--out', `${file}/demo`],
    ]) {
      const r = await run(argv)
      expect(r.code, argv[0]).toBe(1)
      expect(r.stderr, argv[0]).toMatch(
        /^error\[IO_FAILED\]: cannot write package\.json\/.*: .*package\.json is not a directory\n/,
      )
      expect(r.stdout, argv[0]).toBe('')
    }
    expect(existsSync(fine)).toBe(false)
  })
})
