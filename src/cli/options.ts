/**
 * Options and value parsers shared by several commands: the synthetic-workload options (bench,
 * inspect, verify), the block generator's options (generate-evm-block, bench-evm-block) and the
 * simulated worker list (analyze-trace-pack, demo).
 */
import { Option } from 'commander'
import * as Generate from '../evm/Generate.ts'
import * as Mix from '../evm/Mix.ts'
import { UsageError } from '../primitives/Errors.ts'
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

/**
 * The block generator's flags (`--txs`, `--mix`, `--pools`, `--skew`, `--seed`, `--users`), shared
 * by generate-evm-block and bench-evm-block. Ranges are checked by `Generate.block` (a usage error,
 * exit 2).
 */
export function generatorOptions(): Option[] {
  const d = Generate.defaults
  return [
    new Option('--txs <n>', 'transactions in the block (1..=100000)')
      .argParser(parse.count)
      .default(d.txs),
    new Option('--mix <weights>', `kind=weight list (kinds: ${Mix.kinds.join(', ')})`)
      .argParser(parse.mix)
      .default(d.mix, Mix.format(d.mix)),
    new Option('--pools <p>', 'ERC-20/WETH Uniswap V2 pools (1..=64)')
      .argParser(parse.count)
      .default(d.pools),
    new Option('--skew <s>', 'Zipf exponent of pool/token popularity (0 = uniform)')
      .argParser(parse.nonNegativeNumber)
      .default(d.skew),
    new Option('--seed <n>', 'RNG seed').argParser(parse.count).default(d.seed),
    new Option('--users <n>', 'funded sender accounts (2..=4096)')
      .argParser(parse.count)
      .default(d.users),
  ]
}

/**
 * Parses `--workers`: comma list (at most `parse.limits.listEntries` entries), parts trimmed, empty
 * parts skipped, each an integer in 1..=`parse.limits.simulatedWorkers`. Errors name `--workers` (the
 * original said `--threads`).
 */
export function parseWorkers(raw: string): number[] {
  const parts = raw
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')
  if (parts.length === 0) throw new UsageError('invalid --workers list: list must not be empty')
  if (parts.length > parse.limits.listEntries)
    throw new UsageError(
      `invalid --workers list: ${parts.length} entries; at most ${parse.limits.listEntries} are accepted`,
    )
  return parts.map((p) => {
    if (!/^\d+$/.test(p) || !Number.isSafeInteger(Number(p))) {
      throw new UsageError(`invalid --workers list: invalid worker count \`${p}\``, {
        hints: ['expected positive integers such as --workers 1,2,4,8'],
      })
    }
    if (Number(p) === 0) throw new UsageError('invalid --workers list: worker count must be > 0')
    if (Number(p) > parse.limits.simulatedWorkers)
      throw new UsageError(
        `invalid --workers list: worker count ${p} is above ${parse.limits.simulatedWorkers} (simulated workers; a block has fewer parallel transactions than that)`,
      )
    return Number(p)
  })
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
