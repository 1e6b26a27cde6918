/** Options shared by the synthetic-workload commands (bench, inspect, verify). */
import { Option } from 'commander'
import * as parse from './parsers.ts'

/** `--workload` (default mixed). */
export function workloadOption(): Option {
  return new Option('--workload <name>', 'erc20, storage, swap-like, hot-pool or mixed')
    .argParser(parse.workload)
    .default('mixed')
}

/** `--seed` (default 42). */
export function seedOption(): Option {
  return new Option('--seed <n>', 'u64 generator seed').argParser(parse.u64).default(42n, '42')
}

/** `--vm-steps` (default 0). */
export function vmStepsOption(): Option {
  return new Option(
    '--vm-steps <n>',
    `CPU busy-loop iterations per tx, 0..=${parse.limits.vmSteps} (0: txs cost nothing, so parallel modes measure only coordination overhead)`,
  )
    .argParser(parse.intIn(0, parse.limits.vmSteps))
    .default(0)
}

/** `--txs` of a synthetic workload (0..=`limits.syntheticTxs`). */
export function syntheticTxsOption(description: string, fallback: number): Option {
  return new Option('--txs <n>', `${description} (0..=${parse.limits.syntheticTxs})`)
    .argParser(parse.intIn(0, parse.limits.syntheticTxs))
    .default(fallback)
}

/**
 * The note printed under measured speedups when `flag` is 0: zero-cost transactions make the
 * parallel modes measure only their coordination overhead (speedups far below 1x are expected).
 */
export function zeroCostNote(flag: string, heavier: string): string {
  return `note: ${flag} 0 makes every transaction free, so the parallel speedups above measure only coordination overhead (thread hand-offs, scheduling); pass ${heavier} for CPU-heavy transactions`
}
