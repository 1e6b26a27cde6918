/**
 * Seeded synthetic trace packs with Zipf-distributed hot state: the committed demo pack
 * (`make-synthetic-range-pack.ts`) and the analyzer benchmark (`bench/analyze.bench.ts`) are built from here.
 * SYNTHETIC: no real chain data.
 */
import * as Rng from '../src/primitives/Rng.ts'
import type * as TracePack from '../src/trace/TracePack.ts'

/** A seeded uniform source in [0, 1). */
export function uniform(seed: number): () => number {
  const rng = Rng.fromSeed(seed)
  return () => Rng.nextU32(rng) / 2 ** 32
}

/** Sampler of ranks 0..n-1 with P(r) ∝ 1/(r+1)^s. */
export function zipf(n: number, s: number, next: () => number): () => number {
  const cdf: number[] = []
  let total = 0
  for (let r = 0; r < n; r++) {
    total += 1 / (r + 1) ** s
    cdf.push(total)
  }
  return () => {
    const u = next() * total
    let lo = 0
    let hi = n - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cdf[mid]! < u) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}

/** `0x` + 40 hex digits from a tag and a number. */
export function address(tag: number, n: number): string {
  return `0x${tag.toString(16).padStart(8, '0')}${n.toString(16).padStart(32, '0')}`
}

/** `0x` + 64 hex digits. */
export function word(n: number): string {
  return `0x${n.toString(16).padStart(64, '0')}`
}

/** A deterministic fake 32-byte hash for (block, index). */
export function fakeHash(block: number, index: number): string {
  return `0x${block.toString(16).padStart(32, '0')}${index.toString(16).padStart(32, '0')}`
}

/** One storage access. */
export function storage(
  kind: TracePack.AccessKind,
  contract: string,
  slot: number,
): TracePack.Access {
  const op = kind === 'read' ? 'SLOAD' : 'SSTORE'
  return {
    address: contract,
    slot: word(slot),
    kind,
    op,
    pc: null,
    depth: null,
    gasRemaining: null,
  }
}

/** One account-level access using the BALANCE / NONCE / FEE_CREDIT op convention. */
export function account(
  kind: TracePack.AccessKind,
  who: string,
  op: 'BALANCE' | 'NONCE' | 'FEE_CREDIT',
): TracePack.Access {
  return { address: who, slot: null, kind, op, pc: null, depth: null, gasRemaining: null }
}

/** Options of `zipfBlock`. */
export type ZipfOptions = {
  readonly blockNumber: number
  readonly txs: number
  readonly accessesPerTx: number
  /** Size of the shared (Zipf-ranked) key universe. */
  readonly keys: number
  readonly s: number
  /** Share of accesses that go to shared Zipf-ranked keys; the rest touch tx-private slots. */
  readonly hotShare: number
  /** Write probability of a shared-key access (private accesses write half the time). */
  readonly writeShare: number
  readonly seed: number
}

/**
 * A benchmark block: each access goes, with probability `hotShare`, to a shared storage key drawn
 * by Zipf rank (spread over 64 contracts), otherwise to a slot private to the tx.
 */
export function zipfBlock(options: ZipfOptions): TracePack.Block {
  const next = uniform(options.seed)
  const rank = zipf(options.keys, options.s, next)
  const transactions: TracePack.Tx[] = []
  let totalGas = 0
  for (let i = 0; i < options.txs; i++) {
    const accesses: TracePack.Access[] = []
    for (let a = 0; a < options.accessesPerTx; a++) {
      if (next() < options.hotShare) {
        const key = rank()
        const kind = next() < options.writeShare ? 'write' : 'read'
        accesses.push(storage(kind, address(0xbe4c, key % 64), key))
      } else {
        const kind = next() < 0.5 ? 'write' : 'read'
        accesses.push(storage(kind, address(0x9a1e, i % 64), 0x1000_0000 + i * 64 + a))
      }
    }
    const gasUsed = 21_000 + Math.floor(next() * 200_000)
    totalGas += gasUsed
    transactions.push({
      txIndex: i,
      txHash: fakeHash(options.blockNumber, i),
      from: address(0x5e4d, i),
      to: address(0xbe4c, 0),
      gasUsed,
      status: '0x1',
      accesses,
      warnings: [],
    })
  }
  return {
    chain: 'synthetic-bench',
    blockNumber: options.blockNumber,
    blockHash: null,
    parentHash: null,
    txCount: options.txs,
    sourceTxCount: null,
    totalGasUsed: totalGas,
    transactions,
    warnings: [],
  }
}
