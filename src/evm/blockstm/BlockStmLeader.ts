import { type MessagePort, receiveMessageOnPort } from 'node:worker_threads'
import type { SchedulerArrays as Shared } from '../../exec/blockstm/BlockStmLayout.ts'
import { CTRL_EXEC, CTRL_VAL, schedulerArrays } from '../../exec/blockstm/BlockStmLayout.ts'
import * as Scheduler from '../../exec/blockstm/BlockStmScheduler.ts'
import { BaseError } from '../../primitives/Errors.ts'
import * as Key from '../../trace/Key.ts'
import type * as Execute from '../Execute.ts'
import type {
  Executed,
  ExecuteMessage,
  Executor,
  Loaded,
  LoadMessage,
  Reply,
} from './BlockStmExec.ts'
import * as BlockStmExec from './BlockStmExec.ts'
import * as Mv from './BlockStmMemory.ts'
import * as JumpPoll from './JumpPoll.ts'

/** Main thread → worker 0 (the leader): run the loaded block on `threads` threads (itself included). */
export type RunMessage = {
  readonly type: 'run'
  readonly threads: number
  /** Deadlock watchdog: fail when no remote worker replies for this long while the leader waits. */
  readonly deadlineMs: number
}

/** Pool → worker, once, before any request: this worker's role and its channels. */
export type InitMessage =
  | {
      readonly type: 'init'
      readonly role: 'leader'
      readonly remotes: readonly MessagePort[]
      readonly ctrl: Int32Array
    }
  | {
      readonly type: 'init'
      readonly role: 'remote'
      readonly port: MessagePort
      readonly ctrl: Int32Array
    }

/** Main thread → worker 0: run the loaded block with the sequential executor (`Execute.run`). */
export type SequentialMessage = {
  readonly type: 'sequential'
  readonly options: Pick<Execute.run.Options, 'capture' | 'verifySignatures'>
}

/** Worker 0 → main thread: the sequential result (its post-state root not computed). */
export type SequentialReply = { readonly type: 'sequential-ran'; readonly result: Execute.Result }

/** Every request the main thread sends (each gets one reply, in order). */
export type WorkerRequest = LoadMessage | RunMessage | SequentialMessage

/** Every reply to the main thread. */
export type WorkerReply = Reply | RanReply | SequentialReply

/** Per-tx outcome of a finished run (the receipt fields of `Execute.TxResult`). */
export type Outcome = Pick<Execute.TxResult, 'gasUsed' | 'status' | 'error' | 'output' | 'logs'>

/** Worker 0 → main thread: the committed outcome of a run. */
export type RanReply = {
  readonly type: 'ran'
  readonly outcomes: readonly Outcome[]
  /** Each written key's final value (its highest writer's; balances folded), in key order. */
  readonly finals: readonly (readonly [Key.Id, Mv.Value])[]
  /** The first tx runTx rejected (after validation), or null. */
  readonly invalid: string | null
  /** Why the block cannot run lazily (the main thread then runs it sequentially), or null. */
  readonly unsupported: string | null
  readonly executions: number
  readonly validations: number
  readonly aborts: number
  readonly dependencyWaits: number
  /** From the first task to the committed final values, on the leader's clock (a timing). */
  readonly executionNs: bigint
}

/** Remote → leader: the reply to an execute message, tagged with that message's `epoch`. */
export type RemoteReply = readonly [epoch: number, reply: Reply]

/** Layout of the small shared control array between the leader, the remotes and the pool. */
export const BELL = 0
export const FAILED = 1
/** The latest run (epoch) the leader abandoned: a remote skips the tasks of that run still queued. */
export const ABANDONED = 2
export const LEADER_CTRL_SIZE = 3

/**
 * Tasks queued per remote worker: one running, two waiting. The leader settles replies between
 * its own executions and at their state reads (`poller`), so a remote needs a task or two in
 * reserve, not more (a deeper queue runs on staler replicas).
 */
const DEPTH = 3

/**
 * A transaction with at least this share of the block's gas limit may start before its turn, on a
 * remote (`early`): once its gas limit times the threads covers the gas limit of every transaction
 * from the execution index on, the work left would otherwise end with it running alone. On 11743952 the
 * remote idled the last 24–36 ms of 250–270 ms runs while the leader ran tx 195 (878,740 gas),
 * which the index reached 11 transactions before the end.
 */
const EARLY_SHARE = 0.01

/**
 * Block-STM's coordinator, run by worker 0 between and inside its own executions: the scheduler, the
 * authoritative multi-version memory (which its own executor reads directly) and validation.
 * Remote workers receive tasks with the memory updates they have not seen over their
 * `MessagePort`, reply over it and ring `ctrl[BELL]`; `epoch` numbers the leader's runs, so a
 * reply to a run that failed is never taken for one of this run; the leader drains replies with
 * `receiveMessageOnPort` (also at the state reads of its own executions, `poller`) and sleeps on
 * the bell (Atomics.wait) only when it has nothing to run.
 */
export async function lead(
  executor: Executor,
  remotes: readonly MessagePort[],
  ctrl: Int32Array,
  message: RunMessage,
  epoch: number,
): Promise<RanReply> {
  const started = performance.now()
  const run = start(executor, remotes, message.threads, epoch)
  run.loaded.poll = poller(run, ctrl)
  JumpPoll.start(run.loaded.poll)
  try {
    await coordinate(run, ctrl, message.deadlineMs)
  } finally {
    JumpPoll.stop()
    run.loaded.poll = undefined
  }
  // Stopped early (unsupported): the remotes drop what is still queued for this run.
  if (run.unsupported !== null) Atomics.store(ctrl, ABANDONED, epoch)
  return finish(run, started)
}

/** One run, as the leader sees it: the state every step below reads and updates. */
type Run = {
  readonly loaded: Loaded
  /** Transactions in the block. */
  readonly n: number
  readonly memory: Mv.Memory
  readonly sched: Shared
  /** The remotes this run uses (threads − 1 of them). */
  readonly ports: readonly MessagePort[]
  readonly epoch: number
  /** Every memory update in order, with the remote whose execution it records (-1: the leader). */
  readonly log: Mv.Update[]
  readonly origin: number[]
  /** Per remote: the length of `log` when it was last sent updates (-1: never). */
  readonly cursor: number[]
  /** Per remote: tasks sent and not answered yet. */
  readonly inFlight: number[]
  /** Per tx: its latest recorded execution. */
  readonly final: (Executed | undefined)[]
  /** The block's sender and recipient orders (derived once per loaded block). */
  readonly order: Order
  /** The long transactions (`Order.long`) not yet started early or passed by the index. */
  readonly long: number[]
  /**
   * Per recipient, in this run: how many pairs of consecutive txs sent to it have both recorded
   * an execution, and how many of those pairs wrote a common key (balances aside). Per tx: 1 once
   * the pair it closes (its previous call and itself) was counted.
   */
  readonly calls: {
    readonly pairs: Int32Array
    readonly chained: Int32Array
    readonly counted: Uint8Array
  }
  readonly counts: {
    executions: number
    validations: number
    aborts: number
    dependencyWaits: number
  }
  /** When a remote last replied (the deadlock watchdog counts from it). */
  quietSince: number
  /** What `poll` met settling a reply (thrown by the loop, never into the leader's own runTx). */
  failed: unknown
  /**
   * The first execution that met something the lazy model cannot do (`Executed.unsupported`), or
   * null. The run stops there: the block will run sequentially, so finishing would be wasted work.
   */
  unsupported: string | null
}

/** A fresh run over the loaded block: empty memory, a new scheduler, nothing sent. */
function start(
  executor: Executor,
  remotes: readonly MessagePort[],
  threads: number,
  epoch: number,
): Run {
  const loaded = executor.loaded
  if (loaded === undefined) throw new Error('run before load')
  if (!(threads >= 1 && threads <= remotes.length + 1))
    throw new RangeError(`run asks for ${threads} threads; pool has ${remotes.length + 1}`)
  const n = loaded.txs.length
  const order = orderOf(loaded)
  Mv.clear(loaded.memory)
  const ports = remotes.slice(0, threads - 1)
  return {
    loaded,
    n,
    memory: loaded.memory,
    sched: schedulerArrays(n, false),
    ports,
    epoch,
    log: [],
    origin: [],
    cursor: ports.map(() => -1),
    inFlight: ports.map(() => 0),
    final: new Array<Executed | undefined>(n),
    order,
    long: threads > 1 ? [...order.long] : [],
    calls: {
      pairs: new Int32Array(order.recipients.count),
      chained: new Int32Array(order.recipients.count),
      counted: new Uint8Array(n),
    },
    counts: { executions: 0, validations: 0, aborts: 0, dependencyWaits: 0 },
    quietSince: performance.now(),
    failed: undefined,
    unsupported: null,
  }
}

/**
 * The leader's hook inside its own executions (`Loaded.poll`, called at each state read, and at
 * each JUMPDEST, `JumpPoll`): when a remote has rung the bell since the last look, settle its
 * replies and top its queue up, so a remote is not left idle while the leader runs a long
 * transaction. This interleaves with the leader's execution only at those points, as
 * Block-STM's threads interleave: the memory may change under an execution, and validation
 * checks what it read.
 */
function poller(run: Run, ctrl: Int32Array): () => void {
  let heard = Atomics.load(ctrl, BELL)
  return () => {
    const bell = Atomics.load(ctrl, BELL)
    if (bell === heard) return
    heard = bell
    if (run.failed !== undefined || run.unsupported !== null || Scheduler.done(run.sched)) return
    try {
      if (receive(run) > 0) run.quietSince = performance.now()
      if (run.unsupported === null) fill(run)
    } catch (err) {
      run.failed = err
    }
  }
}

/**
 * The leader's loop: settle what remotes answered, keep each remote `DEPTH` tasks deep, execute
 * one task itself, and sleep on the bell only when nothing is left to run; until the scheduler is
 * done. A remote that died, or a schedule that stops progressing, fails the run.
 */
async function coordinate(run: Run, ctrl: Int32Array, deadlineMs: number): Promise<void> {
  const { sched, n } = run
  let local: Scheduler.Task | undefined
  while (!Scheduler.done(sched) && run.unsupported === null) {
    if (run.failed !== undefined) throw run.failed
    if (Atomics.load(ctrl, FAILED) !== 0)
      throw new BaseError('a remote worker failed', { code: 'WORKER_FAILED' })
    const bell = Atomics.load(ctrl, BELL)
    if (receive(run) > 0) run.quietSince = performance.now()
    if (Scheduler.done(sched) || run.unsupported !== null) break
    // The leader takes its own task before topping the remotes' queues up: the lowest ready tx
    // is the likeliest to be on the block's critical path (a dependent just resumed), and a
    // remote would run it only after the tasks already queued there.
    const task = local ?? next(run)
    local = undefined
    fill(run)
    if (task !== undefined) {
      local = settle(run, -1, await BlockStmExec.execute(run.loaded, task.tx, task.inc))
      continue
    }
    if (run.inFlight.every((k) => k === 0)) {
      // Nothing running anywhere: one more `next_task` either hands out work or lets `check_done` finish.
      local = next(run)
      if (local !== undefined || Scheduler.done(sched)) continue
      throw stuck(sched, n, 'with no task in flight')
    }
    const left = deadlineMs - (performance.now() - run.quietSince)
    // A bell rung before this wait returns at once; the next pass settles what arrived.
    if (left > 0 && Atomics.wait(ctrl, BELL, bell, left) !== 'timed-out') continue
    if (receive(run) === 0) throw stuck(sched, n, `for ${deadlineMs} ms`)
    run.quietSince = performance.now()
  }
  if (run.failed !== undefined) throw run.failed
}

/**
 * The committed outcome of a finished run. Stale replies cannot exist: the scheduler is done only
 * once no task is active. A run stopped as unsupported reports only why and its counters.
 */
function finish(run: Run, started: number): RanReply {
  const done = run.final as Executed[]
  const elapsed = () => BigInt(Math.max(Math.round((performance.now() - started) * 1e6), 1))
  if (run.unsupported !== null) {
    const { unsupported } = run
    const none = { outcomes: [], finals: [], invalid: null }
    return { type: 'ran', ...none, unsupported, ...run.counts, executionNs: elapsed() }
  }
  const finals = Mv.finalValues(run.memory, run.loaded.base)
  const executionNs = elapsed()
  return {
    type: 'ran',
    outcomes: done.map((r) => ({
      gasUsed: r.gasUsed,
      status: r.status,
      error: r.error,
      output: r.output,
      logs: r.logs,
    })),
    finals,
    invalid: done.find((r) => r.invalid)?.invalid ?? null,
    unsupported: null,
    ...run.counts,
    executionNs,
  }
}

/** Sends remote `w` a task, with every update of the log it has not seen. */
function dispatch(run: Run, w: number, task: Scheduler.Task): void {
  const { log, origin, cursor } = run
  const from = cursor[w] as number
  // A remote already applied its own records (BlockStmExec.handle), so they are not sent back.
  const updates: Mv.Update[] = []
  for (let i = Math.max(from, 0); i < log.length; i++)
    if (origin[i] !== w) updates.push(log[i] as Mv.Update)
  cursor[w] = log.length
  const request: ExecuteMessage = {
    type: 'execute',
    tx: task.tx,
    inc: task.inc,
    updates,
    epoch: run.epoch,
  }
  run.inFlight[w] = (run.inFlight[w] as number) + 1
  run.ports[w]?.postMessage(request)
}

/** Validates a task's read set; an abort marks the tx's writes as ESTIMATE. Returns the follow-up task. */
function validate(run: Run, task: Scheduler.Task): Scheduler.Task | undefined {
  run.counts.validations += 1
  const reads = run.final[task.tx]?.reads ?? []
  const valid = Mv.validate(run.memory, task.tx, reads, run.loaded.base)
  const aborted = !valid && Scheduler.tryValidationAbort(run.sched, task.tx, task.inc)
  if (aborted) {
    run.counts.aborts += 1
    const update = { type: 'estimate' as const, tx: task.tx }
    Mv.apply(run.memory, update)
    run.log.push(update)
    run.origin.push(-1)
  }
  return Scheduler.finishValidation(run.sched, run.n, task.tx, aborted)
}

/** Runs validation tasks (the leader's own work) until an execution task or nothing is left. */
function drain(run: Run, task: Scheduler.Task | undefined): Scheduler.Task | undefined {
  let t = task
  while (t?.kind === 'validate') t = validate(run, t)
  return t
}

/**
 * What the leader derives from a loaded block's transaction list, once (the next runs of the same
 * block reuse it): per tx, the previous tx of its sender, whose nonce it needs (certain to depend
 * on it, known before any execution); and the previous and next tx sent to the same recipient,
 * with the recipient's index, which the contended-contract rule counts by.
 */
type Order = {
  readonly senders: Links
  readonly recipients: Links
  /** Per tx, the gas limit of it and every later tx (the last entry, past the end, is 0). */
  readonly rest: Float64Array
  /** The txs with at least `EARLY_SHARE` of the block's gas limit, largest first. */
  readonly long: readonly number[]
}

/** Per tx: the previous and next tx with the same key and the key's index (-1: no key). */
type Links = {
  readonly previous: Int32Array
  readonly next: Int32Array
  readonly id: Int32Array
  /** How many distinct keys. */
  readonly count: number
}

const orders = new WeakMap<Loaded, Order>()

function orderOf(loaded: Loaded): Order {
  let order = orders.get(loaded)
  if (order === undefined) {
    const { txs } = loaded
    const rest = new Float64Array(txs.length + 1)
    for (let i = txs.length - 1; i >= 0; i--)
      rest[i] = (rest[i + 1] as number) + Number(txs[i]?.gasLimit ?? 0n)
    const total = rest[0] as number
    const long = txs
      .map((tx, i) => [Number(tx.gasLimit), i] as const)
      .filter(([gas]) => gas >= total * EARLY_SHARE)
      .sort((a, b) => b[0] - a[0] || a[1] - b[1])
      .map(([, i]) => i)
    order = {
      senders: links(txs.map((tx) => tx.from.toLowerCase())),
      recipients: links(txs.map((tx) => tx.to?.toLowerCase() ?? null)),
      rest,
      long,
    }
    orders.set(loaded, order)
  }
  return order
}

/** Links each tx to the previous and next tx of the same key (null: none, a creation's recipient). */
function links(keys: readonly (string | null)[]): Links {
  const previous = new Int32Array(keys.length).fill(-1)
  const next = new Int32Array(keys.length).fill(-1)
  const id = new Int32Array(keys.length).fill(-1)
  const last = new Map<string, number>()
  const index = new Map<string, number>()
  keys.forEach((key, i) => {
    if (key === null) return
    const before = last.get(key) ?? -1
    previous[i] = before
    if (before >= 0) next[before] = i
    last.set(key, i)
    let k = index.get(key)
    if (k === undefined) {
      k = index.size
      index.set(key, k)
    }
    id[i] = k
  })
  return { previous, next, id, count: index.size }
}

/**
 * Counts the pair of consecutive calls `earlier` → `later` to one recipient once both have
 * recorded an execution: chained when they wrote a common key. Balances aside: credits and debits
 * are lazy additions and do not order txs.
 */
function pair(run: Run, later: number, earlier: number): void {
  if (later < 0 || earlier < 0 || run.calls.counted[later] === 1) return
  const a = run.final[earlier]
  const b = run.final[later]
  if (a === undefined || b === undefined) return
  run.calls.counted[later] = 1
  const to = run.order.recipients.id[later] as number
  run.calls.pairs[to] = (run.calls.pairs[to] as number) + 1
  const written = new Set<Key.Id>()
  for (const [key] of a.writes) if (!key.startsWith(BALANCE)) written.add(key)
  if (b.writes.some(([key]) => written.has(key)))
    run.calls.chained[to] = (run.calls.chained[to] as number) + 1
}

const BALANCE = Key.balanceId('')

/**
 * A recipient is contended once at least `CHAINED` pairs of consecutive calls to it, and at least
 * half of the pairs counted, wrote a common key: a contract whose every call updates the same
 * words (a sale's counters, block 6196166: 49 calls in a row), where a call run beside its
 * predecessor reads stale words and aborts. A router or a token whose calls touch different
 * words (other pools, other holders) is not, however often they abort for other reasons.
 */
const CHAINED = 4

function contended(run: Run, to: number): boolean {
  const chained = run.calls.chained[to] as number
  return chained >= CHAINED && chained * 2 >= (run.calls.pairs[to] as number)
}

/**
 * True when `task` was parked behind a tx it is all but certain to depend on, which has not
 * finished executing: the previous tx of its sender (run now, it would read a stale nonce, fail
 * and abort; a payout block of one sender would abort nearly every tx), or the previous tx sent to
 * the same contended recipient. Parked tasks resume when that tx finishes, like a blocked read;
 * only the order of work changes, and validation still checks every read.
 */
function parked(run: Run, task: Scheduler.Task): boolean {
  if (task.kind !== 'execute') return false
  const previous = run.order.senders.previous[task.tx] ?? -1
  const { recipients } = run.order
  const call = recipients.previous[task.tx] ?? -1
  const to = recipients.id[task.tx] ?? -1
  const behind =
    (previous >= 0 && Scheduler.addDependency(run.sched, task.tx, previous)) ||
    (call >= 0 && contended(run, to) && Scheduler.addDependency(run.sched, task.tx, call))
  if (!behind) return false
  run.counts.dependencyWaits += 1
  return true
}

/**
 * The longest transaction still ahead of the execution index, started now when the block's work
 * left is no longer enough to keep the other threads busy while it runs (`EARLY_SHARE`): the
 * longest-first rule for the end of a schedule. Block-STM allows any order; what it reads is
 * validated like any other execution. Undefined when none is due (or it is parked behind its
 * sender's previous transaction).
 */
function early(run: Run): Scheduler.Task | undefined {
  const at = Atomics.load(run.sched.ctrl, CTRL_EXEC)
  const { long } = run
  // The longest not yet passed by the index decides (the others are dropped when they come first).
  while (long.length > 0 && (long[0] as number) < at) long.shift()
  const tx = long[0]
  if (tx === undefined) return undefined
  const gas = Number(run.loaded.txs[tx]?.gasLimit ?? 0n)
  // Threads: the leader and its remotes.
  if (gas * (run.ports.length + 1) < (run.order.rest[at] as number)) return undefined
  long.shift()
  const task = Scheduler.claim(run.sched, run.n, tx)
  return task !== undefined && !parked(run, task) ? task : undefined
}

/**
 * The next execution task, or undefined when none is ready now. A task for a remote may be a long
 * transaction started early (`early`); the leader never takes one that way, so as not to go
 * quiet for its length while the remotes wait for it.
 */
function next(run: Run, remote = false): Scheduler.Task | undefined {
  const { sched, n } = run
  const first = remote && run.long.length > 0 ? early(run) : undefined
  if (first !== undefined) return first
  for (;;) {
    const task = drain(run, Scheduler.nextTask(sched, n))
    if (task !== undefined && parked(run, task)) continue
    if (task !== undefined || Scheduler.done(sched)) return task
    if (Atomics.load(sched.ctrl, CTRL_EXEC) >= n && Atomics.load(sched.ctrl, CTRL_VAL) >= n)
      return undefined
  }
}

/**
 * Records one outcome (`w` -1: the leader's own); returns the follow-up task for that executor.
 * An unsupported outcome stops the run instead (even a speculative one: falling back when it was
 * not needed costs time, never exactness).
 */
function settle(run: Run, w: number, reply: Reply): Scheduler.Task | undefined {
  if (reply.type !== 'executed')
    throw new Error(reply.type === 'error' ? reply.message : `unexpected ${reply.type} reply`)
  if (reply.unsupported !== null) {
    run.counts.executions += 1
    run.unsupported = reply.unsupported
    return undefined
  }
  if (reply.blocking >= 0) {
    if (Scheduler.addDependency(run.sched, reply.tx, reply.blocking)) {
      run.counts.dependencyWaits += 1
      return undefined
    }
    return { kind: 'execute', tx: reply.tx, inc: reply.inc }
  }
  run.counts.executions += 1
  run.final[reply.tx] = reply
  const { recipients } = run.order
  pair(run, reply.tx, recipients.previous[reply.tx] ?? -1)
  pair(run, recipients.next[reply.tx] ?? -1, reply.tx)
  const update = { type: 'record' as const, tx: reply.tx, inc: reply.inc, writes: reply.writes }
  const wroteNew = Mv.apply(run.memory, update)
  run.log.push(update)
  run.origin.push(w)
  return drain(run, Scheduler.finishExecution(run.sched, run.n, reply.tx, reply.inc, wroteNew))
}

/** Settles every reply that has arrived (a reply to an earlier, failed run is dropped); returns how many. */
function receive(run: Run): number {
  let got = 0
  for (let w = 0; w < run.ports.length; w++) {
    const port = run.ports[w] as MessagePort
    for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
      const [from, reply] = m.message as RemoteReply
      if (from !== run.epoch) continue
      got += 1
      run.inFlight[w] = (run.inFlight[w] as number) - 1
      const task = settle(run, w, reply)
      if (run.unsupported !== null) return got
      if (task !== undefined) dispatch(run, w, task)
    }
  }
  return got
}

/** Gives every remote up to DEPTH tasks: a queued task hides the round trip through the leader. */
function fill(run: Run): void {
  for (let depth = 1; depth <= DEPTH; depth++)
    for (let w = 0; w < run.ports.length; w++) {
      if ((run.inFlight[w] as number) >= depth) continue
      const task = next(run, true)
      if (task === undefined) return
      dispatch(run, w, task)
    }
}

function stuck(sched: Shared, n: number, how: string): BaseError {
  return new BaseError(`evm block-stm made no progress ${how}: ${Scheduler.describe(sched, n)}`, {
    code: 'INTERNAL',
  })
}
