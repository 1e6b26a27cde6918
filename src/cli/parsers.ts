import { availableParallelism } from 'node:os'
import { InvalidArgumentError } from 'commander'
import * as Mix from '../evm/Mix.ts'
import type { Selection } from '../exec/Bench.ts'
import { BaseError } from '../primitives/Errors.ts'
import * as Workload from '../workload/Workload.ts'

/**
 * The docs/original-lab.md §1.0 value parsers, shared by every command. Each throws commander's InvalidArgumentError,
 * so a bad value prints one line naming the flag and the accepted values, and exits 2.
 *
 * Every count-like flag has an upper bound (`limits`), checked here when the flag is parsed, before
 * any work starts. A new command takes its bounds from here: `intIn(min, max)` for a count,
 * `threads` / `threadList` for worker-thread counts (capped relative to the machine's cores, see
 * `threadCap`), `list` for comma lists (at most `limits.listEntries` entries). README "Limits"
 * lists every bound; keep it in step.
 */

/** Upper bounds of the count-like flags (README "Limits"). */
export const limits = {
  /** Synthetic workload transactions (`bench`, `verify`, `inspect`): generation is quadratic. */
  syntheticTxs: 100_000,
  /** CPU busy-loop iterations per synthetic tx (~30 ms per million on a 2-core VM). */
  vmSteps: 10_000_000,
  /** Busy-loop iterations per unit of receipt gas (`bench-trace-pack`). */
  vmStepsPerGas: 100,
  /** Simulated workers of one schedule (`analyze-trace-pack --workers`): not threads. */
  simulatedWorkers: 4096,
  /** Entries of one comma list (`--threads`, `--workers`, `--conflicts`). */
  listEntries: 64,
  /** Seeds of one `verify` sweep (`--seed-end` − `--seed-start` + 1). */
  seeds: 10_000,
  /** Interleaved rounds of `bench-evm-block`. */
  repeats: 100,
  /** Blocks of one `collect-block-range` run (`--end-block` − `--start-block` + 1). */
  blockRange: 100_000,
  /** `collect-block-range --max-transactions`. */
  maxTransactions: 1_000_000,
  /** RPC requests in flight (`--concurrency`). */
  concurrency: 64,
  /** Retries of one transient RPC fault (`--retries`). */
  retries: 100,
  /** Per-request RPC timeout in ms (`--timeout-ms`): one hour. */
  timeoutMs: 3_600_000,
  /** Base RPC backoff in ms (`--retry-delay-ms`). */
  retryDelayMs: 60_000,
  /** Worker threads even with `PARALLEL_EVM_LAB_MAX_THREADS` (each thread is a V8 heap, ≥ 9 MB). */
  threadsHard: 1024,
  /** Replay reports one command reads (`--measured`, repeatable). */
  measuredReports: 16,
  /** Rows of a hot table (`analyze-trace-pack --top`) or of an `explain` summary (`--top`). */
  topRows: 1000,
  /** Block numbers per table partition (`analyze-range --partition-blocks`). */
  partitionBlocks: 100_000_000,
  /** Rows `query` reads back (`--max-rows`). */
  queryRows: 1_000_000,
  /** Blocks of one generated range (`generate-range-pack --blocks`). */
  generatedBlocks: 1_000_000,
  /** Transactions per generated block (`generate-range-pack --txs-per-block`). */
  txsPerBlock: 10_000,
} as const

/** Environment variable that replaces the default thread cap (`threadCap`). */
export const MAX_THREADS_ENV = 'PARALLEL_EVM_LAB_MAX_THREADS'

/**
 * The largest worker-thread count a command accepts here: `max(16, 2 × cores)` (16 keeps the
 * default `1,2,4,8,16` lists usable on small machines), or `PARALLEL_EVM_LAB_MAX_THREADS` when set
 * (1..=`limits.threadsHard`), which lets a user oversubscribe on purpose.
 */
export function threadCap(
  env: Readonly<Record<string, string | undefined>> = process.env,
  cores: number = availableParallelism(),
): { readonly cap: number; readonly why: string } {
  const raw = env[MAX_THREADS_ENV]?.trim()
  if (raw !== undefined && raw !== '') {
    const value = /^[0-9]+$/.test(raw) ? Number(raw) : Number.NaN
    if (!(Number.isSafeInteger(value) && value >= 1 && value <= limits.threadsHard))
      throw new InvalidArgumentError(
        `${MAX_THREADS_ENV} must be an integer in 1..=${limits.threadsHard}, got \`${raw}\``,
      )
    return { cap: value, why: `set by ${MAX_THREADS_ENV}` }
  }
  return { cap: Math.max(16, 2 * cores), why: `max(16, 2 × ${cores} cores)` }
}

/** Accepted `--mode` spellings → selection. Add a mode here (one line) to expose it. */
const modeNames: Readonly<Record<string, Selection>> = {
  sequential: 'sequential',
  'access-list': 'access-list',
  access_list: 'access-list',
  optimistic: 'optimistic',
  'block-stm': 'block-stm',
  block_stm: 'block-stm',
  all: 'all',
}

/** `erc20 | storage | swap-like/swap_like | hot-pool/hot_pool | mixed`. */
export function workload(text: string): Workload.Kind {
  const kind = Workload.parseKind(text)
  if (kind === undefined)
    throw new InvalidArgumentError(
      `unknown workload \`${text}\`; expected ${orList(Workload.kinds)}`,
    )
  return kind
}

/** The canonical mode names, for help text (`sequential, access-list, …, or all`). */
export function modeChoices(): string {
  return orList([...new Set(Object.values(modeNames))])
}

/** An execution mode (see `modeNames`). */
export function mode(text: string): Selection {
  const selection = Object.hasOwn(modeNames, text) ? modeNames[text] : undefined
  if (selection === undefined) {
    const canonical = [...new Set(Object.values(modeNames))]
    throw new InvalidArgumentError(
      `unknown execution mode \`${text}\`; expected ${orList(canonical)}`,
    )
  }
  return selection
}

/** An f64 within 0.0..=1.0. */
export function ratio(text: string): number {
  const value = parseFloatStrict(text.trim())
  if (value === undefined) throw new InvalidArgumentError(`invalid conflict ratio \`${text}\``)
  if (!(value >= 0 && value <= 1))
    throw new InvalidArgumentError(`conflict ratio \`${text}\` must be in 0.0..=1.0`)
  return value
}

/**
 * Comma list: split on `,`, trim each part, skip empty parts; an empty result, or one with more
 * than `limits.listEntries` entries, is an error.
 */
export function list(text: string): string[] {
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
  if (parts.length === 0) throw new InvalidArgumentError('list must not be empty')
  if (parts.length > limits.listEntries)
    throw new InvalidArgumentError(
      `list has ${parts.length} entries; at most ${limits.listEntries} are accepted`,
    )
  return parts
}

/** A comma list of conflict ratios (`--conflicts`). */
export function ratioList(text: string): number[] {
  return withContext('invalid --conflicts list', () => list(text).map(ratio))
}

/** A comma list of worker-thread counts, each in 1..=`threadCap()`. */
export function threadList(text: string): number[] {
  return withContext('invalid --threads list', () => list(text).map(threadCount))
}

/** One worker-thread count in 0..=`threadCap()` (for flags where 0 means 1). */
export function threads(text: string): number {
  const value = /^[0-9]+$/.test(text) ? Number(text) : Number.NaN
  if (!Number.isSafeInteger(value))
    throw new InvalidArgumentError(`invalid thread count \`${text}\``)
  return capped(value)
}

/** One worker-thread count in 1..=`threadCap()`. */
export function threadCount(text: string): number {
  const value = /^[0-9]+$/.test(text) ? Number(text) : Number.NaN
  if (!Number.isSafeInteger(value))
    throw new InvalidArgumentError(`invalid thread count \`${text}\``)
  if (value === 0) throw new InvalidArgumentError('thread count must be > 0')
  return capped(value)
}

function capped(value: number): number {
  const { cap, why } = threadCap()
  if (value > cap)
    throw new InvalidArgumentError(
      `thread count ${value} is above this machine's cap of ${cap} (${why}); set ${MAX_THREADS_ENV}=N (N <= ${limits.threadsHard}) to oversubscribe on purpose`,
    )
  return value
}

/**
 * A parser for an integer in `min..=max`, for commander's `argParser`: every count-like flag uses
 * one (bounds from `limits`).
 * @example new Option('--repeats <n>', '…').argParser(parse.intIn(1, parse.limits.repeats))
 */
export function intIn(min: number, max: number): (text: string) => number {
  return (text) => {
    const value = /^[0-9]+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN
    if (!(Number.isSafeInteger(value) && value >= min && value <= max))
      throw new InvalidArgumentError(`expected an integer in ${min}..=${max}, got \`${text}\``)
    return value
  }
}

/** A non-negative integer that fits a JS safe integer (block numbers, seeds; not counts: `intIn`). */
export function count(text: string): number {
  const value = /^[0-9]+$/.test(text) ? Number(text) : Number.NaN
  if (!Number.isSafeInteger(value))
    throw new InvalidArgumentError(`expected a non-negative integer up to 2^53-1, got \`${text}\``)
  return value
}

/** Most block numbers one `--blocks` list may name. */
export const MAX_BLOCK_LIST = 100_000

/** A comma list of block numbers (`--blocks`), at most `MAX_BLOCK_LIST` of them. */
export function blockList(text: string): number[] {
  return withContext('invalid --blocks list', () => {
    const parts = list(text)
    if (parts.length > MAX_BLOCK_LIST)
      throw new InvalidArgumentError(`at most ${MAX_BLOCK_LIST} block numbers, got ${parts.length}`)
    return parts.map(count)
  })
}

/** A u64 as bigint (seeds). */
export function u64(text: string): bigint {
  if (!/^[0-9]+$/.test(text) || BigInt(text) >= 1n << 64n)
    throw new InvalidArgumentError(
      `expected an integer in 0..=18446744073709551615, got \`${text}\``,
    )
  return BigInt(text)
}

function withContext<T>(context: string, fn: () => T): T {
  try {
    return fn()
  } catch (err) {
    if (err instanceof InvalidArgumentError)
      throw new InvalidArgumentError(`${context}: ${err.message}`)
    throw err
  }
}

function parseFloatStrict(text: string): number | undefined {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined
  return Number(text)
}

function orList(names: readonly string[]): string {
  if (names.length <= 1) return names.join('')
  return `${names.slice(0, -1).join(', ')}, or ${names[names.length - 1]}`
}

/** A non-negative decimal number such as `1.0` (`--skew`). */
export function nonNegativeNumber(text: string): number {
  const value = /^[0-9]+(\.[0-9]+)?$/.test(text.trim()) ? Number(text.trim()) : Number.NaN
  if (!Number.isFinite(value))
    throw new InvalidArgumentError(`expected a non-negative number, got \`${text}\``)
  return value
}

/** A generated-block mix `kind=weight,…` (`--mix`). */
export function mix(text: string): Mix.Mix {
  try {
    return Mix.parse(text)
  } catch (err) {
    if (err instanceof BaseError) throw new InvalidArgumentError(err.shortMessage)
    throw err
  }
}
