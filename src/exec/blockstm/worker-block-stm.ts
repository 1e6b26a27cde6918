import { parentPort } from 'node:worker_threads'
import * as BlockStmDriver from './BlockStmDriver.ts'
import type { RunMessage, RunReply } from './BlockStmPool.ts'

parentPort?.on('message', (message: RunMessage) => {
  parentPort?.postMessage(BlockStmDriver.onWorker(message) satisfies RunReply)
})
