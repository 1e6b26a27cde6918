/**
 * `replay`'s access-list options, kept apart from the verb itself: `--bal-out DIR` (write each
 * block's EIP-7928 BAL), `--engine bal` with `--threads LIST` (run each block BAL-parallel and
 * compare with the sequential replay) and `--bal-in DIR` (run with given BALs, e.g. a node's).
 * `replay.ts` registers them and asks `start` for a session when any is set.
 */
import { type Command, Option } from 'commander'
import * as BalPool from '../evm/BalPool.ts'
import * as BalReplay from '../evm/BalReplay.ts'
import type * as Replay from '../evm/Replay.ts'
import { BaseError, UsageError } from '../primitives/Errors.ts'
import type * as Json from '../primitives/Json.ts'
import * as BalReport from '../report/BalReport.ts'
import type * as ReplayPack from '../trace/ReplayPack.ts'
import * as BalFiles from './balFiles.ts'
import type { OutputFile } from './io.ts'
import * as parse from './parsers.ts'

export type Flags = {
  readonly balOut?: string
  readonly engine?: Engine
  readonly threads?: number[]
  readonly balIn?: string
}

/** The engines `replay` can run a block with after its sequential replay. */
export type Engine = 'sequential' | 'block-stm' | 'bal'

/** The engine asked for: `--engine`, else Block-STM when `--threads` is given, else none. */
export function engineOf(flags: Flags): Engine {
  return flags.engine ?? (flags.threads === undefined ? 'sequential' : 'block-stm')
}

/** Adds the options to `replay`. */
export function register(command: Command): Command {
  return command
    .option(
      '--bal-out <dir>',
      "write each block's EIP-7928 access list: <n>.bal.json and <n>.bal.rlp",
    )
    .addOption(
      new Option(
        '--engine <name>',
        'how blocks run again after the sequential replay, each run compared with it: block-stm (EVM Block-STM; the default with --threads), bal (BAL-parallel) or sequential (none)',
      ).choices(['sequential', 'block-stm', 'bal']),
    )
    .option(
      '--threads <list>',
      'thread counts of the parallel engine, comma list (default 2)',
      parse.threadList,
    )
    .option(
      '--bal-in <dir>',
      "with --engine bal: run each block with <dir>/<n>.bal.json or .rlp where present, instead of the replay's own BAL",
    )
}

/** A replay run with access lists: builds each block's BAL, runs the engine, collects outputs. */
export type Session = {
  /** Replays `numbers`, yielding each block's outcome as soon as it is done. */
  readonly each: (
    context: Replay.Context,
    numbers: readonly number[],
    read: (n: number) => ReplayPack.Block,
    options: Replay.run.Options,
  ) => AsyncGenerator<Replay.Outcome>
  /** The lines to print under the last block's replay line. */
  readonly lines: () => string[]
  readonly files: () => OutputFile[]
  readonly json: () => Json.Value
  /** Throws BAL_INVALID / REPLAY_MISMATCH when a BAL was refused or a parallel run differed. */
  readonly check: () => void
  readonly close: () => Promise<void>
}

/** A session when a BAL option is set (usage errors for inconsistent flags), else null. */
export function start(flags: Flags): Session | null {
  const engine = engineOf(flags)
  const parallel = engine === 'bal'
  if (engine === 'sequential' && flags.threads !== undefined)
    throw new UsageError('--threads needs a parallel engine (--engine block-stm or bal)')
  if (!parallel && flags.balIn !== undefined) throw new UsageError('--bal-in needs --engine bal')
  if (!parallel && flags.balOut === undefined) return null
  const threads = [...new Set(flags.threads ?? [2])]
  const pool = parallel ? BalPool.create({ size: Math.max(...threads) }) : undefined
  const blocks: BalReplay.Block[] = []
  const given = (n: number, txCount: number, committed: string | null) => {
    const path = flags.balIn === undefined ? undefined : BalFiles.find(flags.balIn, n)
    if (path === undefined) return undefined
    const read = BalFiles.read(path, txCount + 1)
    BalFiles.checkHash(read, committed)
    return read.bal
  }
  return {
    each: async function* (context, numbers, read, options) {
      const run = { ...options, given, ...(pool ? { parallel: { pool, threads } } : {}) }
      for await (const block of BalReplay.each(context, numbers, read, run)) {
        blocks.push(block)
        yield block.outcome
      }
    },
    lines: () => {
      const last = blocks[blocks.length - 1]
      return last === undefined ? [] : BalReport.lines(last, flags.balOut !== undefined)
    },
    files: () =>
      flags.balOut === undefined
        ? []
        : blocks.flatMap((b) =>
            BalFiles.files(flags.balOut as string, b.outcome.number, b.built.bal, b.rlp),
          ),
    json: () => BalReport.json(blocks),
    check: () => {
      const failures = BalReport.failures(blocks)
      if (failures.length === 0) return
      const invalid = blocks.some((b) => b.parallel.some((r) => r.invalid !== null))
      throw new BaseError(
        `${failures.length} BAL-parallel run(s) did not equal the sequential replay`,
        {
          code: invalid ? 'BAL_INVALID' : 'REPLAY_MISMATCH',
          hints: failures,
        },
      )
    },
    close: async () => {
      await pool?.close()
    },
  }
}
