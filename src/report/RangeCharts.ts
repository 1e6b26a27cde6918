/**
 * ECharts options of the range dossier's charts, built from its aggregates only (distributions,
 * the bucketed time series, hot-state lists, range totals), so they cost the same for 10 blocks
 * or 10,000. Plain JSON; `RangeSvg.ts` renders them to static SVG for Markdown and HTML.
 */
import type { Distribution, HotEntry, RangeDossier, SeriesPoint } from '../analysis/RangeTypes.ts'
import { fixed } from '../primitives/Fmt.ts'
import type * as HtmlCharts from './HtmlCharts.ts'
import { shorten } from './HtmlEscape.ts'
import * as LadderChart from './LadderChart.ts'

/** One chart: a stable id (its file name) and a title. */
export type Chart = {
  readonly id: string
  readonly title: string
  readonly option: HtmlCharts.Option
}

/** Every chart the range supports, in page order; charts without data are left out. */
export function build(d: RangeDossier): Chart[] {
  const byGas = d.theoretical_parallelism_ceiling_by_gas !== null
  const charts: (Chart | undefined)[] = [
    histogram(d, byGas ? 'ceiling_by_gas' : 'ceiling_by_tx', 'ceiling-histogram'),
    histogram(d, 'conflict_percentage', 'conflict-histogram'),
    histogram(d, byGas ? 'gas_critical_path' : 'critical_path_length', 'critical-path-histogram'),
    histogram(d, 'gas_used', 'gas-histogram'),
    ceilingSeries(d, byGas),
    series(d, 'conflict-series', 'Conflict percentage over block number', [
      ['conflict % (mean)', (p) => p.conflict_percentage_mean],
    ]),
    series(d, 'gas-series', 'Gas and gas-weighted critical path over block number', [
      ['gas used (mean)', (p) => p.gas_used_mean],
      ['gas critical path (mean)', (p) => p.gas_critical_path_mean],
    ]),
    hot('hot-contracts', 'Hot contracts by conflict contribution', d.hot_contracts, 'contribution'),
    hot(
      'top-serializers',
      'Contracts by blocks they serialized most',
      d.top_serializing_contracts,
      'top',
    ),
    speedup(d),
    LadderChart.chart(d),
  ]
  return charts.filter((c): c is Chart => c !== undefined)
}

const titles: Readonly<Record<string, string>> = {
  ceiling_by_gas: 'Parallelism ceiling by gas per block',
  ceiling_by_tx: 'Parallelism ceiling by tx per block',
  conflict_percentage: 'Conflict percentage per block',
  gas_critical_path: 'Gas-weighted critical path per block',
  critical_path_length: 'Critical path (txs) per block',
  gas_used: 'Gas used per block',
}

function base(title: string): HtmlCharts.Option {
  return {
    animation: false,
    title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
    grid: { left: 30, right: 40, top: 60, bottom: 60, containLabel: true },
  }
}

function axisName(name: string): HtmlCharts.Option {
  return { name, nameLocation: 'middle', nameGap: 30 }
}

/** A histogram of one distribution (bins labelled by their lower edge). */
function histogram(d: RangeDossier, metric: string, id: string): Chart | undefined {
  const dist = d.distributions.find((x) => x.metric === metric)
  if (dist === undefined || dist.count === 0) return undefined
  const title = `${titles[metric] ?? metric}: ${dist.count} blocks`
  return {
    id,
    title: titles[metric] ?? metric,
    option: {
      ...base(title),
      xAxis: {
        ...axisName(`${metric} (${dist.unit}), bin lower edge`),
        type: 'category',
        data: dist.histogram.counts.map((_, i) => edge(dist, i)),
      },
      yAxis: { type: 'value', name: 'blocks' },
      series: [{ type: 'bar', name: 'blocks', data: dist.histogram.counts, color: '#4e79a7' }],
    },
  }
}

function edge(dist: Distribution, i: number): string {
  const value = dist.histogram.edges[i]!
  return dist.unit === 'gas' ? compact(value) : fixed(value, dist.unit === 'txs' ? 0 : 2)
}

function ceilingSeries(d: RangeDossier, byGas: boolean): Chart | undefined {
  if (!byGas)
    return series(d, 'ceiling-series', 'Parallelism ceiling over block number', [
      ['ceiling by tx (mean)', (p) => p.ceiling_by_tx_mean],
    ])
  return series(d, 'ceiling-series', 'Parallelism ceiling by gas over block number', [
    ['ceiling by gas (mean)', (p) => p.ceiling_by_gas_mean],
    ['ceiling by gas (lowest block)', (p) => p.ceiling_by_gas_min],
  ])
}

/** Lines over block number (each point at its first block); none when no line has a value. */
function series(
  d: RangeDossier,
  id: string,
  title: string,
  lines: readonly (readonly [string, (p: SeriesPoint) => number | null])[],
): Chart | undefined {
  const points = d.time_series.points
  if (lines.every(([, pick]) => points.every((p) => pick(p) === null))) return undefined
  const per = d.time_series.bucket_blocks
  return {
    id,
    title,
    option: {
      ...base(per === 1 ? title : `${title} (${per}-block means)`),
      legend: { bottom: 4 },
      xAxis: { ...axisName('block'), type: 'value', min: 'dataMin', max: 'dataMax', scale: true },
      yAxis: { type: 'value', scale: true },
      series: lines.map(([name, pick]) => ({
        type: 'line',
        name,
        showSymbol: points.length <= 60,
        data: points.flatMap((p) => {
          const y = pick(p)
          return y === null ? [] : [[p.first_block, round(y)]]
        }),
      })),
    },
  }
}

function hot(
  id: string,
  title: string,
  rows: readonly HotEntry[],
  value: 'contribution' | 'top',
): Chart | undefined {
  const shown = rows.slice(0, 10).reverse()
  if (shown.length === 0) return undefined
  return {
    id,
    title,
    option: {
      ...base(title),
      xAxis: {
        ...axisName(
          value === 'top' ? 'blocks as top serializer' : '(pair, key) conflict incidences',
        ),
        type: 'value',
      },
      yAxis: {
        type: 'category',
        data: shown.map(
          (r) => `${r.label === 'unknown' ? '' : `${r.label} `}${shorten(r.address)}`,
        ),
        axisLabel: { width: 260, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          name: value === 'top' ? 'blocks' : 'conflict contribution',
          data: shown.map((r) =>
            value === 'top' ? r.top_serializer_blocks : r.conflict_contribution,
          ),
          color: '#4e79a7',
        },
      ],
    },
  }
}

function speedup(d: RangeDossier): Chart {
  const rows = d.worker_simulation
  const byGas = d.theoretical_parallelism_ceiling_by_gas
  const ceiling = byGas ?? d.theoretical_parallelism_ceiling_by_tx
  return {
    id: 'speedup',
    title: 'Speedup vs workers',
    option: {
      ...base('Simulated speedup vs workers over the range (canonical order)'),
      legend: { bottom: 4 },
      xAxis: { ...axisName('workers'), type: 'category', data: rows.map((r) => String(r.workers)) },
      yAxis: { type: 'value', name: 'speedup (x)' },
      series: [
        {
          type: 'line',
          name: 'simulated speedup',
          data: rows.map((r) => round(r.speedup_vs_one_worker)),
        },
        {
          type: 'line',
          name: `critical-path ceiling ${fixed(ceiling, 3)}x (${byGas === null ? 'by tx' : 'by gas'})`,
          symbol: 'none',
          lineStyle: { type: 'dashed' },
          data: rows.map(() => round(ceiling)),
        },
      ],
    },
  }
}

/** `12.3M`, `450k`, or the number itself. */
function compact(x: number): string {
  if (Math.abs(x) >= 1e6) return `${fixed(x / 1e6, 1)}M`
  if (Math.abs(x) >= 1e3) return `${fixed(x / 1e3, 0)}k`
  return fixed(x, 0)
}

/** Chart values carry 3 decimals: enough for display, and stable text in the SVG output. */
function round(x: number): number {
  return Number(fixed(x, 3))
}
