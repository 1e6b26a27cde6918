import { describe, expect, test } from 'vitest'
import { createProgram } from '../../src/cli/program.ts'
import { run } from '../golden/cli.ts'

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
    const names = createProgram().commands.map((c) => c.name())
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
