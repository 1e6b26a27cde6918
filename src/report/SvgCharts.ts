import type {
  CustomSeriesRenderItemAPI,
  CustomSeriesRenderItemParams,
  CustomSeriesRenderItemReturn,
  EChartsOption,
} from 'echarts'
import * as echarts from 'echarts'
import type { Dossier } from '../analysis/DossierTypes.ts'
import * as Charts from './HtmlCharts.ts'

/**
 * Static SVG versions of the dossier charts for the Markdown summary, rendered in Node with
 * ECharts server-side rendering (no browser). Output is byte-stable: animation off, fixed sizes,
 * and ECharts' process-global element ids renumbered per file.
 */

/** One SVG file to write next to the Markdown summary. */
export type SvgFile = { readonly name: string; readonly title: string; readonly svg: string }

/** Chart ids rendered by default: the key charts (Gantt and critical chain join when their inputs are given). */
const keyCharts = [
  'speedup',
  'ablation',
  'ladder',
  'gantt',
  'hot-contracts',
  'hot-keys',
  'critical-chain',
  'blocks',
] as const

/**
 * Renders the key charts of a dossier as SVG files named `<chart id>.svg`.
 * @example render(dossier, { schedule }).map((f) => ({ path: join(dir, 'charts', f.name), content: f.svg }))
 */
export function render(dossier: Dossier, options: render.Options = {}): SvgFile[] {
  const { schedule, chain, width = 800, height = 400 } = options
  const charts = Charts.build(dossier, { schedule, chain })
  return charts
    .filter((c) => (keyCharts as readonly string[]).includes(c.id))
    .map((c) => ({ name: `${c.id}.svg`, title: c.title, svg: toSvg(c.option, width, height) }))
}

export declare namespace render {
  type Options = Charts.Extras & {
    readonly width?: number | undefined
    readonly height?: number | undefined
  }
}

/**
 * Markdown image lines for SVG files stored under `dir` (relative to the summary), one per chart.
 * @example markdown(files, 'charts') // '## Charts\n\n![Speedup vs workers](charts/speedup.svg)…'
 */
export function markdown(files: readonly SvgFile[], dir: string): string {
  if (files.length === 0) return ''
  const lines = files.map((f) => `![${f.title}](${dir}/${f.name})`)
  return ['## Charts', '', ...lines.flatMap((l) => [l, ''])].join('\n')
}

/** Renders one plain-JSON option to an SVG string (deterministic). */
export function toSvg(option: Charts.Option, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height })
  try {
    chart.setOption(hydrate(option))
    return canonicalIds(chart.renderToSVGString())
  } finally {
    chart.dispose()
  }
}

/** ECharts numbers SSR classes/ids with a process-global counter (`zr3-cls-7`); renumber by first use. */
function canonicalIds(svg: string): string {
  const seen = new Map<string, string>()
  return svg.replace(/zr\d+-([a-z]+)(-?)\d+/g, (match, kind: string, dash: string) => {
    let id = seen.get(match)
    if (id === undefined) {
      id = `zr0-${kind}${dash}${seen.size}`
      seen.set(match, id)
    }
    return id
  })
}

function hydrate(option: Charts.Option): EChartsOption {
  const series = Array.isArray(option.series) ? option.series : []
  const withItems = series.map((s: unknown) =>
    isRecord(s) && s.renderItem === 'gantt' ? { ...s, renderItem: ganttItem } : s,
  )
  // Plain JSON built by HtmlCharts for ECharts; only the renderItem marker needed a function.
  const hydrated: Charts.Option = {
    ...option,
    series: withItems,
    tooltip: undefined,
    dataZoom: undefined,
  }
  return hydrated as unknown as EChartsOption
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

function ganttItem(
  params: CustomSeriesRenderItemParams,
  api: CustomSeriesRenderItemAPI,
): CustomSeriesRenderItemReturn {
  const lane = api.value(0)
  const a = api.coord([api.value(1), lane])
  const b = api.coord([api.value(2), lane])
  const size = api.size?.([0, 1])
  const h = (Array.isArray(size) ? (size[1] ?? 0) : 0) * 0.7
  // Cartesian custom series: coordSys is the grid rectangle (typed loosely by ECharts).
  const cs = params.coordSys as unknown as { x: number; y: number; width: number; height: number }
  const shape = echarts.graphic.clipRectByRect(
    { x: a[0]!, y: a[1]! - h / 2, width: Math.max(b[0]! - a[0]!, 1), height: h },
    { x: cs.x, y: cs.y, width: cs.width, height: cs.height },
  )
  return shape ? { type: 'rect', shape, style: { fill: api.visual('color') as string } } : null
}
