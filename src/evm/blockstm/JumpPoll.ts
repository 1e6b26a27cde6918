import * as EvmInternals from '../EvmInternals.ts'

/**
 * Calls the leader's poll (`BlockStmLeader`'s `poller`) at every JUMPDEST its own executions
 * reach, that is at every pass of a loop and every internal function call. The state reads poll
 * too, but a transaction can compute for milliseconds between two reads: on 14029313 the leader
 * went more than 1 ms without a read 24–50 times a run (one 443,111-gas transaction for 21–25 ms
 * at once), while the remote, its three queued tasks done, waited for the leader to take its
 * reply (docs/block-stm.md, "Where the remote still idles"). Settling replies between two
 * opcodes is like settling them at a read: the memory may change under the running incarnation,
 * and validation checks every version it read. The poll's usual path is one atomic load (has a
 * remote rung the bell?).
 *
 * The JUMPDEST handler is replaced in ethereumjs's table of opcode handlers, which every EVM
 * created afterwards in the worker copies, the sequential baseline's included: there, and in a
 * remote's executions, it checks one unset variable instead of doing nothing. A speed patch, not
 * a correctness one: if the table is not where expected, nothing is patched and the leader polls
 * at reads only.
 */
export function install(): Promise<boolean> {
  installed ??= patch()
  return installed
}

let installed: Promise<boolean> | undefined

/** The poll to call (set by the leader for the length of one run), or undefined for none. */
let poll: (() => void) | undefined

/** Polls with `f` from now until `stop`. */
export function start(f: () => void): void {
  poll = f
}

export function stop(): void {
  poll = undefined
}

const JUMPDEST = 0x5b

type Handler = (...args: never[]) => unknown

async function patch(): Promise<boolean> {
  const functions = await EvmInternals.module<{ handlers: Map<number, Handler> }>(
    'opcodes/functions.js',
  )
  const handlers = functions?.handlers
  const original = handlers?.get(JUMPDEST)
  if (handlers === undefined || typeof original !== 'function' || original.length !== 0)
    return false
  handlers.set(JUMPDEST, () => {
    if (poll !== undefined) poll()
  })
  return true
}
