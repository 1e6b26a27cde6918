/**
 * The worst blocks and transactions of a range, kept as the blocks stream in: the dossier's top-5
 * blocks by conflict percentage and by gas-weighted critical path, and its top-10 serializing
 * transactions, in the dossier's orders (total: ties end on block number and tx index).
 */
import type { WorstBlock, WorstTx } from './DossierTypes.ts'
import type { BlockSummary } from './RangeTypes.ts'

/** The current worst lists. */
export type Worst = {
  byConflict: WorstBlock[]
  byGasPath: WorstBlock[]
  txs: WorstTx[]
}

/** Empty lists. */
export function create(): Worst {
  return { byConflict: [], byGasPath: [], txs: [] }
}

/** Adds one block (its row and its own worst transactions). */
export function add(worst: Worst, s: BlockSummary): void {
  const row: WorstBlock = {
    block_number: s.blockNumber,
    tx_count: s.txCount,
    conflict_pair_count: s.pairCount,
    conflict_percentage: s.conflictPercentage,
    gas_weighted_critical_path: s.gasCriticalPath,
  }
  const path = (r: WorstBlock) => r.gas_weighted_critical_path ?? 0
  worst.byConflict = [...worst.byConflict, row]
    .sort(
      (a, b) => b.conflict_percentage - a.conflict_percentage || a.block_number - b.block_number,
    )
    .slice(0, 5)
  worst.byGasPath = [...worst.byGasPath, row]
    .sort((a, b) => path(b) - path(a) || a.block_number - b.block_number)
    .slice(0, 5)
  worst.txs = [...worst.txs, ...s.worstTxs]
    .sort(
      (a, b) =>
        b.conflict_degree - a.conflict_degree ||
        b.duration_units - a.duration_units ||
        a.block_number - b.block_number ||
        a.tx_index - b.tx_index,
    )
    .slice(0, 10)
}
