import type { createBlock } from '@ethereumjs/block'
import type { Common } from '@ethereumjs/common'
import type { TypedTransaction } from '@ethereumjs/tx'
import { bytesToHex } from '@ethereumjs/util'
import { createVM, runTx, type VM } from '@ethereumjs/vm'
import type { ErrorCode } from '../../primitives/Errors.ts'
import type * as Key from '../../trace/Key.ts'
import * as Chain from '../Chain.ts'
import * as Execute from '../Execute.ts'
import type * as Genesis from '../Genesis.ts'
import * as JumpCache from '../JumpCache.ts'
import * as BalanceWatch from './BalanceWatch.ts'
import * as BlockStmBase from './BlockStmBase.ts'
import type { Read, Update, Value } from './BlockStmMemory.ts'
import * as Mv from './BlockStmMemory.ts'
import * as BlockStmState from './BlockStmState.ts'
import * as JumpPoll from './JumpPoll.ts'

/** Coordinator → worker: load the block (genesis and txs) and start from an empty memory. */
export type LoadMessage = {
  readonly type: 'load'
  /** `BlockStmBase.encode(genesis, txs)`: one string, cheap to post to every worker. */
  readonly block: string
}

/**
 * Leader → remote: apply `updates` to the replica, then execute incarnation `inc` of `tx`. The
 * first task of a new run (a new `epoch`) empties the replica first, so a loaded block serves many
 * runs; its `updates` start from the beginning of that run's log.
 */
export type ExecuteMessage = {
  readonly type: 'execute'
  readonly tx: number
  readonly inc: number
  readonly updates: readonly Update[]
  /** The leader's run number, echoed with the reply. */
  readonly epoch: number
}

/** The outcome of one incarnation. `blocking` ≥ 0: it read an ESTIMATE of that tx (no effects). */
export type Executed = {
  readonly type: 'executed'
  readonly tx: number
  readonly inc: number
  readonly blocking: number
  readonly reads: readonly (readonly [Key.Id, Read])[]
  readonly writes: readonly (readonly [Key.Id, Value])[]
  readonly gasUsed: bigint
  readonly status: Execute.TxResult['status']
  readonly error: string | null
  readonly output: string
  readonly logs: readonly Execute.Log[]
  /** runTx rejected the tx (nonce, balance…): final only if the reads survive validation. */
  readonly invalid: string | null
  /** Why this block cannot run lazily (the coordinator then falls back to sequential), or null. */
  readonly unsupported: string | null
}

/** Worker → coordinator. */
export type Reply =
  | { readonly type: 'loaded' }
  | Executed
  | { readonly type: 'error'; readonly message: string; readonly code?: ErrorCode }

/** Every message a worker accepts. */
type Request = LoadMessage | ExecuteMessage

export type Loaded = {
  /** The run whose memory the replica holds (a remote's; the leader clears its own per run). */
  epoch: number
  readonly genesis: Genesis.Genesis
  readonly common: Common
  readonly block: ReturnType<typeof createBlock>
  readonly txs: readonly Execute.Tx[]
  /** The ethereumjs transactions, built once at load (never inside a run's clock). */
  readonly built: readonly TypedTransaction[]
  readonly base: BlockStmBase.Base
  readonly memory: Mv.Memory
  vm: VM
  view: BlockStmState.View
  /**
   * Set by the leader while it runs a block: called at each state read of its own executions
   * (and at each JUMPDEST, `JumpPoll`), so it settles remote replies and hands out tasks while a
   * long transaction of its own runs (the remote would otherwise wait for it).
   */
  poll: (() => void) | undefined
}

/** One worker's executor (its whole logic, testable in-process): own VM, own memory replica. */
export type Executor = { loaded: Loaded | undefined }

/** A fresh executor with nothing loaded. */
export function create(): Executor {
  return { loaded: undefined }
}

/** Handles one request (a remote worker: its memory is a replica kept current by `updates`). */
export async function handle(executor: Executor, request: Request): Promise<Reply> {
  if (request.type === 'load') {
    await loadInto(executor, request.block)
    return { type: 'loaded' }
  }
  const s = executor.loaded
  if (s === undefined) return { type: 'error', message: 'execute before load' }
  if (request.epoch !== s.epoch) {
    Mv.clear(s.memory)
    s.epoch = request.epoch
  }
  for (const update of request.updates) Mv.apply(s.memory, update)
  const reply = await execute(s, request.tx, request.inc)
  // Applies this incarnation's record to the replica now, exactly as the leader will (it records
  // every unblocked outcome), so a task queued behind this one sees these writes. The leader never
  // sends a remote its own records back.
  if (reply.type === 'executed' && reply.blocking < 0)
    Mv.apply(s.memory, { type: 'record', tx: reply.tx, inc: reply.inc, writes: reply.writes })
  return reply
}

/** Decodes `block` and makes it the executor's block (its memory starts empty). */
async function loadInto(executor: Executor, block: string): Promise<void> {
  const { genesis, txs } = BlockStmBase.decode(block)
  executor.loaded = await load(genesis, txs)
}

/**
 * Executes incarnation `inc` of `tx` against the executor's memory as it is now; the memory is not
 * changed (the caller records the outcome).
 */
export async function execute(s: Loaded, index: number, inc: number): Promise<Reply> {
  const tx = s.txs[index]
  if (tx === undefined) return { type: 'error', message: `no transaction at index ${index}` }
  s.view = BlockStmState.view(index, tx.from)
  const v = s.view
  let outcome: Awaited<ReturnType<typeof runTx>> | undefined
  let invalid: string | null = null
  try {
    outcome = await runTx(s.vm, {
      tx: s.built[index] as TypedTransaction,
      block: s.block,
      blockGasUsed: 0n,
      skipBlockGasLimitValidation: true,
    })
  } catch (err) {
    if (v.blocking < 0)
      invalid = `transaction ${tx.txIndex} (${tx.kind}) is invalid: ${(err as Error).message}`
  }
  // A run cut short by a blocked read or a rejected tx may leave the EVM journal mid-checkpoint.
  if (outcome === undefined || v.blocking >= 0) s.vm = await machine(s)
  const reads = [...v.reads]
  // Each reply is one object literal: spreading a shared part into both (`{ ...common, … }`) made
  // this function about 5 ms of every 300 ms run of block 14029313 at 1 thread (profiles).
  if (v.blocking >= 0 || outcome === undefined) {
    const blocked = v.blocking >= 0
    return {
      type: 'executed',
      tx: index,
      inc,
      reads,
      blocking: v.blocking,
      writes: [],
      gasUsed: 0n,
      status: 'halt',
      error: null,
      output: '0x',
      logs: [],
      invalid: blocked ? null : invalid,
      unsupported: v.unsupported,
    }
  }
  const error = outcome.execResult.exceptionError?.error ?? null
  return {
    type: 'executed',
    tx: index,
    inc,
    reads,
    blocking: -1,
    writes: BlockStmState.effects(v),
    gasUsed: outcome.receipt.cumulativeBlockGasUsed,
    status: error === null ? 'success' : error === 'revert' ? 'revert' : 'halt',
    error,
    output: outcome.createdAddress
      ? outcome.createdAddress.toString()
      : bytesToHex(outcome.execResult.returnValue),
    logs: Execute.logsOf(outcome.receipt),
    invalid: null,
    unsupported: v.unsupported,
  }
}

async function load(genesis: Genesis.Genesis, txs: readonly Execute.Tx[]): Promise<Loaded> {
  const common = await Chain.common(genesis.env)
  const env = genesis.env
  const block = Execute.blockOf(env, common)
  await JumpCache.install()
  // The leader's polls at jump destinations (it sets the poll for its runs only). Installed before
  // this worker creates any EVM: each copies the table of opcode handlers when it is created.
  await JumpPoll.install()
  const partial: Omit<Loaded, 'vm'> = {
    epoch: 0,
    genesis,
    common,
    block,
    txs,
    built: txs.map((tx) => Execute.buildTx(tx, common)),
    base: BlockStmBase.create(genesis),
    memory: Mv.create(),
    view: BlockStmState.view(0, '0x'),
    poll: undefined,
  }
  // The same object throughout: the state manager reads `view` from it as execution moves on.
  return Object.assign(partial, { vm: await machine(partial) })
}

/**
 * A VM over the Block-STM state manager, its interpreter telling the state which balances
 * execution depends on (`BalanceWatch`).
 */
async function machine(s: Omit<Loaded, 'vm'>): Promise<VM> {
  await BalanceWatch.install()
  const state = BlockStmState.create(
    s.base,
    s.memory,
    () => s.view,
    () => s.poll?.(),
  )
  const vm = await createVM({
    common: s.common,
    stateManager: state.manager,
    blockchain: Chain.blockchain(s.genesis.env),
  })
  BalanceWatch.attach(vm.evm, state.watcher)
  return vm
}
