/**
 * `rpc-capability-check` probes (docs/original-lab.md §1.9, extended): block and receipt access,
 * and each tracing path the collector can use (custom JS, prestateTracer default and diffMode,
 * struct logs, debug_traceBlockByNumber), plus the tracer `--tracer auto` would choose.
 */
import { BaseError } from '../primitives/Errors.ts'
import * as Bal from '../trace/Bal.ts'
import * as BalWire from '../trace/BalWire.ts'
import * as Eth from './Eth.ts'
import * as Tracers from './Tracers.ts'
import { type Rpc, RpcError } from './Transport.ts'

/** The capability report (wire field order). */
export type Report = {
  readonly report_version: 'rpc-capability-v1'
  readonly chain: string
  readonly block: number
  readonly block_available: boolean
  readonly block_hash: string | null
  readonly tx_count: number
  readonly sample_tx_hash: string | null
  readonly receipt_available: boolean
  readonly debug_trace_transaction_available: boolean
  readonly custom_js_tracer_available: boolean
  readonly struct_logs_available: boolean
  readonly status: 'ok' | 'unsupported'
  readonly failures: readonly string[]
  readonly chain_id: number | null
  readonly prestate_tracer_available: boolean
  readonly prestate_diff_available: boolean
  readonly debug_trace_block_available: boolean
  readonly recommended_tracer: Tracers.TracerKind | null
  /**
   * `eth_getBlockAccessList` answered a well-formed EIP-7928 access list for the block (Amsterdam
   * nodes; `collect-block-range --tracer bal`). Its absence is not a failure: older blocks and
   * most nodes have none.
   */
  readonly block_access_list_available: boolean
}

/** Minimal JS probe; it must define `fault` (a provider was seen rejecting one without it). */
export const JS_PROBE =
  '{step: function(log, db) {}, fault: function(log, db) {}, result: function(ctx, db) { return {ok: true}; }}'

const structConfig = {
  disableMemory: true,
  disableStorage: true,
  disableStack: false,
  timeout: '20s',
}

/** Runs every probe against `block` and returns the report (never throws for provider errors). */
export async function check(rpc: Rpc, chain: string, block: number): Promise<Report> {
  const failures: string[] = []
  const attempt = async <T>(label: string, fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await fn()
    } catch (err) {
      if (!(err instanceof BaseError)) throw err
      failures.push(`${label}: ${err.shortMessage}`)
      return undefined
    }
  }
  const chainId = (await attempt('eth_chainId', () => Eth.chainId(rpc))) ?? null
  const found = await attempt('eth_getBlockByNumber', () => Eth.getBlock(rpc, block, true))
  if (found === null) {
    const head = await attempt('eth_blockNumber', () => Eth.blockNumber(rpc))
    if (typeof head === 'number' && block > head) throw new FutureBlockError(chain, block, head)
    failures.push(`block ${block} returned null`)
  }
  const sample = found?.transactions[0]?.hash ?? null
  const flags = {
    receipt: false,
    trace: false,
    js: false,
    struct: false,
    prestate: false,
    diff: false,
    blockTrace: false,
  }
  if (found && sample !== null) {
    const receipt = await attempt('eth_getTransactionReceipt', () => Eth.getReceipt(rpc, sample))
    if (receipt === null) failures.push('eth_getTransactionReceipt returned null')
    flags.receipt = receipt !== null && receipt !== undefined
    const trace = (label: string, config: Record<string, unknown>) =>
      attempt(label, () => rpc.request('debug_traceTransaction', [sample, config]))
    if (
      (await trace('custom JS debug_traceTransaction', { tracer: JS_PROBE, timeout: '20s' })) !==
      undefined
    ) {
      flags.trace = flags.js = true
    }
    const struct = await probeStructLogs(rpc, found, attempt, failures)
    flags.struct = struct.usable
    if (struct.answered) flags.trace = true
    const [pre, diff] = Tracers.configs('prestate', '')
    const preResult = await trace('prestateTracer debug_traceTransaction', pre ?? {})
    flags.prestate = Eth.isRecord(preResult)
    const diffResult = await trace('prestateTracer diffMode debug_traceTransaction', diff ?? {})
    flags.diff =
      Eth.isRecord(diffResult) && Eth.isRecord(diffResult.pre) && Eth.isRecord(diffResult.post)
    if (flags.prestate || flags.diff) flags.trace = true
    const blockConfig = flags.prestate
      ? pre
      : flags.js
        ? { tracer: JS_PROBE, timeout: '20s' }
        : structConfig
    const traced = await attempt('debug_traceBlockByNumber', () =>
      rpc.request('debug_traceBlockByNumber', [Eth.toQuantity(block), blockConfig]),
    )
    flags.blockTrace = Array.isArray(traced)
  } else if (found) {
    failures.push('block has no transactions to trace')
  }
  const balAvailable = found ? await probeBal(rpc, found) : false
  const recommended = choose({
    prestate: flags.prestate && flags.diff,
    js: flags.js,
    struct: flags.struct,
  })
  const txCount = found?.transactions.length ?? 0
  return {
    report_version: 'rpc-capability-v1',
    chain,
    block,
    block_available: found !== null && found !== undefined,
    block_hash: found?.hash ?? null,
    tx_count: txCount,
    sample_tx_hash: sample,
    receipt_available: flags.receipt,
    debug_trace_transaction_available: flags.trace,
    custom_js_tracer_available: flags.js,
    struct_logs_available: flags.struct,
    status: found && txCount > 0 && flags.receipt && recommended !== null ? 'ok' : 'unsupported',
    failures,
    chain_id: chainId,
    prestate_tracer_available: flags.prestate,
    prestate_diff_available: flags.diff,
    debug_trace_block_available: flags.blockTrace,
    recommended_tracer: recommended,
    block_access_list_available: balAvailable,
  }
}

/** True when the node answers a well-formed access list for `block` (any error: false). */
async function probeBal(rpc: Rpc, block: Eth.Block): Promise<boolean> {
  try {
    const raw = await rpc.request('eth_getBlockAccessList', [Eth.toQuantity(block.number)])
    const parsed = BalWire.fromJson(raw, 'eth_getBlockAccessList')
    if (parsed.value === undefined) return false
    return Bal.check(parsed.value, '', block.transactions.length + 1).length === 0
  } catch (err) {
    if (err instanceof BaseError) return false
    throw err
  }
}

/**
 * Struct logs count as available only when a transaction that runs contract code (the first such
 * among the block's first 64) yields a non-empty step list: a node that does not record steps
 * (anvil without `--steps-tracing`) answers `structLogs: []` for everything.
 */
async function probeStructLogs(
  rpc: Rpc,
  block: Eth.Block,
  attempt: <T>(label: string, fn: () => Promise<T>) => Promise<T | undefined>,
  failures: string[],
): Promise<{ readonly answered: boolean; readonly usable: boolean }> {
  const runner = await attempt('eth_getCode', () => Eth.firstCodeRunner(rpc, block))
  if (runner === undefined) return { answered: false, usable: false }
  if (runner === null) {
    failures.push(
      `struct logs not verified: none of the first 64 transactions of block ${block.number} runs contract code`,
    )
    return { answered: false, usable: false }
  }
  const logs = await attempt('structLogs debug_traceTransaction', () =>
    rpc.request('debug_traceTransaction', [runner.hash, structConfig]),
  )
  if (logs === undefined) return { answered: false, usable: false }
  const problem = structLogProblem(logs, runner.hash, true)
  if (problem !== null) failures.push(problem)
  return { answered: true, usable: problem === null }
}

/**
 * Why a struct-log result is unusable, or null when it is fine: it must have a `structLogs` list,
 * and a non-empty one when the transaction runs contract code.
 */
function structLogProblem(logs: unknown, hash: string, runsCode: boolean): string | null {
  if (!Eth.isRecord(logs) || !Array.isArray(logs.structLogs))
    return 'debug_traceTransaction returned no structLogs field'
  if (runsCode && logs.structLogs.length === 0)
    return `structLogs debug_traceTransaction returned no steps for ${hash}, which runs contract code (${Tracers.EMPTY_STRUCT_LOG_HINTS[0]})`
  return null
}

/**
 * `auto`'s struct-log probe: a transaction that runs code must give steps. When the sampled block
 * has none, the field alone is checked here and collection checks every transaction.
 */
async function checkStructLogs(rpc: Rpc, block: Eth.Block): Promise<void> {
  const runner = await Eth.firstCodeRunner(rpc, block)
  const hash = runner?.hash ?? (block.transactions[0] as Eth.BlockTx).hash
  const logs = await rpc.request('debug_traceTransaction', [hash, structConfig])
  const problem = structLogProblem(logs, hash, runner !== null)
  if (problem !== null) throw new BaseError(problem, { code: 'RPC_METHOD_UNSUPPORTED' })
}

/** The requested block is above the chain head: it does not exist yet. */
export class FutureBlockError extends BaseError {
  override name = 'Capability.FutureBlockError'
  constructor(chain: string, block: number, head: number) {
    super(`block ${block} does not exist yet on ${chain}: the chain head is block ${head}`, {
      code: 'RPC_REQUEST_FAILED',
      hints: [`probe a block at or below ${head}`],
    })
  }
}

/** The first tracer in `Tracers.autoPreference` that is available. */
export function choose(available: {
  prestate: boolean
  js: boolean
  struct: boolean
}): Tracers.TracerKind | null {
  const ok: Record<Tracers.TracerKind, boolean> = {
    prestate: available.prestate,
    'geth-js-storage': available.js,
    'struct-logs': available.struct,
  }
  return Tracers.autoPreference.find((kind) => ok[kind]) ?? null
}

/** The stdout summary lines of a report. */
export function summary(report: Report): readonly string[] {
  return [
    `rpc capability ${report.chain} block ${report.block} status=${report.status} txs=${report.tx_count} receipts=${report.receipt_available} js_tracer=${report.custom_js_tracer_available} struct_logs=${report.struct_logs_available} prestate=${report.prestate_tracer_available && report.prestate_diff_available} block_trace=${report.debug_trace_block_available} tracer=${report.recommended_tracer ?? 'none'} bal=${report.block_access_list_available}`,
    ...report.failures.map((f) => `capability warning: ${f}`),
  ]
}

/**
 * `--tracer auto`: probes the first transaction of the range with each tracer in preference
 * order and returns the first that works (prestate when the range has no transactions).
 */
export async function chooseTracer(
  rpc: Rpc,
  start: number,
  end: number,
  jsTracer: string,
): Promise<Tracers.TracerKind> {
  let block: Eth.Block | null = null
  for (let n = start; n <= end && block === null; n++) {
    const found = await Eth.getBlock(rpc, n, true)
    if (found !== null && found.transactions.length > 0) block = found
  }
  const sample = block?.transactions[0]?.hash
  if (block === null || sample === undefined) return Tracers.autoPreference[0] as Tracers.TracerKind
  const refused: string[] = []
  for (const kind of Tracers.autoPreference) {
    try {
      if (kind === 'struct-logs') await checkStructLogs(rpc, block)
      else {
        for (const config of Tracers.configs(kind, jsTracer))
          await rpc.request('debug_traceTransaction', [sample, config])
      }
      return kind
    } catch (err) {
      const refusal =
        err instanceof RpcError ? err.fault.kind === 'permanent' : err instanceof BaseError
      if (!(err instanceof BaseError) || !refusal) throw err
      refused.push(`${kind}: ${err.shortMessage}`)
    }
  }
  throw new BaseError('no supported tracer: the provider refused every tracing method', {
    code: 'RPC_METHOD_UNSUPPORTED',
    hints: refused,
  })
}
