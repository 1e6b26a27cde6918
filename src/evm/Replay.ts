import { BaseError } from '../primitives/Errors.ts'
import type * as ReplayPack from '../trace/ReplayPack.ts'
import * as BlockStm from './blockstm/BlockStm.ts'
import type { Pool } from './blockstm/BlockStmPool.ts'
import * as Chain from './Chain.ts'
import * as Execute from './Execute.ts'
import type * as Genesis from './Genesis.ts'
import type * as Pack from './Pack.ts'
import * as Receipts from './Receipts.ts'
import * as ReplayParallel from './ReplayParallel.ts'
import * as SystemCalls from './SystemCalls.ts'

/**
 * Offline replay of a real block from a replay pack: the block's pre-state and transactions become
 * a plain genesis and transaction list (with the chain's own changes before the first transaction:
 * the DAO fork's balance moves, the beacon-root system call), any engine runs them, and the result
 * is checked against the block's header: gas used, logs bloom and, from Byzantium on, the
 * receipts root.
 */

/** The verdict of one header check. */
export type Check = 'match' | 'mismatch' | 'n/a'

/** What the replay checks against the header, and the values it computed. */
export type Verdict = {
  readonly checks: {
    readonly gasUsed: Check
    readonly logsBloom: Check
    readonly receiptsRoot: Check
  }
  readonly computed: {
    readonly gasUsed: bigint
    readonly logsBloom: string
    /** Null before Byzantium (receipts held intermediate state roots then). */
    readonly receiptsRoot: string | null
  }
}

/** A block ready to execute: its pre-state (after the pre-block changes) and its transactions. */
export type Input = {
  readonly header: ReplayPack.Header
  readonly genesis: Genesis.Genesis
  readonly txs: readonly Execute.Tx[]
  /** What the replay did or could not do beyond the transactions (system calls, withdrawals). */
  readonly notes: readonly string[]
}

/** The pack-wide context a block needs: its chain and the known block hashes. */
export type Context = {
  readonly manifest: ReplayPack.Manifest
  readonly blockHashes: ReadonlyMap<number, string>
}

/**
 * Turns a replay-pack block into an execution input: `base` (the block's environment and
 * pre-state), then the pre-block system changes.
 */
export function input(block: ReplayPack.Block, context: Context): Input {
  const { header } = block
  const pre = SystemCalls.preBlock(base(block, context), header)
  const txs = block.transactions.map((tx): Execute.Tx => ({ ...tx, kind: 'chain' }))
  return { header, genesis: pre.genesis, txs, notes: pre.notes }
}

/**
 * A replay-pack block's state before anything happens in it: the hardfork (the manifest's, or
 * mainnet's by number and timestamp), the header fields execution reads, the hashes BLOCKHASH may
 * ask for (the pack's and the parent hash), and the pre-state as the pack gives it.
 */
export function base(block: ReplayPack.Block, context: Context): Genesis.Genesis {
  const { header } = block
  const number = BigInt(header.number)
  const hardfork = context.manifest.hardfork ?? Chain.mainnetHardfork(number, header.timestamp)
  const env: Genesis.Env = {
    hardfork,
    chainId: context.manifest.chainId,
    number,
    timestamp: header.timestamp,
    coinbase: header.coinbase,
    gasLimit: header.gasLimit,
    baseFeePerGas: header.baseFeePerGas,
    difficulty: header.difficulty,
    prevRandao: header.mixHash,
    excessBlobGas: header.excessBlobGas,
    blockHashes: hashesFor(header, context.blockHashes),
  }
  const accounts = block.preState.map(
    (a): Genesis.Account => ({
      address: a.address,
      balance: a.balance,
      nonce: a.nonce,
      code: a.code ?? '0x',
      ...(a.code === null && a.codeHash !== null ? { missingCodeHash: a.codeHash } : {}),
      storage: a.storage.filter((s) => BigInt(s.value) !== 0n),
    }),
  )
  return { env, accounts }
}

/** BLOCKHASH's window (the 256 blocks before `header`) from the pack, plus the parent hash. */
function hashesFor(
  header: ReplayPack.Header,
  known: ReadonlyMap<number, string>,
): Genesis.Env['blockHashes'] {
  const parent = header.number - 1
  const stated = known.get(parent)
  if (parent >= 0 && stated !== undefined && stated !== header.parentHash)
    throw new BaseError(
      `block ${header.number}: block_hashes.json gives block ${parent} the hash ${stated}, the header's parentHash is ${header.parentHash}`,
      { code: 'REPLAY_PACK_INVALID' },
    )
  const out: { number: bigint; hash: string }[] = []
  for (let n = Math.max(header.number - 256, 0); n < parent; n++) {
    const hash = known.get(n)
    if (hash !== undefined) out.push({ number: BigInt(n), hash })
  }
  if (parent >= 0) out.push({ number: BigInt(parent), hash: header.parentHash })
  return out
}

/** The result of replaying one block with the sequential engine (and any parallel runs). */
export type Replayed = {
  readonly input: Input
  readonly result: Execute.Result
  readonly verdict: Verdict
  /** The input's notes plus the post-block ones (withdrawals). */
  readonly notes: readonly string[]
  /** Parallel runs of the block compared with this replay (`threads`); empty when none asked. */
  readonly parallel: readonly ReplayParallel.Parallel[]
}

/**
 * Replays one block sequentially (post-state root not computed: the pre-state is partial),
 * applies the withdrawals it can to the post-state, and checks the header. With a `pool`, the
 * sequential replay runs on its first worker (the conditions Block-STM runs in), and Block-STM
 * then runs the block at each of `threads` and is compared with it.
 * @example const { verdict } = await Replay.run(block, { manifest, blockHashes })
 */
export async function run(
  block: ReplayPack.Block,
  context: Context,
  options: run.Options = {},
): Promise<Replayed> {
  const { pool, threads = [], planner, instrument, clock, ...portable } = options
  const prepared = input(block, context)
  const { genesis, txs } = prepared
  const here = pool === undefined || instrument !== undefined
  const executed = here
    ? await Execute.run(genesis, txs, { ...options, stateRoot: 'skip' })
    : await BlockStm.sequential(genesis, txs, { ...portable, pool, stateRoot: 'skip' })
  const post = SystemCalls.postBlock(executed.postState, prepared.header)
  const verdict = await check(prepared, executed.results)
  const parallel =
    pool === undefined || threads.length === 0
      ? []
      : await ReplayParallel.blockStm(
          prepared,
          { results: executed.results, post: post.genesis },
          { pool, threads, ...(planner === undefined ? {} : { planner }) },
        )
  return {
    input: prepared,
    result: { ...executed, postState: post.genesis },
    verdict,
    notes: [...prepared.notes, ...post.notes],
    parallel,
  }
}

export declare namespace run {
  type Options = Pick<
    Execute.run.Options,
    'capture' | 'clock' | 'verifySignatures' | 'instrument'
  > & {
    /**
     * EVM workers to replay on (the sequential replay on the first); default: this thread, which
     * `instrument` needs (a function cannot cross to a worker).
     */
    readonly pool?: Pool
    /** Block-STM thread counts to run and compare (needs `pool`, as large as the largest). */
    readonly threads?: readonly number[]
    /** `false`: Block-STM runs whatever its plan says (`BlockStm.plan`); default true. */
    readonly planner?: boolean
  }
}

/** Checks per-transaction results (from any engine) against the input's header. */
export async function check(
  prepared: Input,
  results: readonly Execute.TxResult[],
): Promise<Verdict> {
  const { header } = prepared
  const gasUsed = results.reduce((sum, r) => sum + r.gasUsed, 0n)
  const { logsBloom, receiptsRoot } = await Receipts.commit(
    results,
    prepared.txs.map((t) => t.type),
    { receiptsRoot: Chain.atLeast(prepared.genesis.env.hardfork, 'byzantium') },
  )
  const verdict = (ok: boolean): Check => (ok ? 'match' : 'mismatch')
  return {
    checks: {
      gasUsed: verdict(gasUsed === header.gasUsed),
      logsBloom: verdict(logsBloom === header.logsBloom),
      receiptsRoot: receiptsRoot === null ? 'n/a' : verdict(receiptsRoot === header.receiptsRoot),
    },
    computed: { gasUsed, logsBloom, receiptsRoot },
  }
}

/** The names reports give the checks (the JSON report's keys). */
export const checkNames = {
  gasUsed: 'gas_used',
  logsBloom: 'logs_bloom',
  receiptsRoot: 'receipts_root',
} as const

/** The report names of the checks that did not match, in check order. */
export function mismatches(verdict: Verdict): string[] {
  return (Object.keys(checkNames) as (keyof Verdict['checks'])[])
    .filter((key) => verdict.checks[key] === 'mismatch')
    .map((key) => checkNames[key])
}

/** One block's outcome in a replay run: what reports and trace packs need, nothing more. */
export type Outcome = {
  readonly number: number
  readonly hash: string
  readonly hardfork: string
  readonly txs: number
  readonly headerGasUsed: bigint
  readonly verdict: Verdict
  /** The report names of the checks that did not match (`gas_used`, …); empty when it matched. */
  readonly mismatches: readonly string[]
  readonly notes: readonly string[]
  /** Transaction loop time (a timing: never part of any hash). */
  readonly executionNs: bigint
  /** The block with its captured accesses, when the run captured them. */
  readonly traced: Pack.ReplayedBlock | null
  /** Parallel runs compared with the sequential replay. */
  readonly parallel: readonly ReplayParallel.Parallel[]
}

/**
 * Replays `numbers` of an opened pack one block at a time (memory grows with the largest block),
 * yielding each block's outcome as soon as it is checked. `read` loads and validates a block.
 * @example for await (const o of Replay.each(pack, pack.numbers, (n) => ReplayDir.readBlock(pack, n))) …
 */
export async function* each(
  context: Context,
  numbers: readonly number[],
  read: (n: number) => ReplayPack.Block,
  options: run.Options = {},
): AsyncGenerator<Outcome> {
  for (const n of numbers) yield outcome(await run(read(n), context, options), options.capture)
}

/** A replayed block's outcome (`capture`: the option it was replayed with). */
export function outcome(replayed: Replayed, capture: run.Options['capture']): Outcome {
  const { header, txs } = replayed.input
  const { verdict, result } = replayed
  const failed = mismatches(verdict)
  return {
    number: header.number,
    hash: header.hash,
    hardfork: replayed.input.genesis.env.hardfork,
    txs: txs.length,
    headerGasUsed: header.gasUsed,
    verdict,
    mismatches: failed,
    notes: replayed.notes,
    executionNs: result.executionNs,
    parallel: replayed.parallel,
    traced:
      capture === 'accesses' ? { header, txs, results: result.results, mismatches: failed } : null,
  }
}
