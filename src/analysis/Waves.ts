import type { ConflictGraph } from './ConflictGraph.ts'

/** Wave layout of a block: wave(tx) = 1 + max wave(dependency), 0-based. */
export type Waves = {
  /** Per position: its wave index. */
  readonly waveOf: readonly number[]
  /** Per wave: positions in it, ascending. */
  readonly waves: readonly (readonly number[])[]
  /** Width of the widest wave (0 for an empty block). */
  readonly maxWidth: number
}

/** Groups transactions into waves of mutually independent txs (equals repeated "take all ready"). */
export function build(graph: ConflictGraph): Waves {
  const waveOf: number[] = []
  const waves: number[][] = []
  for (let b = 0; b < graph.txCount; b++) {
    let wave = 0
    for (const a of graph.deps[b]!) wave = Math.max(wave, waveOf[a]! + 1)
    waveOf.push(wave)
    while (waves.length <= wave) waves.push([])
    waves[wave]!.push(b)
  }
  let maxWidth = 0
  for (const wave of waves) maxWidth = Math.max(maxWidth, wave.length)
  return { waveOf, waves, maxWidth }
}
