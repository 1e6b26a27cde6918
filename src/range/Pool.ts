/**
 * The range's worker threads (`exec/Spawn.ts`), and the ordered stream of block replies: blocks
 * are handed out to the least busy worker, a bounded number ahead of the consumer, and replies
 * come back in the order asked for, whichever worker finishes first.
 */
import * as Spawn from '../exec/Spawn.ts'
import { BaseError } from '../primitives/Errors.ts'
import type { BlockReply, Reply, Request, Setup } from './protocol.ts'

/** A started pool. */
export type Pool = {
  readonly size: number
  readonly request: (index: number, message: Request) => Promise<Reply>
  readonly close: () => Promise<void>
}

/** Starts `size` workers and sends each the setup. */
export async function start(size: number, setup: Setup): Promise<Pool> {
  const workers = Spawn.workers<Request, Reply>(import.meta.url, 'worker-range', {
    size,
    label: 'range worker',
  })
  try {
    const replies = await Promise.all(
      Array.from({ length: size }, (_, i) => workers.request(i, { kind: 'setup', setup })),
    )
    for (const reply of replies) check(reply)
  } catch (err) {
    await workers.close()
    throw err
  }
  return workers
}

/** Blocks in flight per worker (one running, the rest queued so a worker never waits for work). */
const AHEAD_PER_WORKER = 4

/**
 * Analyzes `numbers` on the pool and yields each block's reply in `numbers` order. At most
 * `AHEAD_PER_WORKER × size` blocks are in flight, so memory stays bounded whatever the range.
 */
export async function* blocks(
  pool: Pool,
  numbers: readonly number[],
): AsyncGenerator<BlockReply, void, undefined> {
  const window = AHEAD_PER_WORKER * pool.size
  const busy = new Array<number>(pool.size).fill(0)
  const pending = new Map<number, Promise<Reply>>()
  let next = 0
  const launch = () => {
    while (next < numbers.length && pending.size < window) {
      const worker = busy.indexOf(Math.min(...busy))
      busy[worker]!++
      const reply = pool.request(worker, { kind: 'block', number: numbers[next]! })
      void reply.then(
        () => busy[worker]!--,
        () => undefined,
      )
      pending.set(next++, reply)
    }
  }
  for (let i = 0; i < numbers.length; i++) {
    launch()
    const reply = check(await pending.get(i)!)
    pending.delete(i)
    if (reply.kind === 'ready')
      throw new BaseError('range worker answered out of turn', { code: 'INTERNAL' })
    yield reply
  }
}

function check(reply: Reply): Exclude<Reply, { kind: 'failed' }> {
  if (reply.kind !== 'failed') return reply
  const where = reply.number === undefined ? '' : ` on block ${reply.number}`
  throw new BaseError(`range worker failed${where}: ${reply.message}`, { code: 'WORKER_FAILED' })
}
