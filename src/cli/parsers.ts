import { InvalidArgumentError } from 'commander'
import * as Mix from '../evm/Mix.ts'
import type { Selection } from '../exec/Bench.ts'
import { BaseError } from '../primitives/Errors.ts'
import * as Workload from '../workload/Workload.ts'

/**
 * The docs/original-lab.md §1.0 value parsers, shared by every command. Each throws commander's
 * InvalidArgumentError, so a bad value prints one line naming the flag and the accepted values, and
 * exits 2.
 */

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

/** Comma list: split on `,`, trim each part, skip empty parts; an empty result is an error. */
export function list(text: string): string[] {
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
  if (parts.length === 0) throw new InvalidArgumentError('list must not be empty')
  return parts
}

/** A comma list of conflict ratios (`--conflicts`). */
export function ratioList(text: string): number[] {
  return withContext('invalid --conflicts list', () => list(text).map(ratio))
}

/** A comma list of thread (or worker) counts > 0. */
export function threadList(text: string): number[] {
  return withContext('invalid --threads list', () => list(text).map(threadCount))
}

/** One thread count > 0. */
function threadCount(text: string): number {
  const value = /^[0-9]+$/.test(text) ? Number(text) : Number.NaN
  if (!Number.isSafeInteger(value))
    throw new InvalidArgumentError(`invalid thread count \`${text}\``)
  if (value === 0) throw new InvalidArgumentError('thread count must be > 0')
  return value
}

/** A positive integer that fits a JS safe integer (repeats, sizes that cannot be 0). */
export function positive(text: string): number {
  const value = count(text)
  if (value === 0) throw new InvalidArgumentError(`expected a positive integer, got \`${text}\``)
  return value
}

/** A non-negative integer that fits a JS safe integer (counts, sizes, steps). */
export function count(text: string): number {
  const value = /^[0-9]+$/.test(text) ? Number(text) : Number.NaN
  if (!Number.isSafeInteger(value))
    throw new InvalidArgumentError(`expected a non-negative integer up to 2^53-1, got \`${text}\``)
  return value
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
