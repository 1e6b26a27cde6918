import { UsageError } from '../primitives/Errors.ts'
import * as Key from '../trace/Key.ts'
import type { AccessSets } from './AccessSets.ts'
import * as Sets from './AccessSets.ts'
import * as Graph from './ConflictGraph.ts'
import type { BlockAnalysis } from './DossierBlock.ts'

/** Dependency type of an edge: read-after-write, write-after-write, write-after-read. */
export type EdgeType = 'raw' | 'waw' | 'war'

/** A key shared by an edge (display text, e.g. `storage:<address>:<slot>`) and the dependency types it creates. */
export type EdgeKey = { key: string; edge_types: EdgeType[] }

/** One direct dependency of the explained tx. */
export type Dependency = {
  tx_index: number
  tx_hash: string
  edge_types: EdgeType[]
  keys: EdgeKey[]
}

/** One step of the chain (from the explained tx back to a root). */
export type ChainStep = {
  tx_index: number
  tx_hash: string
  wave: number
  duration_units: number
  /** Longest duration-weighted path ending at this tx. */
  path_depth: number
  /** The dependency this step waits for on the chain (null at the root). */
  waits_for: Dependency | null
}

/** Why a tx sits where it does in the block's schedule. */
export type Explanation = {
  report_version: 'tx-explanation-v1'
  chain: string
  block_number: number
  tx_index: number
  tx_hash: string
  wave: number
  wave_count: number
  conflict_degree: number
  duration_units: number
  duration_unit: 'gas' | 'tx'
  block_critical_path: number
  direct_dependencies: Dependency[]
  dependency_chain: ChainStep[]
}

/**
 * Explains one tx of an analyzed block: its wave, every direct dependency with the keys and edge
 * types behind it, and the chain back to a root along the longest duration-weighted path (ties:
 * the lowest tx_index).
 * @example Explain.build(Pipeline.block(result, 1)!, 17)
 */
export function build(a: BlockAnalysis, txIndex: number): Explanation {
  const { trace } = a
  const target = trace.transactions.findIndex((tx) => tx.txIndex === txIndex)
  if (target < 0) {
    const indices = trace.transactions.map((tx) => tx.txIndex)
    throw new UsageError(
      `block ${trace.block.number} has no tx_index ${txIndex} (it has ${indices.length} txs${indices.length > 0 ? `, tx_index ${indices[0]}..${indices[indices.length - 1]}` : ''})`,
    )
  }
  const { sets, depth } = a
  const summary = (p: number) => a.entry.tx_summaries[p]!
  const dependency = (earlier: number, later: number): Dependency => ({
    tx_index: summary(earlier).tx_index,
    tx_hash: summary(earlier).tx_hash,
    edge_types: Graph.edgeTypesOf(sets[earlier]!, sets[later]!),
    keys: edgeKeys(sets[earlier]!, sets[later]!),
  })
  const chain: ChainStep[] = []
  let current = target
  for (;;) {
    // The conflict graph's deps keep every longest path (a dependency missing from them is reached
    // through one that is there, which is deeper), so the deepest of them is the deepest direct
    // dependency, ties included; walking them avoids a scan of every earlier tx per step.
    const deps = a.graph.deps[current] ?? []
    let best = -1
    for (const d of deps) if (best < 0 || depth[d]! > depth[best]!) best = d
    chain.push({
      tx_index: summary(current).tx_index,
      tx_hash: summary(current).tx_hash,
      wave: summary(current).wave,
      duration_units: a.durations[current]!,
      path_depth: depth[current]!,
      waits_for: best < 0 ? null : dependency(best, current),
    })
    if (best < 0) break
    current = best
  }
  return {
    report_version: 'tx-explanation-v1',
    chain: trace.chain,
    block_number: trace.block.number,
    tx_index: txIndex,
    tx_hash: summary(target).tx_hash,
    wave: summary(target).wave,
    wave_count: a.entry.wave_count,
    conflict_degree: summary(target).conflict_degree,
    duration_units: a.durations[target]!,
    duration_unit: a.gasComplete ? 'gas' : 'tx',
    block_critical_path: a.durationPath,
    direct_dependencies: Graph.dependenciesOf(sets, target).map((d) => dependency(d, target)),
    dependency_chain: chain,
  }
}

function edgeKeys(earlier: AccessSets, later: AccessSets): EdgeKey[] {
  const lr = new Set(later.reads)
  const lw = new Set(later.writes)
  const er = new Set(earlier.reads)
  const ew = new Set(earlier.writes)
  return Sets.conflictKeys(earlier, later).map((key) => {
    const edge_types: EdgeType[] = []
    if (ew.has(key) && lr.has(key)) edge_types.push('raw')
    if (ew.has(key) && lw.has(key)) edge_types.push('waw')
    if (er.has(key) && lw.has(key)) edge_types.push('war')
    return { key: Key.toText(key), edge_types }
  })
}
