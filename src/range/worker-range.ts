import { parentPort } from 'node:worker_threads'
import * as Analyze from './Analyze.ts'
import type { Reply, Request, Setup } from './protocol.ts'

/** A range worker: takes its setup once, then analyzes one block per request, in order. */
let setup: Setup | undefined
parentPort?.on('message', (request: Request) => {
  let reply: Reply
  try {
    if (request.kind === 'setup') {
      setup = request.setup
      reply = { kind: 'ready' }
    } else if (setup === undefined) {
      reply = { kind: 'failed', message: 'range worker asked for a block before its setup' }
    } else {
      reply = Analyze.block(setup, request.number)
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    reply =
      request.kind === 'block'
        ? { kind: 'failed', number: request.number, message }
        : { kind: 'failed', message }
  }
  parentPort?.postMessage(reply)
})
