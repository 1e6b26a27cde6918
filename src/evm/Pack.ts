import type * as Json from '../primitives/Json.ts'
import type * as ReplayPack from '../trace/ReplayPack.ts'
import * as TracePack from '../trace/TracePack.ts'
import * as Capture from './Capture.ts'
import type * as Execute from './Execute.ts'
import type * as Generate from './Generate.ts'
import * as Mix from './Mix.ts'

/** Manifest `chain` of generated packs. */
export const chain = 'generated-evm'

/** Manifest `provenance` of generated packs. */
export const provenance =
  'generated, real EVM execution: a seeded synthetic block (Uniswap V2, WETH9 and ERC-20 bytecode from npm) executed by ethereumjs; not observed chain data'

/** Manifest warnings: what the capture does not represent. */
export const warnings = [
  'synthetic block: contract mix, senders and popularity are generated, not observed',
  ...Capture.warnings,
]

/**
 * Builds the one-block trace pack of a generated block from its captured execution. `toolVersion`
 * goes into `created_by_tool_version`.
 */
export function from(
  generated: Generate.Generated,
  result: Execute.Result,
  toolVersion: string,
): TracePack.TracePack {
  const { options, genesis } = generated
  const number = Number(genesis.env.number)
  const transactions = result.results.map((r): TracePack.Tx => {
    const tx = generated.txs[r.txIndex]
    if (tx === undefined || r.accesses === null)
      throw new Error(`execution result ${r.txIndex} has no transaction or no captured accesses`)
    return {
      txIndex: r.txIndex,
      txHash: tx.hash,
      from: tx.from,
      to: tx.to,
      gasUsed: Number(r.gasUsed),
      status: r.status,
      accesses: r.accesses,
      warnings: r.status === 'success' ? [] : [`transaction ${r.status}: ${r.error}`],
    }
  })
  return {
    manifest: {
      schemaVersion: TracePack.SCHEMA_VERSION,
      chain,
      source: 'generate-evm-block',
      provenance,
      startBlock: number,
      endBlock: number,
      createdByToolVersion: toolVersion,
      tracerKind: Capture.tracerKind,
      notes: [
        `options: txs=${options.txs} mix=${Mix.format(options.mix)} pools=${options.pools} skew=${options.skew} seed=${options.seed} users=${options.users}`,
        `engine: ethereumjs vm 10.1.3, hardfork ${genesis.env.hardfork}, fee recipient ${genesis.env.coinbase}`,
        `post-state root ${result.stateRoot ?? 'not computed'}`,
      ],
      warnings,
    },
    blocks: [
      {
        chain,
        blockNumber: number,
        blockHash: null,
        parentHash: null,
        txCount: transactions.length,
        sourceTxCount: null,
        totalGasUsed: Number(result.totalGasUsed),
        transactions,
        warnings: [],
      },
    ],
  }
}

/** One replayed block, as `fromReplay` needs it. */
export type ReplayedBlock = {
  readonly header: ReplayPack.Header
  readonly txs: readonly Execute.Tx[]
  readonly results: readonly Execute.TxResult[]
  /** Header checks that did not match (empty when the block matched). */
  readonly mismatches: readonly string[]
}

/** Manifest `source` of packs written by `replay --trace-out`. */
export const replaySource = 'replay'

/**
 * Builds the trace pack of replayed real blocks from their captured accesses. A block whose replay
 * did not match its header carries a warning saying which checks failed. Sparse block numbers
 * (the bundled mainnet set) are listed in the manifest's `blockNumbers`.
 */
export function fromReplay(
  manifest: ReplayPack.Manifest,
  blocks: readonly ReplayedBlock[],
  toolVersion: string,
): TracePack.TracePack {
  const numbers = blocks.map((b) => b.header.number).sort((a, b) => a - b)
  const start = numbers[0] ?? 0
  const end = numbers[numbers.length - 1] ?? 0
  const contiguous = end - start + 1 === numbers.length
  return {
    manifest: {
      schemaVersion: TracePack.SCHEMA_VERSION,
      chain: manifest.chain,
      source: replaySource,
      provenance: `real chain data (${manifest.provenance}), replayed offline in ethereumjs; each block checked against its header (gas used, logs bloom, receipts root from Byzantium)`,
      startBlock: start,
      endBlock: end,
      ...(contiguous ? {} : { blockNumbers: numbers }),
      createdByToolVersion: toolVersion,
      tracerKind: Capture.tracerKind,
      notes: [`engine: ethereumjs vm 10.1.3 (sequential replay), ${numbers.length} blocks`],
      warnings: Capture.warnings,
    },
    blocks: blocks.map((b) => replayedBlock(manifest.chain, b)),
  }
}

function replayedBlock(chain: string, b: ReplayedBlock): TracePack.Block {
  const transactions = b.results.map((r, i): TracePack.Tx => {
    const tx = b.txs[i]
    if (tx === undefined || r.accesses === null)
      throw new Error(`replay result ${i} has no transaction or no captured accesses`)
    return {
      txIndex: tx.txIndex,
      txHash: tx.hash,
      from: tx.from,
      to: tx.to,
      gasUsed: Number(r.gasUsed),
      status: r.status,
      accesses: r.accesses,
      warnings: r.status === 'success' ? [] : [`transaction ${r.status}: ${r.error}`],
    }
  })
  return {
    chain,
    blockNumber: b.header.number,
    blockHash: b.header.hash,
    parentHash: b.header.parentHash,
    txCount: transactions.length,
    sourceTxCount: null,
    totalGasUsed: transactions.reduce((sum, t) => sum + (t.gasUsed ?? 0), 0),
    transactions,
    warnings:
      b.mismatches.length === 0
        ? []
        : [
            `the replay did not match the header (${b.mismatches.join(', ')}): accesses may differ from the chain's`,
          ],
  }
}

/**
 * The execution summary written beside the pack (`execution.json`): options, block environment,
 * post-state root and per-tx gas/status, so another executor can be checked against this one.
 */
export function execution(generated: Generate.Generated, result: Execute.Result): Json.Value {
  const { options, genesis } = generated
  const env = genesis.env
  return {
    report_version: 'evm-execution-v1',
    provenance,
    options: {
      txs: options.txs,
      mix: Mix.format(options.mix),
      pools: options.pools,
      skew: options.skew,
      seed: options.seed,
      users: options.users,
    },
    block: {
      number: env.number,
      timestamp: env.timestamp,
      coinbase: env.coinbase,
      gas_limit: env.gasLimit,
      base_fee_per_gas: env.baseFeePerGas,
      hardfork: env.hardfork,
      chain_id: env.chainId,
    },
    contracts: {
      weth: generated.world.weth,
      factory: generated.world.factory,
      router: generated.world.router,
      tokens: generated.world.tokens,
      pairs: generated.world.pairs,
    },
    genesis_account_count: genesis.accounts.length,
    state_root: result.stateRoot,
    total_gas_used: result.totalGasUsed,
    transactions: result.results.map((r) => {
      const tx = generated.txs[r.txIndex]
      return {
        tx_index: r.txIndex,
        tx_hash: tx?.hash ?? null,
        kind: tx?.kind ?? null,
        from: tx?.from ?? null,
        to: tx?.to ?? null,
        nonce: tx?.nonce ?? null,
        gas_limit: tx?.gasLimit ?? null,
        gas_used: r.gasUsed,
        status: r.status,
        error: r.error,
      }
    }),
  }
}

/**
 * Contract labels of a generated world (address → name), written as `labels.json` beside the
 * pack so dossiers name the generated contracts. Marked "generated" so they are never mistaken
 * for real deployments.
 */
export function labels(generated: Generate.Generated): { [address: string]: string } {
  const { world, genesis } = generated
  const out: { [address: string]: string } = {
    [world.weth]: 'WETH9 (generated)',
    [world.factory]: 'UniswapV2Factory (generated)',
    [world.router]: 'UniswapV2Router02 (generated)',
    [genesis.env.coinbase]: 'fee recipient (generated)',
  }
  world.tokens.forEach((token, k) => {
    out[token] = `TKN${k} ERC-20 (generated, popularity rank ${k})`
  })
  world.pairs.forEach((pair, k) => {
    out[pair] = `UniswapV2Pair TKN${k}/WETH (generated)`
  })
  const sorted: { [address: string]: string } = {}
  for (const key of Object.keys(out).sort()) sorted[key.toLowerCase()] = out[key] as string
  return sorted
}
