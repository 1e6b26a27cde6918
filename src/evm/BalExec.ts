import type { TypedTransaction } from '@ethereumjs/tx'
import { bytesToHex } from '@ethereumjs/util'
import { createVM, runTx } from '@ethereumjs/vm'
import type { ErrorCode } from '../primitives/Errors.ts'
import * as Bal from '../trace/Bal.ts'
import * as BalApply from './BalApply.ts'
import * as BalRecord from './BalRecord.ts'
import * as Chain from './Chain.ts'
import * as Execute from './Execute.ts'
import * as Genesis from './Genesis.ts'
import * as JumpCache from './JumpCache.ts'
import type * as State from './State.ts'

/**
 * One BAL-parallel worker (its whole logic, testable in-process): its own ethereumjs VM over the
 * block's pre-state. Transactions come from a shared counter, so each worker runs an increasing
 * sequence of them: before transaction p (block access index p + 1) it applies the BAL's
 * post-values of the indices it has not applied yet, up to p, then runs the transaction inside a
 * checkpoint, records its writes (`BalRecord`), compares them with the BAL's entries for p + 1,
 * and reverts. No transaction waits for another.
 */
export type Executor = { loaded: Loaded | undefined }

/** Coordinator → worker: the block and its BAL (plain data). */
export type LoadMessage = {
  readonly type: 'load'
  readonly genesis: Genesis.Genesis
  readonly txs: readonly Execute.Tx[]
  readonly bal: Bal.Bal
}

/**
 * Coordinator → worker: run transactions from `counter` (an Int32Array over a SharedArrayBuffer
 * whose element 0 is the next position) until every position is taken.
 */
export type RunMessage = { readonly type: 'run'; readonly counter: SharedArrayBuffer }

/** What one transaction did, and whether its writes are the BAL's. */
export type Outcome = {
  readonly position: number
  readonly gasUsed: bigint
  readonly status: Execute.TxResult['status']
  readonly error: string | null
  readonly output: string
  readonly logs: readonly Execute.Log[]
  /** The first key whose write differs from the BAL's entry for this index, or null. */
  readonly mismatch: {
    readonly key: string
    readonly expected: string
    readonly actual: string
  } | null
  /** runTx refused the transaction on the BAL's state (nonce, balance…), or null. */
  readonly rejected: string | null
}

export type Reply =
  | { readonly type: 'loaded' }
  | { readonly type: 'ran'; readonly outcomes: readonly Outcome[] }
  | { readonly type: 'error'; readonly message: string; readonly code?: ErrorCode }

type Loaded = {
  readonly state: State.Backend
  readonly vm: Awaited<ReturnType<typeof createVM>>
  readonly block: ReturnType<typeof Execute.blockOf>
  readonly built: readonly TypedTransaction[]
  readonly byIndex: ReadonlyMap<number, readonly Bal.Write[]>
  readonly rules: BalApply.Rules
  readonly recorder: BalRecord.Recorder
  /** Highest block access index whose post-values the state holds (0: none beyond the base). */
  applied: number
  /** Set when runTx threw: its checkpoints may be unbalanced, so the next run reloads. */
  dirty: boolean
  readonly message: LoadMessage
}

/** A fresh executor. */
export function create(): Executor {
  return { loaded: undefined }
}

/** Handles one message (errors become `error` replies in the worker entry). */
export async function handle(
  executor: Executor,
  message: LoadMessage | RunMessage,
): Promise<Reply> {
  if (message.type === 'load') {
    executor.loaded = await load(message)
    return { type: 'loaded' }
  }
  if (executor.loaded?.dirty === true) executor.loaded = await load(executor.loaded.message)
  const loaded = executor.loaded
  if (loaded === undefined) return { type: 'error', message: 'run before load', code: 'INTERNAL' }
  return { type: 'ran', outcomes: await run(loaded, new Int32Array(message.counter)) }
}

/**
 * Builds the state, the VM and every transaction (untimed setup, like the sequential baseline's),
 * and opens the checkpoint each run starts from.
 */
async function load(message: LoadMessage): Promise<Loaded> {
  const { genesis, txs, bal } = message
  await JumpCache.install()
  const common = await Chain.common(genesis.env)
  const state = await Genesis.toStateManager(genesis)
  const vm = await createVM({
    common,
    stateManager: state,
    blockchain: Chain.blockchain(genesis.env),
  })
  const recorder = BalRecord.attach(vm)
  await state.checkpoint()
  return {
    state,
    vm,
    block: Execute.blockOf(genesis.env, common),
    built: txs.map((tx) => Execute.buildTx(tx, common)),
    byIndex: Bal.writesByIndex(bal),
    rules: BalApply.rules(genesis.env.hardfork),
    recorder,
    applied: 0,
    dirty: false,
    message,
  }
}

/** Takes positions from `counter` until none is left; every run starts from the pre-state. */
async function run(loaded: Loaded, counter: Int32Array): Promise<Outcome[]> {
  await loaded.state.revert()
  await loaded.state.checkpoint()
  loaded.applied = 0
  const outcomes: Outcome[] = []
  for (;;) {
    const position = Atomics.add(counter, 0, 1)
    if (position >= loaded.built.length) return outcomes
    outcomes.push(await execute(loaded, position))
  }
}

async function execute(loaded: Loaded, position: number): Promise<Outcome> {
  const { state, vm, block, recorder } = loaded
  for (let index = loaded.applied + 1; index <= position; index++)
    await BalApply.apply(state, loaded.byIndex.get(index) ?? [], loaded.rules)
  loaded.applied = Math.max(loaded.applied, position)
  const index = position + 1
  await state.checkpoint()
  recorder.begin(index)
  try {
    const outcome = await runTx(vm, {
      tx: loaded.built[position] as TypedTransaction,
      block,
      blockGasUsed: 0n,
      skipBlockGasLimitValidation: true,
      skipHardForkValidation: true,
    })
    const part = await recorder.end()
    const error = outcome.execResult.exceptionError?.error ?? null
    return {
      position,
      gasUsed: outcome.receipt.cumulativeBlockGasUsed,
      status: error === null ? 'success' : error === 'revert' ? 'revert' : 'halt',
      error,
      output: outcome.createdAddress
        ? outcome.createdAddress.toString()
        : bytesToHex(outcome.execResult.returnValue),
      logs: Execute.logsOf(outcome.receipt),
      mismatch: Bal.firstDifference(loaded.byIndex.get(index) ?? [], part.writes),
      rejected: null,
    }
  } catch (err) {
    loaded.dirty = true
    const rejected = err instanceof Error ? err.message : String(err)
    return {
      position,
      gasUsed: 0n,
      status: 'halt',
      error: null,
      output: '0x',
      logs: [],
      mismatch: null,
      rejected,
    }
  } finally {
    await state.revert()
  }
}
