import type { Chain } from '../analysis/Schedule.ts'
import { axisName, base, keyName, palette } from './ChartParts.ts'
import type { Chart } from './HtmlCharts.ts'

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
