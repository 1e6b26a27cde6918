import { fixed } from '../primitives/Fmt.ts'
import { axisName, base, palette, round } from './ChartParts.ts'
import type { Chart } from './HtmlCharts.ts'
import * as LadderRows from './LadderRows.ts'

/**
 * The execution ladder as one bar chart (the dossier page and SVGs, and the range's SVGs): one
 * bar per rung row with a value, coloured by rung, on a log axis (BAL-parallel unbounded can be
 * a hundred times rung 2); measured bars are speedups. Undefined when no rung has a value.
 */
export function chart(d: LadderRows.Source): Chart | undefined {
  const rows = LadderRows.rows(d).filter((r) => r.ceiling !== null && r.ceiling > 0)
  if (rows.length === 0) return undefined
  // Bars grow from 1x (up: a gain, down: a slowdown); below the smallest value the axis is empty.
  const lowest = Math.min(...rows.map((r) => r.ceiling ?? 1))
  const min = lowest >= 1 ? 0.5 : round(lowest * 0.5)
  return {
    id: 'ladder',
    title: 'Execution ladder',
    tips: rows.map((r) => [
      `rung ${r.rung}: ${r.model}`,
      r.measured
        ? `measured speedup ${fixed(r.ceiling ?? 0, 3)}x (timing)`
        : `gas ceiling ${fixed(r.ceiling ?? 0, 3)}x (critical path ${r.path} gas)`,
    ]),
    option: {
      ...base('Execution ladder: gas ceiling per model (rung 5: measured speedup; log scale)'),
      tooltip: { trigger: 'item' },
      grid: { left: 30, right: 40, top: 60, bottom: 30, containLabel: true },
      xAxis: {
        type: 'category',
        data: rows.map((r) => r.short),
        axisLabel: { rotate: 30, interval: 0 },
      },
      yAxis: { ...axisName('ceiling (x)'), type: 'log', logBase: 10, nameGap: 40, min },
      series: [
        {
          type: 'bar',
          name: 'ceiling',
          label: { show: true, position: 'top', formatter: '{c}x' },
          data: rows.map((r) => ({
            value: round(r.ceiling ?? 0),
            itemStyle: { color: palette[(r.rung - 1) % palette.length] },
          })),
        },
      ],
    },
  }
}
