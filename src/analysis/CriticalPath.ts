import type { ConflictGraph } from './ConflictGraph.ts'

/** Longest duration-weighted dependency path ending at each tx, and the block's maximum. */
export type CriticalPath = {
  /** Per position: duration(tx) + max depth(dependency). */
  readonly depth: readonly number[]
  /** Max depth (0 for an empty block). */
  readonly length: number
}

/** Longest path through the dependency DAG, weighting each tx by `durations[position]`. */
export function build(graph: ConflictGraph, durations: readonly number[]): CriticalPath {
  const depth: number[] = []
  let length = 0
  for (let b = 0; b < graph.txCount; b++) {
    let before = 0
    for (const a of graph.deps[b]!) before = Math.max(before, depth[a]!)
    const d = durations[b]! + before
    depth.push(d)
    length = Math.max(length, d)
  }
  return { depth, length }
}

/** Unit-weight path length in txs (equals the wave count). */
export function byTxCount(graph: ConflictGraph): number {
  return build(graph, new Array<number>(graph.txCount).fill(1)).length
}

/** Per position: the longest duration-weighted path from the tx to the end of the DAG (its own duration included). */
export function remaining(
  graph: Pick<ConflictGraph, 'txCount' | 'deps'>,
  durations: readonly number[],
): number[] {
  const n = graph.txCount
  const out = new Array<number>(n).fill(0)
  const successors: number[][] = Array.from({ length: n }, () => [])
  for (let b = 0; b < n; b++) for (const a of graph.deps[b]!) successors[a]!.push(b)
  for (let a = n - 1; a >= 0; a--) {
    let after = 0
    for (const s of successors[a]!) after = Math.max(after, out[s]!)
    out[a] = durations[a]! + after
  }
  return out
}
