import { MerklePatriciaTrie } from '@ethereumjs/mpt'
import { RLP } from '@ethereumjs/rlp'
import { bytesToHex, hexToBytes, KECCAK256_RLP } from '@ethereumjs/util'
import { Bloom, encodeReceipt } from '@ethereumjs/vm'
import type * as Transaction from '../trace/Transaction.ts'
import type * as Execute from './Execute.ts'

/**
 * What a block header commits to about its receipts, computed from plain per-transaction results
 * (whichever engine produced them): the logs bloom and the receipts root (Byzantium on: receipts
 * carry a status; before, an intermediate state root, which a partial pre-state cannot give).
 */

/** The header fields a block's receipts determine. */
export type Committed = {
  /** The OR of every log's address and topics, `0x` + 512 hex digits. */
  readonly logsBloom: string
  /** The receipts root, or null when `receiptsRoot` was not asked for (before Byzantium). */
  readonly receiptsRoot: string | null
}

/**
 * The logs bloom and (with `receiptsRoot`, Byzantium on) the receipts root: the Merkle-Patricia root
 * of RLP(index) → the typed receipt (status, cumulative gas, bloom, logs). `types[i]` is
 * transaction i's type. Each transaction's bloom is computed once and serves both.
 */
export async function commit(
  results: readonly Execute.TxResult[],
  types: readonly Transaction.Type[],
  options: { readonly receiptsRoot: boolean },
): Promise<Committed> {
  const block = new Bloom()
  const trie = new MerklePatriciaTrie()
  let cumulative = 0n
  for (const [i, r] of results.entries()) {
    const bloom = bloomOf(r.logs)
    block.or(bloom)
    if (!options.receiptsRoot) continue
    cumulative += r.gasUsed
    const logs = r.logs.map(
      (log) =>
        [bytes(log.address), log.topics.map(bytes), bytes(log.data)] as [
          Uint8Array,
          Uint8Array[],
          Uint8Array,
        ],
    )
    const receipt = {
      status: (r.status === 'success' ? 1 : 0) as 0 | 1,
      cumulativeBlockGasUsed: cumulative,
      bitvector: bloom.bitvector,
      logs,
    }
    await trie.put(RLP.encode(i), encodeReceipt(receipt, types[i] ?? 0))
  }
  const root = results.length === 0 ? bytesToHex(KECCAK256_RLP) : bytesToHex(trie.root())
  return {
    logsBloom: bytesToHex(block.bitvector),
    receiptsRoot: options.receiptsRoot ? root : null,
  }
}

function bloomOf(logs: readonly Execute.Log[]): Bloom {
  const out = new Bloom()
  for (const log of logs) {
    out.add(bytes(log.address))
    for (const topic of log.topics) out.add(bytes(topic))
  }
  return out
}

function bytes(hex: string): Uint8Array {
  return hexToBytes(hex as `0x${string}`)
}
