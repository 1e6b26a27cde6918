/**
 * Typed views of the few eth_/debug_ responses the collector reads. Providers differ (hex vs
 * numeric quantities, missing fields), so every accessor tolerates both forms and names the
 * offending field otherwise.
 */
import { BaseError } from '../primitives/Errors.ts'
import * as Fields from '../trace/Fields.ts'
import type { Rpc } from './Transport.ts'

/** A block as the collector needs it. */
export type Block = {
  readonly number: number
  readonly hash: string | null
  readonly parentHash: string | null
  readonly miner: string | null
  /** EIP-7928 (Amsterdam on): the header's commitment to the block's access list. */
  readonly blockAccessListHash: string | null
  readonly transactions: readonly BlockTx[]
}

/** A transaction of a block (full objects requested). */
export type BlockTx = {
  readonly hash: string
  readonly from: string | null
  readonly to: string | null
  /** Call data or init code (`0x…`); null when the block listed hashes only. */
  readonly input: string | null
}

/** A receipt's useful fields. */
export type Receipt = {
  readonly gasUsed: number | null
  readonly status: string | null
  readonly contractAddress: string | null
}

/** Block numbers go on the wire as `0x` + lowercase hex without padding. */
export function toQuantity(n: number): string {
  return `0x${n.toString(16)}`
}

/** Parses a JSON-RPC quantity given as hex string or JSON number; null when absent or bad. */
export function quantity(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : null
  if (typeof value !== 'string') return null
  const text = value.trim()
  if (/^0x[0-9a-fA-F]+$/.test(text)) {
    const n = Number.parseInt(text.slice(2), 16)
    return Number.isSafeInteger(n) ? n : null
  }
  if (/^[0-9]+$/.test(text)) {
    const n = Number(text)
    return Number.isSafeInteger(n) ? n : null
  }
  return null
}

/** `eth_getBlockByNumber [n, fullTxs]`; null when the node has no such block. */
export async function getBlock(rpc: Rpc, n: number, fullTxs: boolean): Promise<Block | null> {
  const raw = await getRawBlock(rpc, n, fullTxs)
  return raw === null ? null : blockOf(raw, n)
}

/** `eth_getBlockByNumber [n, fullTxs]` as the node answered it (an object); null when it has none. */
export async function getRawBlock(
  rpc: Rpc,
  n: number,
  fullTxs: boolean,
): Promise<Record<string, unknown> | null> {
  const raw = await rpc.request('eth_getBlockByNumber', [toQuantity(n), fullTxs])
  if (raw === null || raw === undefined) return null
  if (!isRecord(raw))
    throw new EthResponseError(`eth_getBlockByNumber returned a non-object for block ${n}`)
  return raw
}

/** The collector's view of block `n`'s raw answer; throws on a missing transaction list or hash. */
export function blockOf(raw: Record<string, unknown>, n: number): Block {
  if (!Array.isArray(raw.transactions)) {
    throw new EthResponseError('eth_getBlockByNumber returned no transactions array')
  }
  const transactions: BlockTx[] = []
  for (const [i, tx] of raw.transactions.entries()) {
    if (typeof tx === 'string') {
      transactions.push({ hash: tx, from: null, to: null, input: null })
      continue
    }
    if (!isRecord(tx) || typeof tx.hash !== 'string') {
      throw new EthResponseError(
        `expected transaction field \`hash\` (block ${n} transactions[${i}])`,
      )
    }
    transactions.push({
      hash: tx.hash,
      from: stringOrNull(tx.from),
      to: stringOrNull(tx.to),
      input: stringOrNull(tx.input) ?? stringOrNull(tx.data),
    })
  }
  return {
    number: n,
    hash: stringOrNull(raw.hash),
    parentHash: stringOrNull(raw.parentHash),
    miner: stringOrNull(raw.miner),
    blockAccessListHash: stringOrNull(raw.blockAccessListHash),
    transactions,
  }
}

/** `eth_getTransactionReceipt [hash]`; null when not found. */
export async function getReceipt(rpc: Rpc, hash: string): Promise<Receipt | null> {
  const raw = await rpc.request('eth_getTransactionReceipt', [hash])
  if (!isRecord(raw)) return null
  return {
    gasUsed: quantity(raw.gasUsed),
    status: raw.status === undefined || raw.status === null ? null : String(raw.status),
    contractAddress: stringOrNull(raw.contractAddress),
  }
}

/** `eth_blockNumber`: the chain head (null when unparseable). */
export async function blockNumber(rpc: Rpc): Promise<number | null> {
  return quantity(await rpc.request('eth_blockNumber', []))
}

/** Which addresses have code, per block (a cache for `runsCode`). */
export type CodeCache = Map<string, boolean>

/**
 * Whether a transaction of block `n` runs contract code: a creation with init code, or a call to
 * an account with code (`eth_getCode` at block `n`, so a contract created earlier in the block
 * counts; answers are cached per address). Precompiles and plain accounts have no code.
 */
export async function runsCode(
  rpc: Rpc,
  tx: BlockTx,
  n: number,
  cache: CodeCache = new Map(),
): Promise<boolean> {
  if (tx.to === null) return tx.input !== null && !/^(0x)?$/.test(tx.input)
  const address = tx.to.toLowerCase()
  const known = cache.get(address)
  if (known !== undefined) return known
  const code = await rpc.request('eth_getCode', [tx.to, toQuantity(n)])
  const has = typeof code === 'string' && !/^(0x)?$/.test(code)
  cache.set(address, has)
  return has
}

/** The first of a block's first `limit` transactions that runs contract code (`runsCode`), or null. */
export async function firstCodeRunner(rpc: Rpc, block: Block, limit = 64): Promise<BlockTx | null> {
  const cache: CodeCache = new Map()
  for (const tx of block.transactions.slice(0, limit)) {
    if (await runsCode(rpc, tx, block.number, cache)) return tx
  }
  return null
}

/** `eth_chainId` as a number (null when unparseable). */
export async function chainId(rpc: Rpc): Promise<number | null> {
  return quantity(await rpc.request('eth_chainId', []))
}

/** A plain JSON object (not null, not an array): `Fields.isObject`. */
export const isRecord: (value: unknown) => value is Record<string, unknown> = Fields.isObject

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}

/** A response that does not have the documented shape. */
export class EthResponseError extends BaseError {
  override name = 'Eth.ResponseError'
  constructor(message: string) {
    super(message, { code: 'RPC_REQUEST_FAILED' })
  }
}
