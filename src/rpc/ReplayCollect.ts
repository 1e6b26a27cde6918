/**
 * What a replay pack needs from a node, block by block: the node's own `eth_getBlockByNumber(n,
 * true)` answer (kept as it came), the block's pre-state merged from prestateTracer results
 * (`PreState`), and the hashes of the blocks BLOCKHASH asks for. Finding which hashes those are
 * takes a replay, which this layer cannot run (it does not import the EVM): the caller replays and
 * asks `blockHash` for each one.
 */
import type * as Json from '../primitives/Json.ts'
import * as Collect from './Collect.ts'
import * as Eth from './Eth.ts'
import * as PreState from './PreState.ts'
import * as Tracers from './Tracers.ts'
import { type Rpc, RpcError } from './Transport.ts'

/** One block as the node gave it: the raw block and the merged pre-state (`pre_state.json`). */
export type Collected = {
  readonly number: number
  readonly block: Json.Value
  readonly preState: Json.Value
  readonly txs: number
}

/**
 * Collects block `n`: the block with full transactions, then prestateTracer in default mode and
 * in diffMode over all its transactions (`debug_traceBlockByNumber`, per-transaction fallback),
 * merged into the pre-state. `concurrency` bounds the requests in flight of the fallback.
 */
export async function collectBlock(
  rpc: Rpc,
  n: number,
  options: { readonly concurrency: number },
  state: Collect.Session = Collect.session(),
): Promise<Collected> {
  const raw = await Eth.getRawBlock(rpc, n, true)
  if (raw === null)
    throw new Collect.CollectError(`eth_getBlockByNumber returned null for block ${n}`)
  const block = Eth.blockOf(raw, n)
  const count = block.transactions.length
  const pass = { tracer: 'prestate' as const, concurrency: options.concurrency, state }
  const [defaults, diffs] = Tracers.configs('prestate', '')
  const pre = await Collect.tracePass(rpc, block, count, defaults as Record<string, unknown>, pass)
  const diff = await Collect.tracePass(rpc, block, count, diffs as Record<string, unknown>, pass)
  const traces = block.transactions.map((_, i) => ({ pre: pre[i], diff: diff[i] }))
  let preState: Json.Value
  try {
    preState = PreState.merge(traces)
  } catch (err) {
    if (!(err instanceof Tracers.TracerResultError)) throw err
    throw new Collect.CollectError(`block ${n}: ${err.shortMessage}`)
  }
  return { number: n, block: raw as Json.Value, preState, txs: count }
}

/** The hash of block `n` (`eth_getBlockByNumber(n, false)`), `0x` + 64 lower-case hex digits. */
export async function blockHash(rpc: Rpc, n: number): Promise<string> {
  const block = await Eth.getBlock(rpc, n, false)
  const hash = block?.hash?.toLowerCase()
  if (hash === undefined || !/^0x[0-9a-f]{64}$/.test(hash))
    throw new Collect.CollectError(
      block === null
        ? `eth_getBlockByNumber returned null for block ${n}`
        : `eth_getBlockByNumber gave block ${n} no valid hash`,
    )
  return hash
}

/**
 * The hardfork the node says it runs (`anvil_nodeInfo`'s `hardFork`, e.g. `Prague`), or null when
 * it does not say (geth and most providers have no such method).
 */
export async function nodeHardfork(rpc: Rpc): Promise<string | null> {
  try {
    const info = await rpc.request('anvil_nodeInfo', [])
    return Eth.isRecord(info) && typeof info.hardFork === 'string' ? info.hardFork : null
  } catch (err) {
    if (err instanceof RpcError && err.fault.kind === 'permanent') return null
    throw err
  }
}
