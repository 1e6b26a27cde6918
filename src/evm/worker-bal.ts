import { parentPort } from 'node:worker_threads'
import { BaseError } from '../primitives/Errors.ts'
import * as BalExec from './BalExec.ts'

// One BAL-parallel worker: requests are handled one at a time, in arrival order.
const executor = BalExec.create()
let chain: Promise<void> = Promise.resolve()

parentPort?.on('message', (message: BalExec.LoadMessage | BalExec.RunMessage) => {
  chain = chain.then(async () => {
    const reply = await BalExec.handle(executor, message).catch(
      (err: unknown): BalExec.Reply => ({
        type: 'error',
        message: err instanceof Error ? err.message : String(err),
        ...(err instanceof BaseError ? { code: err.code } : {}),
      }),
    )
    parentPort?.postMessage(reply)
  })
})
