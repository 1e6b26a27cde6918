import { createBlock } from '@ethereumjs/block'
import type { Common } from '@ethereumjs/common'
import { createTx, type TypedTransaction, type TypedTxData } from '@ethereumjs/tx'
import {
  bytesToHex,
  createAddressFromPublicKey,
  createAddressFromString,
  hexToBytes,
} from '@ethereumjs/util'
import { createVM, runTx, type VM } from '@ethereumjs/vm'
import { BaseError } from '../primitives/Errors.ts'
import type * as TracePack from '../trace/TracePack.ts'
import type * as Transaction from '../trace/Transaction.ts'
import * as Capture from './Capture.ts'
import * as Chain from './Chain.ts'
import * as Genesis from './Genesis.ts'
import * as JumpCache from './JumpCache.ts'
import type * as State from './State.ts'

/**
 * One transaction as plain data: a signed (or, for generated blocks, unsigned) transaction of any
 * type, with the sender already known, and what it is for.
 */
export type Tx = Transaction.Transaction & {
  /** What the generator meant it to do (`erc20`, `swap`, …), or `chain` for real blocks; informational. */
  readonly kind: string
}

/** One receipt log, plain hex. */
export type Log = {
  readonly address: string
  readonly topics: readonly string[]
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
  /** The receipt's logs, in order. */
  readonly logs: readonly Log[]
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
   * Time of the transaction loop only (not building the state from the genesis or the
   * transactions, not dumping the post-state), from the injected clock. A timing: never part of
   * any hash.
   */
  readonly executionNs: bigint
}

/**
 * Runs `txs` in order, in one block, on a fresh ethereumjs VM built over `genesis` under its
 * environment's rules. Transactions are built (and, with `verifySignatures`, their senders
 * recovered and compared) before the clock starts.
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
    verifySignatures = false,
  } = options
  const machine = await prepare(genesis, createStateManager)
  const { vm, block, common } = machine
  const built = options.built ?? txs.map((tx) => buildTx(tx, common, { verifySignatures }))
  if (built.length !== txs.length)
    throw new RangeError(`run got ${built.length} built transactions for ${txs.length}`)
  if (options.built !== undefined && verifySignatures)
    for (const [i, tx] of txs.entries()) checkSender(tx, built[i] as TypedTransaction)
  const recorder = capture === 'accesses' ? Capture.attach(vm, genesis.env.coinbase) : undefined
  const instrument = options.instrument?.(vm)
  const results: TxResult[] = []
  let cumulative = 0n
  const started = clock()
  for (const [i, tx] of txs.entries()) {
    recorder?.begin()
    instrument?.begin(i)
    let outcome: Awaited<ReturnType<typeof runTx>>
    try {
      outcome = await runTx(vm, {
        tx: built[i] as TypedTransaction,
        block,
        blockGasUsed: cumulative,
        skipBlockGasLimitValidation: true,
        skipHardForkValidation: true,
      })
    } catch (err) {
      throw rejected(tx, genesis.env, err)
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
      logs: logsOf(outcome.receipt),
      accesses: recorder ? await recorder.end() : null,
    })
    await instrument?.end(i)
    cumulative = receiptGas
  }
  const executionNs = BigInt(Math.max(Math.round((clock() - started) * 1e6), 1))
  const postState = Genesis.fromStateManager(genesis.env, machine.stateManager)
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
    /** `merkle`: compute the post-state root; `skip`: leave it null (benchmarks, partial states). */
    readonly stateRoot?: 'merkle' | 'skip'
    /** The seam for other state backends (e.g. a multi-version memory); default `State.create`. */
    readonly createStateManager?: (genesis: Genesis.Genesis) => Promise<State.Backend>
    /** Milliseconds clock used for `executionNs` (default `performance.now`). */
    readonly clock?: () => number
    /** Recover every signed transaction's sender and require it to equal `from`. */
    readonly verifySignatures?: boolean
    /**
     * `txs` already built (`buildTx`, in order), so a caller that runs one block many times (a
     * benchmark's baseline) builds them once, outside every run, as Block-STM's executors do.
     */
    readonly built?: readonly TypedTransaction[]
    /**
     * Extra per-transaction instrumentation, attached once the VM exists (e.g. `BalRecord.into`):
     * `begin(position)` before each transaction, `end(position)` after it.
     */
    readonly instrument?: (vm: VM) => {
      readonly begin: (position: number) => void
      readonly end: (position: number) => Promise<void>
    }
  }
}

/** A receipt's logs as plain hex. */
export function logsOf(receipt: Awaited<ReturnType<typeof runTx>>['receipt']): Log[] {
  return receipt.logs.map(([address, topics, data]) => ({
    address: bytesToHex(address),
    topics: topics.map((t) => bytesToHex(t)),
    data: bytesToHex(data),
  }))
}

/** A VM over a fresh state for `genesis`, its block and rules (KZG loaded when the rules need it). */
async function prepare(
  genesis: Genesis.Genesis,
  createStateManager: (genesis: Genesis.Genesis) => Promise<State.Backend>,
) {
  await JumpCache.install()
  const common = await Chain.common(genesis.env)
  const stateManager = await createStateManager(genesis)
  const vm = await createVM({ common, stateManager, blockchain: Chain.blockchain(genesis.env) })
  return { vm, common, stateManager, block: blockOf(genesis.env, common) }
}

/** The error for a transaction `runTx` threw on: ours pass through, ethereumjs's name the tx. */
function rejected(tx: Tx, env: Genesis.Env, err: unknown): BaseError {
  if (err instanceof BaseError) return err
  return new BaseError(
    `block ${env.number} transaction ${tx.txIndex} (${tx.kind}) is invalid: ${(err as Error).message}`,
    { code: 'EVM_REPLAY_FAILED', cause: err },
  )
}

/**
 * Builds the ethereumjs transaction with its sender pinned to `tx.from` (no signature recovery at
 * run time). With `verifySignatures`, the sender is first recovered from the signature and must
 * equal `tx.from`.
 */
export function buildTx(
  tx: Tx,
  common: Common,
  options: { readonly verifySignatures?: boolean } = {},
): TypedTransaction {
  let built: TypedTransaction
  try {
    built = createTx(txData(tx), { common, freeze: false })
  } catch (err) {
    throw new BaseError(
      `transaction ${tx.txIndex} (${tx.hash}) cannot be built: ${(err as Error).message}`,
      { code: 'EVM_REPLAY_FAILED', cause: err },
    )
  }
  if (options.verifySignatures === true) checkSender(tx, built)
  const sender = createAddressFromString(tx.from)
  built.getSenderAddress = () => sender
  return built
}

/**
 * Recovers the sender of a signed transaction from its signature and requires it to equal
 * `tx.from` (a transaction built by `buildTx` reports `from` itself, so this recovers anew).
 */
function checkSender(tx: Tx, built: TypedTransaction): void {
  if (tx.signature === null) return
  let recovered: string
  try {
    recovered = createAddressFromPublicKey(built.getSenderPublicKey()).toString()
  } catch (err) {
    throw new BaseError(
      `transaction ${tx.txIndex} (${tx.hash}): the signature does not recover a sender: ${(err as Error).message}`,
      { code: 'EVM_REPLAY_FAILED', cause: err },
    )
  }
  if (recovered !== tx.from.toLowerCase())
    throw new BaseError(
      `transaction ${tx.txIndex} (${tx.hash}): the signature recovers ${recovered}, the block says from ${tx.from}`,
      { code: 'EVM_REPLAY_FAILED' },
    )
}

/** The ethereumjs field set of a plain transaction (any type). */
export function txData(tx: Transaction.Transaction): TypedTxData {
  const hex = (v: bigint) => `0x${v.toString(16)}` as `0x${string}`
  const signature = tx.signature === null ? {} : tx.signature
  const common = {
    type: tx.type,
    nonce: tx.nonce,
    gasLimit: tx.gasLimit,
    value: tx.value,
    data: hexToBytes(tx.data as `0x${string}`),
    ...(tx.to === null ? {} : { to: createAddressFromString(tx.to) }),
    ...signature,
  }
  if (tx.type === 0) return { ...common, gasPrice: tx.gasPrice ?? 0n }
  const accessList = tx.accessList.map((a) => ({
    address: a.address as `0x${string}`,
    storageKeys: a.storageKeys as `0x${string}`[],
  }))
  const typed = { ...common, chainId: tx.chainId ?? 1n, accessList }
  if (tx.type === 1) return { ...typed, gasPrice: tx.gasPrice ?? 0n }
  const fees = {
    ...typed,
    maxFeePerGas: tx.maxFeePerGas ?? 0n,
    maxPriorityFeePerGas: tx.maxPriorityFeePerGas ?? 0n,
  }
  if (tx.type === 2) return fees
  if (tx.type === 3)
    return {
      ...fees,
      maxFeePerBlobGas: tx.maxFeePerBlobGas ?? 0n,
      blobVersionedHashes: tx.blobVersionedHashes as `0x${string}`[],
    }
  return {
    ...fees,
    authorizationList: tx.authorizationList.map((a) => ({
      chainId: hex(a.chainId),
      address: a.address as `0x${string}`,
      nonce: hex(a.nonce),
      yParity: hex(a.yParity),
      r: hex(a.r),
      s: hex(a.s),
    })),
  }
}

/** The ethereumjs block (header only) every transaction of a run executes in. */
export function blockOf(env: Genesis.Env, common: Common) {
  const header = {
    number: env.number,
    timestamp: env.timestamp,
    coinbase: createAddressFromString(env.coinbase),
    gasLimit: env.gasLimit,
    difficulty: env.difficulty,
    ...(env.prevRandao === null ? {} : { mixHash: hexToBytes(env.prevRandao as `0x${string}`) }),
    ...(env.baseFeePerGas === null ? {} : { baseFeePerGas: env.baseFeePerGas }),
    ...(env.excessBlobGas === null ? {} : { excessBlobGas: env.excessBlobGas }),
  }
  try {
    return createBlock({ header }, { common, skipConsensusFormatValidation: true })
  } catch (err) {
    throw new BaseError(
      `block ${env.number}: ethereumjs cannot build its header under ${env.hardfork}: ${(err as Error).message}`,
      { code: 'EVM_REPLAY_FAILED', cause: err },
    )
  }
}
