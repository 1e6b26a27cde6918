/**
 * Block range → trace-pack blocks. One block at a time, in order; each finished block is handed
 * to `onBlock` (the CLI persists it atomically). Traces come from `debug_traceBlockByNumber` (one
 * call per block and pass) with a per-transaction `debug_traceTransaction` fallback.
 */
import { BaseError } from '../primitives/Errors.ts'
import * as Bal from '../trace/Bal.ts'
import * as BalPack from '../trace/BalPack.ts'
import * as BalWire from '../trace/BalWire.ts'
import * as Issue from '../trace/Issue.ts'
import type * as TracePack from '../trace/TracePack.ts'
import * as Eth from './Eth.ts'
import * as Tracers from './Tracers.ts'
import { type Rpc, RpcError } from './Transport.ts'

/** What a block is collected with: a debug tracer, or the node's EIP-7928 access list. */
export type Tracer = Tracers.TracerKind | 'bal'

/** Collection options. */
export type Options = {
  readonly chain: string
  readonly tracer: Tracer
  /** Source text of tracers/geth-storage-access-tracer.js (used by `geth-js-storage`). */
  readonly jsTracer: string
  /** Per-block cap on collected transactions. */
  readonly maxTransactions?: number | undefined
  /** Requests in flight at once (receipts and per-tx traces). Default 4. */
  readonly concurrency?: number | undefined
  /**
   * `bal`: the hash a header commits to for a BAL (the EIP-7928 codec lives in the EVM layer, so
   * the caller passes it); without it the header's `blockAccessListHash` is not checked.
   */
  readonly balHash?: ((bal: Bal.Bal) => string) | undefined
}

/** Mutable per-run state: whether debug_traceBlockByNumber works (learned on first use). */
export type Session = { blockTrace: 'unknown' | 'yes' | 'no' }

/** A fresh session. */
export function session(): Session {
  return { blockTrace: 'unknown' }
}

/** Collects one block into a trace-pack block (not yet normalized). */
export async function collectBlock(
  rpc: Rpc,
  n: number,
  options: Options,
  state: Session = session(),
): Promise<TracePack.Block> {
  const { chain, tracer, jsTracer, maxTransactions, concurrency = 4 } = options
  const block = await Eth.getBlock(rpc, n, true)
  if (block === null) throw new CollectError(`eth_getBlockByNumber returned null for block ${n}`)
  const total = block.transactions.length
  const take = maxTransactions === undefined ? total : Math.min(total, maxTransactions)
  const txs = block.transactions.slice(0, take)
  const warnings: string[] = []
  if (take < total) {
    warnings.push(`collection truncated to ${take} of ${total} transactions by --max-transactions`)
  }
  const receipts = await mapLimit(txs, concurrency, (tx) => receiptOf(rpc, tx.hash))
  if (tracer === 'bal') return balBlock(rpc, block, txs, receipts, options, warnings)
  const passes = Tracers.configs(tracer, jsTracer)
  const traced: unknown[][] = txs.map(() => [])
  for (const config of passes) {
    const results = await tracePass(rpc, block, take, config, { tracer, concurrency, state })
    for (const [i, r] of results.entries()) traced[i]?.push(r)
  }
  if (tracer === 'struct-logs') await checkStructLogs(rpc, block, traced)
  const transactions: TracePack.Tx[] = txs.map((tx, i) => {
    const receipt = receipts[i] as ReceiptResult
    const observation = observeTx(tracer, traced[i] ?? [], n, i, {
      from: tx.from,
      to: tx.to,
      coinbase: block.miner,
      createdAddress: receipt.receipt?.contractAddress ?? null,
    })
    return {
      txIndex: i,
      txHash: tx.hash.toLowerCase(),
      from: tx.from === null ? null : tx.from.toLowerCase(),
      to: tx.to === null ? null : tx.to.toLowerCase(),
      gasUsed: receipt.receipt?.gasUsed ?? null,
      status: receipt.receipt?.status ?? null,
      accesses: observation.accesses,
      warnings: [...receipt.warnings, ...observation.warnings],
    }
  })
  const everyGas = transactions.every((t) => t.gasUsed !== null)
  return {
    chain,
    blockNumber: n,
    blockHash: block.hash,
    parentHash: block.parentHash,
    txCount: take,
    sourceTxCount: total,
    totalGasUsed: everyGas ? transactions.reduce((sum, t) => sum + (t.gasUsed ?? 0), 0) : null,
    transactions,
    warnings,
  }
}

/**
 * `--tracer bal`: the node's `eth_getBlockAccessList` answer (execution-apis JSON form), checked
 * (shape, order, indices within the block, and the header's `blockAccessListHash` when the block
 * has one), becomes the block's per-transaction writes (`BalPack.block`).
 */
async function balBlock(
  rpc: Rpc,
  block: Eth.Block,
  txs: readonly Eth.BlockTx[],
  receipts: readonly ReceiptResult[],
  options: Options,
  warnings: readonly string[],
): Promise<TracePack.Block> {
  const n = block.number
  const source = `eth_getBlockAccessList(${Eth.toQuantity(n)})`
  let raw: unknown
  try {
    raw = await rpc.request('eth_getBlockAccessList', [Eth.toQuantity(n)])
  } catch (err) {
    if (!(err instanceof RpcError) || err.fault.kind !== 'permanent') throw err
    throw new CollectError(`${source} failed: ${err.shortMessage}`, {
      code: 'RPC_METHOD_UNSUPPORTED',
      hints: [
        'the node does not serve EIP-7928 access lists (Amsterdam); collect with another --tracer',
      ],
    })
  }
  if (raw === null || raw === undefined)
    throw new CollectError(`${source} returned null: the node has no access list for block ${n}`, {
      code: 'RPC_METHOD_UNSUPPORTED',
      hints: ['blocks before Amsterdam have no BAL; a node may also have pruned it'],
    })
  const parsed = BalWire.fromJson(raw, source)
  const all = block.transactions.length
  const issues =
    parsed.value === undefined ? parsed.issues : Bal.check(parsed.value, source, all + 1)
  if (issues.length > 0 || parsed.value === undefined)
    throw new CollectError(`${source} is not a valid EIP-7928 access list`, {
      code: 'BAL_INVALID',
      hints: Issue.hints(Issue.sort(issues)),
    })
  const bal = parsed.value
  const committed = block.blockAccessListHash?.toLowerCase() ?? null
  const hash = options.balHash?.(bal)
  if (committed !== null && hash !== undefined && hash !== committed)
    throw new CollectError(
      `${source} hashes to ${hash}; the header of block ${n} commits to ${committed}`,
      { code: 'BAL_INVALID' },
    )
  const info: BalPack.BlockInfo = { ...block, transactions: txs }
  const collected = BalPack.block(
    bal,
    info,
    options.chain,
    receipts.map((r) => r.receipt),
  )
  const unchecked =
    committed === null || hash === undefined
      ? ["the BAL's hash was not checked: the header has no blockAccessListHash"]
      : []
  return {
    ...collected,
    sourceTxCount: all,
    warnings: [...warnings, ...unchecked, ...collected.warnings],
  }
}

/**
 * Empty struct logs are right for a plain transfer, but for a transaction that runs contract code
 * they mean the node does not record steps (anvil without `--steps-tracing`): collecting them
 * would write 0 accesses and report no conflicts, so it is an error naming the transaction.
 */
async function checkStructLogs(
  rpc: Rpc,
  block: Eth.Block,
  traced: readonly (readonly unknown[])[],
): Promise<void> {
  const cache: Eth.CodeCache = new Map()
  for (const [i, results] of traced.entries()) {
    const result = results[0]
    const empty =
      Eth.isRecord(result) && Array.isArray(result.structLogs) && result.structLogs.length === 0
    const tx = block.transactions[i]
    if (!empty || tx === undefined || !(await Eth.runsCode(rpc, tx, block.number, cache))) continue
    throw new CollectError(
      `block ${block.number} tx_index ${i}: the node returned no struct-log steps for a transaction that runs contract code (${tx.to ?? 'contract creation'}); its accesses would be lost`,
      { code: 'RPC_METHOD_UNSUPPORTED', hints: Tracers.EMPTY_STRUCT_LOG_HINTS },
    )
  }
}

function observeTx(
  tracer: Tracers.TracerKind,
  results: readonly unknown[],
  n: number,
  i: number,
  ctx: Tracers.TxContext,
): Tracers.Observation {
  try {
    return Tracers.observe(tracer, results, ctx)
  } catch (err) {
    if (!(err instanceof Tracers.TracerResultError)) throw err
    throw new CollectError(`block ${n} tx_index ${i}: ${err.shortMessage}`)
  }
}

type ReceiptResult = { receipt: Eth.Receipt | null; warnings: string[] }

async function receiptOf(rpc: Rpc, hash: string): Promise<ReceiptResult> {
  try {
    const receipt = await Eth.getReceipt(rpc, hash)
    if (receipt === null)
      return { receipt, warnings: ['receipt unavailable; gas/status omitted: receipt is null'] }
    return { receipt, warnings: [] }
  } catch (err) {
    if (!(err instanceof BaseError)) throw err
    return {
      receipt: null,
      warnings: [`receipt unavailable; gas/status omitted: ${err.shortMessage}`],
    }
  }
}

/** How one tracing pass runs: the tracer (named in errors), requests in flight, the session. */
export type PassOptions = {
  readonly tracer: Tracers.TracerKind
  readonly concurrency: number
  readonly state: Session
}

/**
 * One tracer config over the first `take` transactions of `block`: one `debug_traceBlockByNumber`,
 * or one `debug_traceTransaction` per transaction where the block method is missing or an entry
 * carries an error. Results are in transaction order.
 */
export async function tracePass(
  rpc: Rpc,
  block: Eth.Block,
  take: number,
  config: Record<string, unknown>,
  options: PassOptions,
): Promise<unknown[]> {
  const { state } = options
  const txs = block.transactions.slice(0, take)
  let entries: (unknown | undefined)[] = txs.map(() => undefined)
  if (take > 0 && state.blockTrace !== 'no') {
    try {
      entries = await traceBlock(rpc, block, config)
      state.blockTrace = 'yes'
    } catch (err) {
      if (!(err instanceof RpcError) || err.fault.kind !== 'permanent') throw err
      // Method missing or this tracer refused for the whole block: learn it, go per transaction.
      if (err.code === 'RPC_METHOD_UNSUPPORTED' && /-32601/.test(err.fault.message))
        state.blockTrace = 'no'
    }
  }
  return mapLimit(txs, options.concurrency, async (tx, i) => {
    const entry = entries[i]
    if (entry !== undefined) return entry
    return traceTx(rpc, block.number, i, tx.hash, config, options.tracer)
  })
}

/** debug_traceBlockByNumber → per-position results; `undefined` where the entry carried an error. */
async function traceBlock(
  rpc: Rpc,
  block: Eth.Block,
  config: Record<string, unknown>,
): Promise<(unknown | undefined)[]> {
  const raw = await rpc.request('debug_traceBlockByNumber', [Eth.toQuantity(block.number), config])
  if (!Array.isArray(raw) || raw.length !== block.transactions.length) {
    throw new CollectError(
      `debug_traceBlockByNumber for block ${block.number} returned ${Array.isArray(raw) ? raw.length : 'no'} results for ${block.transactions.length} transactions`,
    )
  }
  return raw.map((entry, i) => {
    if (!Eth.isRecord(entry)) return undefined
    const hash = typeof entry.txHash === 'string' ? entry.txHash.toLowerCase() : null
    const expected = block.transactions[i]?.hash.toLowerCase()
    if (hash !== null && hash !== expected) {
      throw new CollectError(
        `debug_traceBlockByNumber for block ${block.number} result ${i} is for tx ${hash}, expected ${expected}`,
      )
    }
    if ('error' in entry && entry.error !== undefined && entry.error !== null) return undefined
    return 'result' in entry ? entry.result : undefined
  })
}

const capability: Record<Tracers.TracerKind, string> = {
  'geth-js-storage': 'debug_traceTransaction with a custom JavaScript tracer',
  prestate: 'debug_traceTransaction with the built-in prestateTracer (default and diffMode)',
  'struct-logs': 'debug_traceTransaction with the default struct logger (stack enabled)',
}

async function traceTx(
  rpc: Rpc,
  n: number,
  i: number,
  hash: string,
  config: Record<string, unknown>,
  tracer: Tracers.TracerKind,
): Promise<unknown> {
  try {
    return await rpc.request('debug_traceTransaction', [hash, config])
  } catch (err) {
    if (!(err instanceof RpcError)) throw err
    const missing =
      err.fault.kind === 'permanent' ? `; the provider does not support ${capability[tracer]}` : ''
    throw new CollectError(
      `debug_traceTransaction failed for block ${n} tx_index ${i}${missing}: ${err.shortMessage}`,
      {
        code:
          err.code === 'RPC_METHOD_UNSUPPORTED' || err.fault.kind === 'permanent'
            ? 'RPC_METHOD_UNSUPPORTED'
            : 'RPC_REQUEST_FAILED',
        hints:
          err.fault.kind === 'permanent'
            ? ['run rpc-capability-check to see which tracers this provider supports']
            : [],
      },
    )
  }
}

/** Maps with at most `limit` promises in flight; results keep input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i] as T, i)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker))
  return out
}

/** Collection failed for a reason other than a single request. */
export class CollectError extends BaseError {
  override name = 'Collect.CollectError'
  constructor(
    message: string,
    options: {
      code?: 'RPC_REQUEST_FAILED' | 'RPC_METHOD_UNSUPPORTED' | 'BAL_INVALID'
      hints?: readonly string[]
    } = {},
  ) {
    super(message, { code: options.code ?? 'RPC_REQUEST_FAILED', hints: options.hints })
  }
}
