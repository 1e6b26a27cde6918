/**
 * Conversion of one trace-pack block into the normalized single-block trace every analysis
 * consumes (docs/original-lab.md §2.3 "Conversion to the normalized trace"), extended with the
 * account-field `op` conventions (BALANCE / NONCE / CODE) and fee-recipient credits (FEE_CREDIT).
 */
import type * as BlockTrace from './BlockTrace.ts'
import * as Fixture from './Fixture.ts'
import type * as TracePack from './TracePack.ts'
import * as TracerCoverage from './TracerCoverage.ts'

/** Options of `fromBlock`. */
export type Options = {
  /** What to do with `FEE_CREDIT` accesses: drop them (default) or keep them as `balance:` read_writes. */
  readonly feeRecipient?: 'exclude' | 'include'
}

/** The zero address substituted for a missing sender. */
export const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000'

/** Block-level warning appended to every converted block whose tracer can miss reads. */
export const PACK_WARNING =
  'trace pack access observations may be incomplete; gas-weighted scheduling is theoretical'

/** Block-level warning appended instead when the tracer records every read (`TracerCoverage`). */
export const PACK_WARNING_COMPLETE = 'gas-weighted scheduling is theoretical'

/**
 * Converts a (validated) pack block into a normalized `BlockTrace`. The chain is the manifest's.
 * Reads are marked incomplete unless the manifest's tracer records every read
 * (`TracerCoverage.of(tracer_kind).readsComplete`); when fee credits are excluded and some were
 * present, a block warning says how many (see also `feeCreditCount`).
 */
export function fromBlock(
  block: TracePack.Block,
  manifest: TracePack.Manifest,
  options: Options = {},
): BlockTrace.BlockTrace {
  const { feeRecipient = 'exclude' } = options
  const excluded = feeRecipient === 'exclude' ? feeCreditCount(block) : 0
  const { readsComplete } = TracerCoverage.of(manifest.tracerKind)
  const warnings: BlockTrace.Warning[] = [
    ...block.warnings.map((message) => ({ txIndex: null, message })),
    { txIndex: null, message: readsComplete ? PACK_WARNING_COMPLETE : PACK_WARNING },
  ]
  if (excluded > 0) {
    warnings.push({
      txIndex: null,
      message: `${excluded} fee-recipient balance credit${excluded === 1 ? '' : 's'} (FEE_CREDIT) excluded from conflicts`,
    })
  }
  return Fixture.normalize({
    chain: manifest.chain,
    block: { number: block.blockNumber, hash: block.blockHash },
    transactions: block.transactions.map((tx) =>
      convertTx(block.blockNumber, tx, feeRecipient, readsComplete),
    ),
    warnings,
  })
}

/** Number of fee-recipient credit accesses (`op` FEE_CREDIT, no slot) in a block. */
export function feeCreditCount(block: TracePack.Block): number {
  let count = 0
  for (const tx of block.transactions) {
    for (const access of tx.accesses) if (isFeeCredit(access)) count++
  }
  return count
}

/** Maps a pack access to a normalized key and kind; `null` when the access is dropped. */
export function convertAccess(
  access: TracePack.Access,
  feeRecipient: 'exclude' | 'include',
): BlockTrace.Access | null {
  const { address, slot, op } = access
  if (slot !== null) return { kind: kindOf(access.kind), key: { type: 'storage', address, slot } }
  if (isFeeCredit(access)) {
    if (feeRecipient === 'exclude') return null
    return { kind: 'read_write', key: { type: 'balance', address } }
  }
  const type =
    op === 'BALANCE' ? 'balance' : op === 'NONCE' ? 'nonce' : op === 'CODE' ? 'code' : 'account'
  return { kind: kindOf(access.kind), key: { type, address } }
}

function convertTx(
  blockNumber: number,
  tx: TracePack.Tx,
  feeRecipient: 'exclude' | 'include',
  readsComplete: boolean,
): BlockTrace.Tx {
  const warnings: BlockTrace.Warning[] = tx.warnings.map((message) => ({
    txIndex: tx.txIndex,
    message,
  }))
  if (tx.from === null) {
    warnings.push({
      txIndex: tx.txIndex,
      message: `trace pack block ${blockNumber} missing sender; zero address substituted for normalized analysis`,
    })
  }
  const accesses: BlockTrace.Access[] = []
  for (const access of tx.accesses) {
    const converted = convertAccess(access, feeRecipient)
    if (converted !== null) accesses.push(converted)
  }
  return {
    txIndex: tx.txIndex,
    txHash: tx.txHash,
    from: tx.from ?? ZERO_ADDRESS,
    to: tx.to,
    readInfoComplete: readsComplete,
    accesses,
    warnings,
  }
}

function isFeeCredit(access: TracePack.Access): boolean {
  return access.slot === null && access.op === 'FEE_CREDIT'
}

function kindOf(kind: TracePack.AccessKind): BlockTrace.AccessKind {
  if (kind === 'read' || kind === 'call') return 'read'
  if (kind === 'write' || kind === 'create' || kind === 'selfdestruct') return 'write'
  return 'read_write'
}
