import { createBlock } from '@ethereumjs/block'
import { createFeeMarket1559Tx } from '@ethereumjs/tx'
import { bytesToHex, createAddressFromString, hexToBytes } from '@ethereumjs/util'
import { createVM, runTx } from '@ethereumjs/vm'
import { BaseError } from '../primitives/Errors.ts'
import type * as TracePack from '../trace/TracePack.ts'
import * as Capture from './Capture.ts'
import * as Genesis from './Genesis.ts'
import * as JumpCache from './JumpCache.ts'
import type * as State from './State.ts'

/** One transaction as plain data: everything an executor needs, with the sender already known. */
export type Tx = {
  readonly txIndex: number
  /** Hash of the signed transaction (signed once at generation; execution never recovers senders). */
  readonly hash: string
  /** What the generator meant it to do (`erc20`, `swap`, …); informational. */
  readonly kind: string
  readonly from: string
  /** `null` = contract creation. */
  readonly to: string | null
  readonly value: bigint
  readonly nonce: bigint
  readonly gasLimit: bigint
  readonly maxFeePerGas: bigint
  readonly maxPriorityFeePerGas: bigint
  /** Calldata (or init code), `0x`-prefixed hex. */
  readonly data: string
}

/** Outcome of one transaction. `gasUsed` is the receipt's gas (cumulative minus previous). */
export type TxResult = {
  readonly txIndex: number
  readonly gasUsed: bigint
  readonly status: 'success' | 'revert' | 'halt'
  /** EVM error text for `revert` / `halt`, else null. */
  readonly error: string | null
  /** Return data (hex); for a creation, the new contract's address. */
  readonly output: string
  /** Captured accesses, or null when `capture: 'none'`. */
  readonly accesses: readonly TracePack.Access[] | null
}

/** The result of running a block: per-tx results in tx order plus the committed post-state. */
export type Result = {
  readonly results: readonly TxResult[]
  readonly totalGasUsed: bigint
  /** Post-state as plain genesis data (same env), ready to run the next block on. */
  readonly postState: Genesis.Genesis
  /** Merkle-Patricia state root of `postState`, or null when `stateRoot: 'skip'`. */
  readonly stateRoot: string | null
  /**
   * Time of the transaction loop only (not building the state from the genesis, not dumping the
   * post-state), from the injected clock. A timing: never part of any hash.
   */
  readonly executionNs: bigint
}

/**
 * Runs `txs` in order, in one block, on a fresh ethereumjs VM built over `genesis`.
 * @example
 * const { results, stateRoot } = await Execute.run(genesis, txs, { capture: 'accesses' })
 */
export async function run(
  genesis: Genesis.Genesis,
  txs: readonly Tx[],
  options: run.Options = {},
): Promise<Result> {
  const {
    capture = 'none',
    stateRoot = 'merkle',
    createStateManager = Genesis.toStateManager,
    clock = () => performance.now(),
  } = options
  await JumpCache.install()
  const common = Genesis.toCommon(genesis.env)
  const stateManager = await createStateManager(genesis)
  const vm = await createVM({ common, stateManager })
  const block = blockOf(genesis.env, common)
  const recorder = capture === 'accesses' ? Capture.attach(vm, genesis.env.coinbase) : undefined
  const results: TxResult[] = []
  let cumulative = 0n
  const started = clock()
  for (const tx of txs) {
    recorder?.begin()
    const built = buildTx(tx, common)
    let outcome: Awaited<ReturnType<typeof runTx>>
    try {
      outcome = await runTx(vm, {
        tx: built,
        block,
        blockGasUsed: cumulative,
        skipBlockGasLimitValidation: true,
      })
    } catch (err) {
      throw new BaseError(
        `transaction ${tx.txIndex} (${tx.kind}) is invalid: ${(err as Error).message}`,
        {
          code: 'EVM_REPLAY_FAILED',
          cause: err,
        },
      )
    }
    const receiptGas = outcome.receipt.cumulativeBlockGasUsed
    const error = outcome.execResult.exceptionError?.error ?? null
    results.push({
      txIndex: tx.txIndex,
      gasUsed: receiptGas - cumulative,
      status: error === null ? 'success' : error === 'revert' ? 'revert' : 'halt',
      error,
      output: outcome.createdAddress
        ? outcome.createdAddress.toString()
        : bytesToHex(outcome.execResult.returnValue),
      accesses: recorder ? await recorder.end() : null,
    })
    cumulative = receiptGas
  }
  const executionNs = BigInt(Math.max(Math.round((clock() - started) * 1e6), 1))
  const postState = Genesis.fromStateManager(genesis.env, stateManager)
  return {
    results,
    totalGasUsed: cumulative,
    executionNs,
    postState,
    stateRoot: stateRoot === 'merkle' ? await Genesis.stateRoot(postState) : null,
  }
}

export declare namespace run {
  type Options = {
    /** `accesses`: record per-tx accesses (step hook + state wrapper); `none`: plain execution. */
    readonly capture?: 'accesses' | 'none'
    /** `merkle`: compute the post-state root; `skip`: leave it null (benchmarks). */
    readonly stateRoot?: 'merkle' | 'skip'
    /** The seam for other state backends (e.g. a multi-version memory); default `State.create`. */
    readonly createStateManager?: (genesis: Genesis.Genesis) => Promise<State.Backend>
    /** Milliseconds clock used for `executionNs` (default `performance.now`). */
    readonly clock?: () => number
  }
}

/** Builds the ethereumjs transaction with its sender pinned (no signature recovery at run time). */
export function buildTx(tx: Tx, common: ReturnType<typeof Genesis.toCommon>) {
  const built = createFeeMarket1559Tx(txData(tx, common.chainId()), { common, freeze: false })
  const sender = createAddressFromString(tx.from)
  built.getSenderAddress = () => sender
  return built
}

/** The ethereumjs EIP-1559 field set of a plain transaction. */
export function txData(tx: Omit<Tx, 'txIndex' | 'kind' | 'hash'>, chainId: bigint) {
  return {
    chainId,
    nonce: tx.nonce,
    gasLimit: tx.gasLimit,
    maxFeePerGas: tx.maxFeePerGas,
    maxPriorityFeePerGas: tx.maxPriorityFeePerGas,
    value: tx.value,
    data: hexToBytes(tx.data as `0x${string}`),
    ...(tx.to === null ? {} : { to: createAddressFromString(tx.to) }),
  }
}

/** The ethereumjs block (header only) every transaction of a run executes in. */
export function blockOf(env: Genesis.Env, common: ReturnType<typeof Genesis.toCommon>) {
  const header = {
    number: env.number,
    timestamp: env.timestamp,
    coinbase: createAddressFromString(env.coinbase),
    gasLimit: env.gasLimit,
    baseFeePerGas: env.baseFeePerGas,
  }
  return createBlock({ header }, { common })
}
