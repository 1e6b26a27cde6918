import * as Bal from '../trace/Bal.ts'
import type * as ReplayPack from '../trace/ReplayPack.ts'
import * as BalApply from './BalApply.ts'
import * as BalBuild from './BalBuild.ts'
import * as BalCodec from './BalCodec.ts'
import * as BalParallel from './BalParallel.ts'
import type { Pool } from './BalPool.ts'
import * as BalRecord from './BalRecord.ts'
import * as Replay from './Replay.ts'
import * as ReplayParallel from './ReplayParallel.ts'
import * as SystemCalls from './SystemCalls.ts'

/**
 * Replay with access lists: each block is replayed sequentially (as `Replay.each`) while
 * `BalRecord` records its EIP-7928 access list, which is then encoded (ethereumjs's codec) and,
 * when asked, used to run the block BAL-parallel at several thread counts, each run compared with
 * the sequential one and checked against the header.
 */

/** Why BAL-parallel runs of blocks before Spurious Dragon are compared without empty accounts. */
const EMPTY_ACCOUNTS_NOTE =
  'before Spurious Dragon (EIP-161) a call creates empty accounts, which a BAL cannot show (nothing of theirs changes): BAL-parallel runs are compared with the sequential replay without empty accounts'

/** One BAL-parallel run of a replayed block. */
export type Parallel = {
  readonly threads: number
  /** Wall time of the parallel run (a timing: never part of any hash). */
  readonly executionNs: bigint
  /** Set when the BAL was refused: the run was then sequential. */
  readonly invalid: BalParallel.Invalid | null
  /** The first difference from the sequential replay, or null (`ReplayParallel.differs`). */
  readonly difference: string | null
  /** The header checks of the parallel run's results. */
  readonly verdict: Replay.Verdict
}

/** A replayed block with its access list. */
export type Block = {
  readonly outcome: Replay.Outcome
  /** The lab's BAL of the block and what it lacks. */
  readonly built: BalBuild.Built
  /** The BAL the parallel runs used: the lab's, or the one given for the block. */
  readonly source: 'replay' | 'given'
  /** keccak-256 of the RLP (ethereumjs's `hash`). */
  readonly hash: string
  /** The lab's BAL against the header's `blockAccessListHash` (`n/a` before Amsterdam). */
  readonly headerCheck: Replay.Check
  readonly rlp: Uint8Array
  /** EIP-7928 items: addresses plus storage keys. */
  readonly items: number
  readonly parallel: readonly Parallel[]
}

export type Options = Replay.run.Options & {
  /** Run each block BAL-parallel at these thread counts on `pool` (none: only build the BAL). */
  readonly parallel?: { readonly pool: Pool; readonly threads: readonly number[] }
  /**
   * A BAL to run a block with instead of the lab's (e.g. a node's), given the block number, its
   * transaction count and the header's `blockAccessListHash` (null before Amsterdam).
   */
  readonly given?: (n: number, txCount: number, committed: string | null) => Bal.Bal | undefined
}

/**
 * Replays `numbers` one block at a time, yielding each with its BAL (and parallel runs).
 * @example for await (const b of BalReplay.each(pack, pack.numbers, read)) console.log(b.hash)
 */
export async function* each(
  context: Replay.Context,
  numbers: readonly number[],
  read: (n: number) => ReplayPack.Block,
  options: Options = {},
): AsyncGenerator<Block> {
  for (const n of numbers) yield await block(read(n), context, options)
}

/**
 * Replays a block sequentially with the recorder and returns the replay and the lab's BAL: what
 * a benchmark needs to time `BalParallel.run` on `replayed.input` (its genesis and txs).
 * @example const { replayed, built } = await BalReplay.record(block, context)
 */
export async function record(
  pack: ReplayPack.Block,
  context: Replay.Context,
  options: Replay.run.Options = {},
): Promise<{ readonly replayed: Replay.Replayed; readonly built: BalBuild.Built }> {
  const parts: Bal.Part[] = []
  const replayed = await Replay.run(pack, context, {
    ...options,
    instrument: BalRecord.into(parts),
  })
  const { header } = pack
  const built = BalBuild.assemble(
    BalBuild.before(Replay.base(pack, context), replayed.input.genesis, header, 'partial'),
    parts,
    BalBuild.after(replayed.result.postState, header, parts.length + 1, 'partial'),
  )
  return { replayed, built }
}

/** One block: sequential replay with the recorder, the BAL, then the parallel runs. */
export async function block(
  pack: ReplayPack.Block,
  context: Replay.Context,
  options: Options = {},
): Promise<Block> {
  const { parallel, given, ...replayOptions } = options
  const recorded = await record(pack, context, replayOptions)
  const { replayed } = recorded
  const built = BalApply.rules(replayed.input.genesis.env.hardfork).clearsEmpty
    ? recorded.built
    : { ...recorded.built, notes: [...recorded.built.notes, EMPTY_ACCOUNTS_NOTE] }
  const { header } = pack
  const rlp = BalCodec.encode(built.bal)
  const hash = BalCodec.hash(built.bal)
  const committed = header.blockAccessListHash?.toLowerCase() ?? null
  const chosen = given?.(header.number, replayed.input.txs.length, committed)
  const runs: Parallel[] = []
  for (const threads of parallel?.threads ?? [])
    runs.push(await parallelRun(replayed, chosen ?? built.bal, threads, parallel?.pool as Pool))
  return {
    outcome: Replay.outcome(replayed, replayOptions.capture),
    built,
    source: chosen === undefined ? 'replay' : 'given',
    hash,
    headerCheck: committed === null ? 'n/a' : committed === hash ? 'match' : 'mismatch',
    rlp,
    items: Bal.itemCount(built.bal),
    parallel: runs,
  }
}

async function parallelRun(
  replayed: Replay.Replayed,
  bal: Bal.Bal,
  threads: number,
  pool: Pool,
): Promise<Parallel> {
  const { genesis, txs, header } = replayed.input
  const run = await BalParallel.run(genesis, txs, bal, { pool, threads, stateRoot: 'skip' })
  const post = SystemCalls.postBlock(run.postState, header).genesis
  const emptyAsAbsent = !BalApply.rules(genesis.env.hardfork).clearsEmpty
  return {
    threads,
    executionNs: run.executionNs,
    invalid: run.invalid,
    difference: ReplayParallel.differs(
      { results: replayed.result.results, post: replayed.result.postState },
      { results: run.results, post },
      { emptyAsAbsent },
    ),
    verdict: await Replay.check(replayed.input, run.results),
  }
}
