/** Helpers shared by the benchmark scripts (not tests; nothing here is timed). */
import { cpus } from 'node:os'
import type { Run } from '../src/exec/Run.ts'

/** The median (the upper middle one for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] as number
}

/** A run's measured time in milliseconds. */
export function ms(run: Run): number {
  return Number(run.metrics.elapsedNs) / 1e6
}

/** The machine line every benchmark prints first. */
export function machineLine(): string {
  return `machine: ${cpus()[0]?.model ?? 'unknown cpu'} | ${cpus().length} logical cores | node ${process.version}`
}
