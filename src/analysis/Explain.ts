import { UsageError } from '../primitives/Errors.ts'
import * as Key from '../trace/Key.ts'
import type * as Labels from '../trace/Labels.ts'
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

/** A key the explained tx waits on, with how many of its direct dependencies go through it. */
export type HoldingKey = {
  key: string
  key_type: Key.Type
  address_label: string
  dependency_count: number
}

/** A direct dependency ranked by when it finishes on its longest path (latest first). */
export type Holder = {
  tx_index: number
  tx_hash: string
  /** Longest duration-weighted path ending at this tx: the earliest the explained tx can start. */
  path_depth: number
  key_count: number
  /** The shared key with the most conflict incidences in the block. */
  main_key: string
}

/** What holds the tx back most: keys and earlier txs, each ranked, whole lists. */
export type Summary = {
  /** Keys by the number of direct dependencies through them (desc), then key order. */
  keys: HoldingKey[]
  /** Direct dependencies by path depth (desc), then tx_index. */
  holders: Holder[]
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
  /** Addition: what holds it back most (labels applied). */
  summary: Summary
}

/**
 * Explains one tx of an analyzed block: its wave, every direct dependency with the keys and edge
 * types behind it, and the chain back to a root along the longest duration-weighted path (ties:
 * the lowest tx_index).
 * @example Explain.build(Pipeline.block(result, 1)!, 17)
 */
export function build(a: BlockAnalysis, txIndex: number, options: build.Options = {}): Explanation {
  const { labels = [] } = options
  const { trace } = a
  const target = trace.transactions.findIndex((tx) => tx.txIndex === txIndex)
  if (target < 0) {
    const indices = trace.transactions.map((tx) => tx.txIndex)
    throw new UsageError(
      `block ${trace.block.number} has no tx_index ${txIndex} (it has ${indices.length} txs${indices.length > 0 ? `, tx_index ${indices[0]}..${indices[indices.length - 1]}` : ''})`,
    )
  }
  const { sets, depth } = a
  const direct = Graph.dependenciesOf(sets, target)
  const summary = (p: number) => a.entry.tx_summaries[p]!
  const dependency = (earlier: number, later: number): Dependency => ({
    tx_index: summary(earlier).tx_index,
    tx_hash: summary(earlier).tx_hash,
    edge_types: Graph.edgeTypesOf(sets[earlier]!, sets[later]!),
    keys: edgeKeys(sets[earlier]!, sets[later]!),
  })
  const chain = walk(a, target).map(
    ({ position, waitsFor }): ChainStep => ({
      tx_index: summary(position).tx_index,
      tx_hash: summary(position).tx_hash,
      wave: summary(position).wave,
      duration_units: a.durations[position]!,
      path_depth: depth[position]!,
      waits_for: waitsFor === null ? null : dependency(waitsFor, position),
    }),
  )
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
    direct_dependencies: direct.map((d) => dependency(d, target)),
    dependency_chain: chain,
    summary: summaryOf(a, target, direct, labels),
  }
}

export declare namespace build {
  type Options = { readonly labels?: Labels.Labels | undefined }
}

function summaryOf(
  a: BlockAnalysis,
  target: number,
  direct: readonly number[],
  labels: Labels.Labels,
): Summary {
  const names = new Map(labels)
  const incidences = new Map(a.graph.keyContributions.map((k) => [k.key, k.count]))
  const perKey = new Map<Key.Id, number>()
  const holders: Holder[] = direct.map((d) => {
    const keys = Sets.conflictKeys(a.sets[d]!, a.sets[target]!)
    let main = keys[0]!
    for (const k of keys) {
      perKey.set(k, (perKey.get(k) ?? 0) + 1)
      if ((incidences.get(k) ?? 0) > (incidences.get(main) ?? 0)) main = k
    }
    const s = a.entry.tx_summaries[d]!
    return {
      tx_index: s.tx_index,
      tx_hash: s.tx_hash,
      path_depth: a.depth[d]!,
      key_count: keys.length,
      main_key: Key.toText(main),
    }
  })
  const keys = [...perKey]
    .sort((x, y) => y[1] - x[1] || Key.compareIds(x[0], y[0]))
    .map(([id, count]) => ({
      key: Key.toText(id),
      key_type: Key.typeOf(id),
      address_label: names.get(Key.addressOf(id)) ?? 'unknown',
      dependency_count: count,
    }))
  holders.sort((x, y) => y.path_depth - x.path_depth || x.tx_index - y.tx_index)
  return { keys, holders }
}

/**
 * The longest duration-weighted chain from position `target` back to a root: each step's position
 * and the position it waits for on the chain (the deepest direct dependency, ties: the lowest
 * position; null at the root).
 */
export function walk(
  a: Pick<BlockAnalysis, 'graph' | 'depth'>,
  target: number,
): { position: number; waitsFor: number | null }[] {
  const steps: { position: number; waitsFor: number | null }[] = []
  let current = target
  for (;;) {
    // The conflict graph's deps keep every longest path (a dependency missing from them is reached
    // through one that is there, which is deeper), so the deepest of them is the deepest direct
    // dependency, ties included; walking them avoids a scan of every earlier tx per step.
    const deps = a.graph.deps[current] ?? []
    let best = -1
    for (const d of deps) if (best < 0 || a.depth[d]! > a.depth[best]!) best = d
    steps.push({ position: current, waitsFor: best < 0 ? null : best })
    if (best < 0) return steps
    current = best
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
