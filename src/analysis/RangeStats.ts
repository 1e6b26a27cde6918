/**
 * Distributions and the time series of a range, from per-block metric columns (a handful of
 * numbers per block, in pack order). Percentiles are nearest-rank (every value reported is one a
 * block had); histograms have `HISTOGRAM_BINS` equal-width bins from the minimum to the maximum.
 */
import type { Distribution, SeriesPoint, TimeSeries } from './RangeTypes.ts'
import { HISTOGRAM_BINS, MAX_SERIES_POINTS } from './RangeTypes.ts'

/** Per-block metric columns, appended in pack order (null: the block has no gas). */
export type Columns = {
  readonly blockNumber: number[]
  readonly txCount: number[]
  readonly gasUsed: (number | null)[]
  readonly conflictPercentage: number[]
  readonly ceilingByTx: number[]
  readonly ceilingByGas: (number | null)[]
  readonly gasCriticalPath: (number | null)[]
  readonly criticalPathLength: number[]
}

/** Empty columns. */
export function columns(): Columns {
  return {
    blockNumber: [],
    txCount: [],
    gasUsed: [],
    conflictPercentage: [],
    ceilingByTx: [],
    ceilingByGas: [],
    gasCriticalPath: [],
    criticalPathLength: [],
  }
}

/** The distributions of every metric, in report order. */
export function distributions(c: Columns): Distribution[] {
  return [
    distribution('ceiling_by_gas', 'x', c.ceilingByGas),
    distribution('ceiling_by_tx', 'x', c.ceilingByTx),
    distribution('conflict_percentage', '%', c.conflictPercentage),
    distribution('gas_critical_path', 'gas', c.gasCriticalPath),
    distribution('critical_path_length', 'txs', c.criticalPathLength),
    distribution('gas_used', 'gas', c.gasUsed),
    distribution('tx_count', 'txs', c.txCount),
  ]
}

/** One metric's distribution over the blocks that have a value. */
export function distribution(
  metric: string,
  unit: string,
  values: readonly (number | null)[],
): Distribution {
  const present = values.filter((v): v is number => v !== null)
  const sorted = [...present].sort((a, b) => a - b)
  const n = sorted.length
  const rank = (p: number) => (n === 0 ? null : sorted[Math.max(Math.ceil((p / 100) * n), 1) - 1]!)
  let sum = 0
  for (const v of present) sum += v
  return {
    metric,
    unit,
    count: n,
    min: n === 0 ? null : sorted[0]!,
    p10: rank(10),
    p25: rank(25),
    p50: rank(50),
    p75: rank(75),
    p90: rank(90),
    p99: rank(99),
    max: n === 0 ? null : sorted[n - 1]!,
    mean: n === 0 ? null : sum / n,
    histogram: histogram(sorted),
  }
}

/** Equal-width bins over sorted values (one bin when all values are equal; none when empty). */
function histogram(sorted: readonly number[]): { edges: number[]; counts: number[] } {
  const n = sorted.length
  if (n === 0) return { edges: [], counts: [] }
  const lo = sorted[0]!
  const hi = sorted[n - 1]!
  if (lo === hi) return { edges: [lo, hi], counts: [n] }
  const width = (hi - lo) / HISTOGRAM_BINS
  const edges = Array.from({ length: HISTOGRAM_BINS + 1 }, (_, i) =>
    i === HISTOGRAM_BINS ? hi : lo + i * width,
  )
  const counts = new Array<number>(HISTOGRAM_BINS).fill(0)
  for (const v of sorted) counts[Math.min(HISTOGRAM_BINS - 1, Math.floor((v - lo) / width))]!++
  return { edges, counts }
}

/** The time series: consecutive blocks averaged so that there are at most `MAX_SERIES_POINTS`. */
export function timeSeries(c: Columns): TimeSeries {
  const n = c.blockNumber.length
  const size = Math.max(1, Math.ceil(n / MAX_SERIES_POINTS))
  const points: SeriesPoint[] = []
  for (let start = 0; start < n; start += size) {
    const end = Math.min(start + size, n)
    const part = <T>(column: readonly T[]) => column.slice(start, end)
    const gasCeilings = present(part(c.ceilingByGas))
    points.push({
      first_block: c.blockNumber[start]!,
      last_block: c.blockNumber[end - 1]!,
      blocks: end - start,
      ceiling_by_gas_mean: mean(gasCeilings),
      ceiling_by_gas_min: gasCeilings.length === 0 ? null : Math.min(...gasCeilings),
      ceiling_by_tx_mean: mean(part(c.ceilingByTx)) ?? 0,
      conflict_percentage_mean: mean(part(c.conflictPercentage)) ?? 0,
      gas_used_mean: mean(present(part(c.gasUsed))),
      gas_critical_path_mean: mean(present(part(c.gasCriticalPath))),
      tx_count_mean: mean(part(c.txCount)) ?? 0,
    })
  }
  return { bucket_blocks: size, points }
}

function present(values: readonly (number | null)[]): number[] {
  return values.filter((v): v is number => v !== null)
}

function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null
  let sum = 0
  for (const v of values) sum += v
  return sum / values.length
}
