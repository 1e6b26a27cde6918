/**
 * The range charts as static SVG (ECharts server-side rendering, `SvgCharts.toSvg`): files beside
 * the Markdown summary, and the same drawings inlined into the HTML page, so the page needs no
 * chart library and stays small whatever the range.
 */
import type { RangeDossier } from '../analysis/RangeTypes.ts'
import * as RangeCharts from './RangeCharts.ts'
import type { SvgFile } from './SvgCharts.ts'
import * as SvgCharts from './SvgCharts.ts'

/**
 * Renders every range chart as `<chart id>.svg`.
 * @example RangeSvg.render(dossier).map((f) => ({ path: `charts/${f.name}`, content: f.svg }))
 */
export function render(dossier: RangeDossier): SvgFile[] {
  return RangeCharts.build(dossier).map((c) => ({
    name: `${c.id}.svg`,
    title: c.title,
    svg: SvgCharts.toSvg(c.option, 800, 400),
  }))
}

/**
 * An SVG ready to inline in a page beside others: its ids (`zr0-…`, renumbered per file by
 * `SvgCharts`) prefixed with the chart's name, so no two inlined charts share an id.
 */
export function inline(file: SvgFile): string {
  const prefix = file.name.replace(/\.svg$/, '').replace(/[^a-z0-9-]/g, '')
  return file.svg.replace(/zr0-/g, `zr-${prefix}-`)
}
