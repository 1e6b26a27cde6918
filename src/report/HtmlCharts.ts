import type { Dossier } from '../analysis/DossierTypes.ts'
import type { Chain, Schedule } from '../analysis/Schedule.ts'
import { fixed } from '../primitives/Fmt.ts'
import { criticalChain } from './ChainChart.ts'
import { axisName, base, keyName, palette, round } from './ChartParts.ts'
import { shorten } from './HtmlEscape.ts'
import * as LadderChart from './LadderChart.ts'

/**
 * ECharts option builders shared by the HTML page (embedded as JSON, rendered in the browser) and
 * the static SVGs (rendered in Node). Options are plain JSON: the one function a chart needs (the
 * Gantt `renderItem`) is named by the marker `renderItem: 'gantt'` and attached by each renderer.
 */

/** A plain-JSON ECharts option. */
export type Option = { readonly [key: string]: unknown }

/** One chart: a stable id (file/element name), a title, its option and per-item tooltip data. */
export type Chart = {
  readonly id: string
  readonly title: string
  readonly option: Option
  /** Per data item of the first series: tooltip lines (plain text, escaped by the renderer). */
  readonly tips?: readonly (readonly string[])[]
  /** Per link of a graph series: tooltip lines. */
  readonly edgeTips?: readonly (readonly string[])[]
}

/** Extra display inputs computed outside the dossier. */
export type Extras = {
  readonly schedule?: Schedule | undefined
  readonly chain?: Chain | null | undefined
}

const strategyNames = { canonical: 'canonical', gas_lpt: 'gas-LPT', critical_path: 'critical-path' }

/** Every chart the dossier supports, in page order; charts whose input is missing are left out. */
export function build(dossier: Dossier, extras: Extras = {}): Chart[] {
  const charts = [speedup(dossier), ablation(dossier)]
  const ladder = LadderChart.chart(dossier)
  if (ladder !== undefined) charts.push(ladder)
  if (extras.schedule) charts.push(gantt(extras.schedule))
  charts.push(hotContracts(dossier), hotKeys(dossier))
  if (extras.chain) charts.push(criticalChain(extras.chain))
  if (dossier.blocks.length > 1) charts.push(perBlock(dossier))
  return charts
}

/** Canonical-simulation speedup per worker count against the critical-path ceiling. */
export function speedup(dossier: Dossier): Chart {
  const rows = dossier.worker_simulation
  const byGas = dossier.theoretical_parallelism_ceiling_by_gas
  const ceiling = byGas ?? dossier.theoretical_parallelism_ceiling_by_tx
  const ceilingName = `critical-path ceiling ${fixed(ceiling, 3)}x (${byGas === null ? 'by tx' : 'by gas'})`
  return {
    id: 'speedup',
    title: 'Speedup vs workers',
    option: {
      ...base('Simulated speedup vs workers (canonical order)'),
      legend: { bottom: 4 },
      tooltip: { trigger: 'axis' },
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
          name: ceilingName,
          symbol: 'none',
          lineStyle: { type: 'dashed' },
          data: rows.map(() => round(ceiling)),
        },
      ],
    },
  }
}

/** Scheduler ablation: speedup vs canonical 1-worker, one bar per strategy at each worker count. */
export function ablation(dossier: Dossier): Chart {
  const rows = dossier.scheduler_ablation
  const workers = [...new Set(rows.map((r) => r.workers))].sort((a, b) => a - b)
  const strategies = (['canonical', 'gas_lpt', 'critical_path'] as const).filter((s) =>
    rows.some((r) => r.strategy === s),
  )
  return {
    id: 'ablation',
    title: 'Scheduler ablation',
    option: {
      ...base('Scheduler ablation: speedup vs canonical 1-worker'),
      legend: { bottom: 4 },
      tooltip: { trigger: 'axis' },
      xAxis: { ...axisName('workers'), type: 'category', data: workers.map(String) },
      yAxis: { type: 'value', name: 'speedup (x)' },
      series: strategies.map((strategy) => ({
        type: 'bar',
        name: strategyNames[strategy],
        data: workers.map((w) => {
          const row = rows.find((r) => r.strategy === strategy && r.workers === w)
          return row ? round(row.speedup_vs_canonical_one_worker) : null
        }),
      })),
    },
  }
}

/** Gantt view of the simulated schedule: worker lanes, tx bars coloured by wave. */
export function gantt(schedule: Schedule): Chart {
  const lanes = Array.from({ length: schedule.workers }, (_, i) => `worker ${i + 1}`)
  const data = schedule.items.map((item) => ({
    value: [item.lane, item.start, item.end, item.wave, item.txIndex, item.blockNumber],
    itemStyle: { color: palette[item.wave % palette.length] },
  }))
  const tips = schedule.items.map((item) => [
    `block ${item.blockNumber} · tx ${item.txIndex}`,
    item.txHash,
    `gas ${item.gasUsed === null ? 'unavailable' : item.gasUsed}`,
    `wave ${item.wave} · worker ${item.lane + 1} · ${item.start}–${item.end}`,
  ])
  const boundaries = schedule.blocks.slice(1).map((b) => ({ xAxis: b.start }))
  return {
    id: 'gantt',
    title: 'Simulated schedule',
    tips,
    option: {
      ...base(
        `Simulated schedule: ${schedule.workers} workers, ${strategyNames[schedule.strategy]} order (colour = wave)`,
      ),
      tooltip: { trigger: 'item' },
      grid: { left: 30, right: 40, top: 50, bottom: 85, containLabel: true },
      dataZoom: [{ type: 'slider', xAxisIndex: 0, filterMode: 'weakFilter', bottom: 5 }],
      xAxis: { ...axisName('duration units'), type: 'value', min: 0, max: schedule.makespan },
      yAxis: { type: 'category', data: lanes, inverse: true },
      series: [
        {
          type: 'custom',
          name: 'transactions',
          renderItem: 'gantt',
          encode: { x: [1, 2], y: 0 },
          data,
          markLine: { symbol: 'none', silent: true, label: { show: false }, data: boundaries },
        },
      ],
    },
  }
}

/** Hot contracts as bars of conflict contribution. */
export function hotContracts(dossier: Dossier): Chart {
  const rows = [...dossier.top_hot_contracts].reverse()
  return barChart(
    'hot-contracts',
    'Hot contracts by conflict contribution',
    rows.map((r) => `${r.label === 'unknown' ? '' : `${r.label} `}${shorten(r.address)}`),
    rows.map((r) => r.conflict_contribution),
    rows.map((r) => [r.label, r.address, `conflict contribution ${r.conflict_contribution}`]),
  )
}

/** Hot keys (storage slots and account-level keys) as bars of conflict contribution. */
export function hotKeys(dossier: Dossier): Chart {
  const rows = [...dossier.top_hot_keys].reverse()
  return barChart(
    'hot-keys',
    'Hot keys (storage slots and account fields) by conflict contribution',
    rows.map((r) => keyName(r.key, r.address_label === 'unknown' ? null : r.address_label)),
    rows.map((r) => r.conflict_contribution),
    rows.map((r) => [
      r.address_label,
      r.key,
      r.key_type === 'storage' ? 'storage slot' : `account-level key (${r.key_type})`,
      `conflict contribution ${r.conflict_contribution} (pair, key) incidences`,
    ]),
  )
}

function barChart(
  id: string,
  title: string,
  names: readonly string[],
  values: readonly number[],
  tips: readonly (readonly string[])[],
): Chart {
  return {
    id,
    title,
    tips,
    option: {
      ...base(title),
      tooltip: { trigger: 'item' },
      xAxis: { ...axisName('(pair, key) conflict incidences'), type: 'value' },
      yAxis: { type: 'category', data: names, axisLabel: { width: 260, overflow: 'truncate' } },
      series: [{ type: 'bar', name: 'conflict contribution', data: values, color: '#4e79a7' }],
    },
  }
}

/** Per-block ceiling and conflict percentage over block number (ranges only). */
function perBlock(dossier: Dossier): Chart {
  const blocks = dossier.blocks
  const byGas = blocks.every((b) => b.ceiling_by_gas !== null)
  return {
    id: 'blocks',
    title: 'Per-block distributions',
    option: {
      ...base('Per-block ceiling and conflict percentage'),
      legend: { bottom: 4 },
      tooltip: { trigger: 'axis' },
      xAxis: {
        ...axisName('block'),
        type: 'category',
        data: blocks.map((b) => String(b.block_number)),
      },
      yAxis: [
        { type: 'value', name: byGas ? 'ceiling by gas (x)' : 'ceiling by tx (x)' },
        { type: 'value', name: 'conflict %', position: 'right' },
      ],
      series: [
        {
          type: 'line',
          name: byGas ? 'ceiling by gas' : 'ceiling by tx',
          data: blocks.map((b) => round(byGas ? (b.ceiling_by_gas ?? 0) : b.ceiling_by_tx)),
        },
        {
          type: 'bar',
          name: 'conflict %',
          yAxisIndex: 1,
          data: blocks.map((b) => round(b.conflict_percentage)),
        },
      ],
    },
  }
}
