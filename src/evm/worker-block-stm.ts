import { parentPort } from 'node:worker_threads'
import * as BlockStmExec from './BlockStmExec.ts'

const executor = BlockStmExec.create()
// Requests are handled one at a time, in arrival order (the coordinator queues a task ahead).
let chain: Promise<void> = Promise.resolve()
parentPort?.on('message', (request: BlockStmExec.Request) => {
  chain = chain
    .then(() => BlockStmExec.handle(executor, request))
    .then(
      (reply) => parentPort?.postMessage(reply),
      (err: unknown) =>
        parentPort?.postMessage({
          type: 'error',
          message: err instanceof Error ? err.message : String(err),
        }),
    )
})
