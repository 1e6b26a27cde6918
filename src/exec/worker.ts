import { parentPort } from 'node:worker_threads'
import type { Request } from './protocol.ts'
import * as Replica from './Replica.ts'

const replica = Replica.create()
parentPort?.on('message', (request: Request) => {
  try {
    parentPort?.postMessage(Replica.handle(replica, request))
  } catch (err) {
    parentPort?.postMessage({
      type: 'error',
      message: err instanceof Error ? err.message : String(err),
    })
  }
})
