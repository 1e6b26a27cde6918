/**
 * The fresh-machine promise: the README's two commands are all CI runs, and `npm test` brings what
 * npm cannot (Debian's chromium) through its pretest step, or stops with one line saying what to
 * install.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'

type Facts = { path: string; custom: boolean; exists: boolean; root: boolean; apt: boolean }
type Plan = { action: 'ok' | 'install' } | { action: 'stop'; message: string }
const Ensure = (await import(
  new URL('../scripts/ensure-chromium.mjs', import.meta.url).href as string
)) as { plan: (facts: Facts) => Plan }

const SCRIPT = 'scripts/ensure-chromium.mjs'
const readme = readFileSync('README.md', 'utf8')

describe('npm test on a fresh machine', () => {
  test('behavior: package.json runs the chromium check before the tests', () => {
    const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as {
      scripts: Record<string, string>
    }
    expect(scripts.pretest).toBe(`node ${SCRIPT}`)
  })

  test('behavior: .ci/run runs exactly the README Quick start commands, and they are two lines', () => {
    const commands = readFileSync('.ci/run', 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'))
      .filter((line) => !line.startsWith('set ') && !line.startsWith('cd '))
    const quickStart = readme.slice(readme.indexOf('## Quick start'))
    const block = /```sh\n([\s\S]*?)```/.exec(quickStart)?.[1] ?? ''
    const documented = block.split('\n').filter((line) => line.trim() !== '')
    expect(documented).toEqual(['npm ci && npx parallel-evm-lab demo', 'npm test'])
    expect(commands).toEqual(documented)
  })

  test('behavior: the plan installs only as root with apt-get, and otherwise says what to install', () => {
    const base: Facts = {
      path: '/usr/bin/chromium',
      custom: false,
      exists: false,
      root: true,
      apt: true,
    }
    expect(Ensure.plan({ ...base, exists: true })).toEqual({ action: 'ok' })
    expect(Ensure.plan(base)).toEqual({ action: 'install' })
    expect(Ensure.plan({ ...base, root: false })).toEqual({
      action: 'stop',
      message:
        "pretest: the browser test needs Debian's chromium at /usr/bin/chromium: run `sudo apt-get install -y --no-install-recommends chromium fonts-liberation` (or set CHROMIUM_PATH to a Chromium binary)",
    })
    expect(Ensure.plan({ ...base, apt: false })).toMatchObject({ action: 'stop' })
    // A CHROMIUM_PATH the user chose is never "fixed" by installing something else.
    expect(Ensure.plan({ ...base, path: '/opt/c', custom: true })).toEqual({
      action: 'stop',
      message:
        "pretest: CHROMIUM_PATH=/opt/c does not exist; point it at a Chromium binary or unset it to use Debian's /usr/bin/chromium",
    })
  })

  test('behavior: the script is silent when chromium is there and stops with one line when it cannot help', () => {
    const run = (path: string) =>
      spawnSync(process.execPath, [SCRIPT], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', CHROMIUM_PATH: path },
      })
    const present = run(process.execPath)
    expect([present.status, present.stdout, present.stderr]).toEqual([0, '', ''])
    const missing = run('/nonexistent/chromium')
    expect(missing.status).toBe(1)
    expect(missing.stdout).toBe('')
    expect(missing.stderr.trimEnd().split('\n')).toEqual([
      "pretest: CHROMIUM_PATH=/nonexistent/chromium does not exist; point it at a Chromium binary or unset it to use Debian's /usr/bin/chromium",
    ])
  })
})
