import { parentPort } from 'node:worker_threads'
import * as BlockStmExec from './BlockStmExec.ts'

const executor = BlockStmExec.create()
// Requests are handled one at a time: the coordinator never sends a second before the reply.
parentPort?.on('message', (request: BlockStmExec.Request) => {
  BlockStmExec.handle(executor, request).then(
    (reply) => parentPort?.postMessage(reply),
    (err: unknown) =>
      parentPort?.postMessage({
        type: 'error',
        message: err instanceof Error ? err.message : String(err),
      }),
  )
})
