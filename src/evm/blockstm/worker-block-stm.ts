import { type MessagePort, parentPort } from 'node:worker_threads'
import { BaseError } from '../../primitives/Errors.ts'
import * as Execute from '../Execute.ts'
import * as Genesis from '../Genesis.ts'
import type * as State from '../State.ts'
import * as BlockStmExec from './BlockStmExec.ts'
import type {
  InitMessage,
  WorkerReply as Reply,
  WorkerRequest as Request,
} from './BlockStmLeader.ts'
import * as BlockStmLeader from './BlockStmLeader.ts'

const executor = BlockStmExec.create()
let leader: { readonly remotes: readonly MessagePort[]; readonly ctrl: Int32Array } | undefined
let epoch = 0
/** The loaded block's pre-state, parsed once for the sequential baseline. */
let preState: { readonly genesis: Genesis.Genesis; readonly state: State.Backend } | undefined
// Requests are handled one at a time, in arrival order (the leader queues a task ahead).
let chain: Promise<void> = Promise.resolve()
const enqueue = (work: () => Promise<void>): void => {
  chain = chain.then(work)
}
const failure = (err: unknown): BlockStmExec.Reply => ({
  type: 'error',
  message: err instanceof Error ? err.message : String(err),
  ...(err instanceof BaseError ? { code: err.code } : {}),
})

async function answer(request: Request): Promise<Reply> {
  if (request.type === 'load') return BlockStmExec.handle(executor, request)
  if (request.type === 'sequential') {
    const s = executor.loaded
    if (s === undefined) return { type: 'error', message: 'sequential before load' }
    // The pre-state is parsed once per loaded block, as the Block-STM executor indexes it once,
    // and each run reverts to the checkpoint opened on it, as the BAL executor does (parsing it
    // before every run left the baseline's worker with 14x the GC time of Block-STM's,
    // docs/benchmarks.md).
    if (preState?.genesis !== s.genesis) {
      const state = await Genesis.toStateManager(s.genesis)
      await state.checkpoint()
      preState = { genesis: s.genesis, state }
    }
    const { state } = preState
    const createStateManager = async () => {
      await state.revert()
      await state.checkpoint()
      return state
    }
    // The transactions built at load serve every run, as they serve the Block-STM executor's, so
    // the garbage of building them is never collected inside the baseline's clock (`run` still
    // recovers their senders before its clock when signatures are to be checked).
    const options = {
      ...request.options,
      stateRoot: 'skip' as const,
      createStateManager,
      built: s.built,
    }
    // A run that threw (an invalid transaction) may leave checkpoints open: parse again next time,
    // as the BAL executor reloads a state a throw left dirty.
    const result = await Execute.run(s.genesis, s.txs, options).catch((err: unknown) => {
      preState = undefined
      throw err
    })
    return { type: 'sequential-ran', result }
  }
  if (leader === undefined)
    return { type: 'error', message: 'run sent to a worker that does not lead' }
  epoch += 1
  return BlockStmLeader.lead(executor, leader.remotes, leader.ctrl, request, epoch)
}

parentPort?.on('message', (message: InitMessage | Request) => {
  if (message.type === 'init') {
    if (message.role === 'leader') leader = { remotes: message.remotes, ctrl: message.ctrl }
    else {
      const { port, ctrl } = message
      port.on('message', (request: BlockStmExec.ExecuteMessage) =>
        enqueue(async () => {
          // The leader stopped that run (it falls back to sequential) and will drop any reply.
          if (request.epoch <= Atomics.load(ctrl, BlockStmLeader.ABANDONED)) return
          const reply = await BlockStmExec.handle(executor, request).catch(failure)
          port.postMessage([request.epoch, reply] satisfies BlockStmLeader.RemoteReply)
          Atomics.add(ctrl, BlockStmLeader.BELL, 1)
          Atomics.notify(ctrl, BlockStmLeader.BELL)
        }),
      )
    }
    return
  }
  enqueue(async () => {
    parentPort?.postMessage(await answer(message).catch(failure))
  })
})
