import type { Dossier } from '../analysis/DossierTypes.ts'
import type { Chain, Schedule } from '../analysis/Schedule.ts'
import { fixed } from '../primitives/Fmt.ts'
import { shorten } from './HtmlEscape.ts'

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

/** Wave colours, cycled by wave index. */
const palette = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
] as const

const strategyNames = { canonical: 'canonical', gas_lpt: 'gas-LPT', critical_path: 'critical-path' }

/** Every chart the dossier supports, in page order; charts whose input is missing are left out. */
export function build(dossier: Dossier, extras: Extras = {}): Chart[] {
  const charts = [speedup(dossier), ablation(dossier)]
  if (extras.schedule) charts.push(gantt(extras.schedule))
  charts.push(hotContracts(dossier), hotKeys(dossier))
  if (extras.chain) charts.push(criticalChain(extras.chain))
  if (dossier.blocks.length > 1) charts.push(perBlock(dossier))
  return charts
}

function base(title: string): Option {
  return {
    animation: false,
    title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
    grid: { left: 30, right: 40, top: 60, bottom: 60, containLabel: true },
  }
}

function axisName(name: string): Option {
  return { name, nameLocation: 'middle', nameGap: 28 }
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

/**
 * The critical chain as a timeline: one bar per transaction of the chain (from its earliest start
 * to its end along the longest path), on the row of the key it waits on for the previous one (the
 * keys holding the most chain time get a row each, the rest share one).
 */
export function criticalChain(chain: Chain): Chart {
  const time = new Map<string, number>()
  for (const l of chain.links) {
    if (l.key !== null) time.set(l.key, (time.get(l.key) ?? 0) + l.end - l.start)
  }
  const ranked = [...time]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([key]) => key)
  const shown = ranked.slice(0, CHAIN_ROWS)
  const labelOf = new Map(chain.links.map((l) => [l.key, l.keyLabel]))
  const rows = [
    'root (waits for nothing)',
    ...shown.map((k) => keyName(k, labelOf.get(k) ?? null)),
    ...(ranked.length > shown.length ? [`${ranked.length - shown.length} other keys`] : []),
  ]
  const rowOf = (key: string | null) => {
    if (key === null) return 0
    const i = shown.indexOf(key)
    return i >= 0 ? i + 1 : shown.length + 1
  }
  const data = chain.links.map((l) => ({
    value: [rowOf(l.key), l.start, l.end, l.wave, l.txIndex],
    itemStyle: { color: palette[rowOf(l.key) % palette.length] },
  }))
  const tips = chain.links.map((l, i) => [
    `block ${chain.blockNumber} · tx ${l.txIndex} · wave ${l.wave}`,
    l.txHash,
    `${l.start}–${l.end} ${chain.unit} along the chain`,
    l.key === null
      ? 'root: waits for no earlier transaction'
      : `waits for tx ${chain.links[i - 1]?.txIndex} via ${l.key}${l.keyLabel === null ? '' : ` (${l.keyLabel})`}${l.keyCount > 1 ? ` and ${l.keyCount - 1} more key(s)` : ''}`,
  ])
  return {
    id: 'critical-chain',
    title: 'Critical chain',
    tips,
    option: {
      ...base(
        `Critical chain of block ${chain.blockNumber}: ${chain.links.length} txs, ${chain.length} ${chain.unit} (row = the key each tx waits on)`,
      ),
      tooltip: { trigger: 'item' },
      grid: { left: 30, right: 40, top: 50, bottom: 85, containLabel: true },
      dataZoom: [{ type: 'slider', xAxisIndex: 0, filterMode: 'weakFilter', bottom: 5 }],
      xAxis: {
        ...axisName(`${chain.unit} along the critical chain`),
        type: 'value',
        min: 0,
        max: chain.length,
      },
      yAxis: {
        type: 'category',
        data: rows,
        inverse: true,
        axisLabel: { width: 300, overflow: 'truncate' },
      },
      series: [
        {
          type: 'custom',
          name: 'critical chain',
          renderItem: 'gantt',
          encode: { x: [1, 2], y: 0 },
          data,
        },
      ],
    },
  }
}

/** Keys with a row of their own in the critical-chain chart. */
const CHAIN_ROWS = 6

/** `balance 0x4485…eacd WETH9`, `storage 0x4485…eacd 0x4cb6…d817 WETH9`: a key for an axis. */
function keyName(key: string, label: string | null): string {
  const [type = '', address = '', slot] = key.split(':')
  const where = `${type} ${shorten(address)}${slot === undefined ? '' : ` ${shorten(slot)}`}`
  return label === null ? where : `${where} ${label}`
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

/** Chart values carry 3 decimals: enough for display, and stable text in the SVG/JSON output. */
function round(x: number): number {
  return Number(fixed(x, 3))
}
