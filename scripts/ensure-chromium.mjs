// `npm test`'s pretest step. The browser test drives Debian's chromium (`CHROMIUM_PATH`, else
// /usr/bin/chromium), which npm cannot install. When it is missing, this installs it with apt-get
// where it can (root, apt-get present); otherwise it stops with one line saying what to install.
// Plain Node (no TypeScript): it runs before anything is compiled.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

export const PACKAGES = ['chromium', 'fonts-liberation']
const INSTALL = `apt-get install -y --no-install-recommends ${PACKAGES.join(' ')}`

/**
 * What to do, from the facts: `ok` (chromium is there), `install` (with apt-get), or a one-line
 * message to stop with.
 * @param {{ path: string, custom: boolean, exists: boolean, root: boolean, apt: boolean }} facts
 * @returns {{ action: 'ok' | 'install' } | { action: 'stop', message: string }}
 */
export function plan(facts) {
  if (facts.exists) return { action: 'ok' }
  if (facts.custom)
    return {
      action: 'stop',
      message: `pretest: CHROMIUM_PATH=${facts.path} does not exist; point it at a Chromium binary or unset it to use Debian's /usr/bin/chromium`,
    }
  if (!facts.apt)
    return {
      action: 'stop',
      message: `pretest: the browser test needs Chromium at ${facts.path}: install Debian's chromium (${INSTALL}) or set CHROMIUM_PATH to a Chromium binary`,
    }
  if (!facts.root)
    return {
      action: 'stop',
      message: `pretest: the browser test needs Debian's chromium at ${facts.path}: run \`sudo ${INSTALL}\` (or set CHROMIUM_PATH to a Chromium binary)`,
    }
  return { action: 'install' }
}

function apt(args) {
  const result = spawnSync('apt-get', args, {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  })
  return result.status === 0
}

/** True when apt has package lists (a fresh container has none until `apt-get update`). */
function hasLists() {
  try {
    return readdirSync('/var/lib/apt/lists').some(
      (name) => name.endsWith('_Packages') || name.includes('_Packages.'),
    )
  } catch {
    return false
  }
}

function main() {
  const custom = process.env.CHROMIUM_PATH !== undefined && process.env.CHROMIUM_PATH !== ''
  const path = custom ? process.env.CHROMIUM_PATH : '/usr/bin/chromium'
  const decision = plan({
    path,
    custom,
    exists: existsSync(path),
    root: process.getuid?.() === 0,
    apt: existsSync('/usr/bin/apt-get'),
  })
  if (decision.action === 'ok') return 0
  if (decision.action === 'stop') {
    process.stderr.write(`${decision.message}\n`)
    return 1
  }
  process.stderr.write(
    `pretest: installing Debian's ${PACKAGES.join(' and ')} for the browser test\n`,
  )
  const install = ['install', '-y', '-qq', '--no-install-recommends', ...PACKAGES]
  const installed = (hasLists() && apt(install)) || (apt(['update', '-qq']) && apt(install))
  if (installed && existsSync(path)) return 0
  process.stderr.write(
    `pretest: could not install Debian's chromium with apt-get; run \`${INSTALL}\` yourself (or set CHROMIUM_PATH)\n`,
  )
  return 1
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  process.exitCode = main()
