/** Test helpers: run the CLI in-process or as a child, read a pack's bytes, compute conflict pairs. */
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type * as TracePack from '../../src/trace/TracePack.ts'
import { run } from '../golden/cli.ts'

export type Run = { readonly code: number; readonly stdout: string; readonly stderr: string }

/** Runs the CLI in this process, capturing stdout and stderr (the shared in-process runner). */
export const runCli = (args: readonly string[]): Promise<Run> => run(args)

/**
 * Spawns `node --import tsx src/cli/main.ts` with a clean environment plus `env`, in its own
 * process group. One node process, as the installed bin runs: the `tsx` command would run the CLI
 * in a grandchild and relay a signal to it again when the grandchild is slow to acknowledge it,
 * so under load one Ctrl-C could arrive twice.
 */
export function spawnCli(args: readonly string[], env: Record<string, string> = {}) {
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
}

/** Sends `signal` to the spawned CLI's whole process group (the CLI and anything it started). */
export function killGroup(
  child: { readonly pid?: number | undefined },
  signal: NodeJS.Signals,
): void {
  if (child.pid === undefined) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    // already gone
  }
}

/** Spawns the CLI and waits for it (bounded by `timeoutMs`). */
export function spawnCliDone(
  args: readonly string[],
  env: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<Run> {
  const child = spawnCli(args, env)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += String(d)))
  child.stderr.on('data', (d) => (stderr += String(d)))
  return new Promise((resolve) => {
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), timeoutMs)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code: code ?? -1, stdout, stderr })
    })
  })
}

/** Every file under `dir` (relative path → content), for byte comparisons. */
export function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  if (!existsSync(dir)) return out
  const walk = (sub: string): void => {
    for (const name of readdirSync(join(dir, sub)).sort()) {
      const rel = sub === '' ? name : `${sub}/${name}`
      if (statSync(join(dir, rel)).isDirectory()) walk(rel)
      else out[rel] = readFileSync(join(dir, rel), 'utf8')
    }
  }
  walk('')
  return out
}

/** Conflicting tx pairs `i-j` (i < j): one writes a key the other reads or writes. */
export function conflictPairs(
  block: TracePack.Block,
  keyOf: (a: TracePack.Access) => string | null,
): string[] {
  const sets = block.transactions.map((tx) => {
    const reads = new Set<string>()
    const writes = new Set<string>()
    for (const a of tx.accesses) {
      const key = keyOf(a)
      if (key === null) continue
      if (a.kind === 'read' || a.kind === 'call') reads.add(key)
      else writes.add(key)
    }
    return { index: tx.txIndex, reads, writes }
  })
  const pairs: string[] = []
  for (const [i, x] of sets.entries()) {
    for (const y of sets.slice(i + 1)) {
      const hit =
        [...x.writes].some((k) => y.writes.has(k) || y.reads.has(k)) ||
        [...y.writes].some((k) => x.reads.has(k))
      if (hit) pairs.push(`${x.index}-${y.index}`)
    }
  }
  return pairs
}

/** Storage keys only. */
export const storageKey = (a: TracePack.Access): string | null =>
  a.slot === null ? null : `${a.address}:${a.slot}`

/** Storage and account-level keys, excluding the fee recipient's FEE_CREDIT. */
export const stateKey = (a: TracePack.Access): string | null =>
  a.op === 'FEE_CREDIT'
    ? null
    : a.slot === null
      ? `${a.op ?? 'ACCOUNT'}:${a.address}`
      : `${a.address}:${a.slot}`
