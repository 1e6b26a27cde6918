/**
 * Every output format, in one registry of renderers (after knip's reporters): a format name maps to
 * a pure function from the analysis to the files it writes, named relative to the output folder.
 * `demo`, `analyze-trace-pack`, `recommend-access-lists` and any later command that analyzes a pack
 * render through `render`; the single-block commands through `renderBlock`. Where each file lands
 * (one folder, or a path per format) is the caller's business; renderers do no I/O.
 */
import * as AccessHints from '../analysis/AccessHints.ts'
import * as BlockReport from '../analysis/BlockReport.ts'
import * as Dossier from '../analysis/Dossier.ts'
import * as Explain from '../analysis/Explain.ts'
import * as Pipeline from '../analysis/Pipeline.ts'
import * as Range from '../analysis/Range.ts'
import * as Schedule from '../analysis/Schedule.ts'
import * as ChromeTrace from './ChromeTrace.ts'
import * as Csv from './Csv.ts'
import * as ExplainText from './ExplainText.ts'
import * as HtmlBlockReport from './HtmlBlockReport.ts'
import * as HtmlDossier from './HtmlDossier.ts'
import * as MarkdownBlock from './MarkdownBlock.ts'
import * as MarkdownDossier from './MarkdownDossier.ts'
import * as MarkdownHints from './MarkdownHints.ts'
import * as Memo from './Memo.ts'
import type * as SvgCharts from './SvgCharts.ts'

/** A rendered file: its format and its path relative to that format's folder. */
export type File = { readonly format: Name; readonly path: string; readonly content: string }

/** What a renderer reads: the analysis and what the caller adds for display. */
export type Context = {
  readonly result: Pipeline.Result
  /** The command line shown on the HTML page. */
  readonly command: string
  /** Text of the chart library (`HtmlDossier.CHARTS_MODULE`, read by the caller); null: no charts. */
  readonly chartsJs: string | null
}

type Renderer = (
  context: Context,
) => readonly Omit<File, 'format'>[] | Promise<Omit<File, 'format'>[]>

/** Renderers of an analyzed pack, in the order `all` writes them. */
export const renderers = {
  /** `trace-pack-dossier-v1` JSON. */
  json: (c) => [{ path: 'dossier.json', content: Dossier.toJson(c.result.dossier) }],
  /** Executive summary, linking the SVG charts under `charts/`. */
  markdown: async (c) => {
    const links = (await import('./SvgCharts.ts')).markdown(await svgs(c), 'charts')
    return [
      { path: 'summary.md', content: `${MarkdownDossier.render(c.result.dossier)}\n\n${links}` },
    ]
  },
  /** One self-contained page: charts, sortable tables, no network. */
  html: (c) => {
    const { schedule, chain } = display(c)
    const { command, chartsJs } = c
    const content = HtmlDossier.render(c.result.dossier, { chartsJs, schedule, chain, command })
    return [{ path: 'dossier.html', content }]
  },
  /** Static SVG charts (ECharts server-side rendering) beside the summary. */
  charts: async (c) =>
    (await svgs(c)).map((svg) => ({ path: `charts/${svg.name}`, content: svg.svg })),
  /** Chrome trace-event wave layout. */
  trace: (c) => [
    { path: 'schedule.trace.json', content: ChromeTrace.renderDossier(c.result.dossier) },
  ],
  /** Optimization memo generated from the dossier's numbers. */
  memo: (c) => [{ path: 'optimization-memo.md', content: Memo.render(c.result.dossier) }],
  /** The four CSV sidecars. */
  csv: (c) => Csv.render(c.result.dossier).map((f) => ({ path: f.name, content: f.content })),
  /** `observed-access-hints-v1` JSON. */
  hints: (c) => [{ path: 'access-hints.json', content: AccessHints.toJson(hintsOf(c)) }],
  /** Observed access hints as Markdown. */
  'hints-markdown': (c) => [{ path: 'access-hints.md', content: MarkdownHints.render(hintsOf(c)) }],
  /** Why the worst serializing tx waits (none when no tx conflicts). */
  explain: (c) => {
    const worst = c.result.dossier.worst_serializing_txs[0]
    const block = worst && Pipeline.block(c.result, worst.block_number)
    if (worst === undefined || block === undefined) return []
    const { labels } = c.result
    const explanation = Explain.build(block, worst.tx_index, { labels })
    const content = ExplainText.render(explanation, { full: true, labels })
    return [{ path: `explain-${worst.block_number}-${worst.tx_index}.txt`, content }]
  },
} satisfies Record<string, Renderer>

/** A format of an analyzed pack. */
export type Name = keyof typeof renderers

/** Every format, in write order. */
export const all = Object.keys(renderers) as Name[]

/**
 * Renders `names` (in that order) for one analysis. The schedule, critical chain, SVG charts and
 * access hints that several formats share are computed once per context.
 * @example const files = await Format.render(['json', 'csv'], { result, command, chartsJs: null })
 */
export async function render(names: readonly Name[], context: Context): Promise<File[]> {
  const files: File[] = []
  for (const format of names) {
    for (const file of await renderers[format](context)) files.push({ format, ...file })
  }
  return files
}

/** Renderers of the single-block report (`analyze-fixture`, `analyze-trace`), by format. */
export const blockRenderers = {
  json: (r) => BlockReport.toJson(r),
  markdown: (r) => MarkdownBlock.render(r),
  html: (r, command) => HtmlBlockReport.render(r, command),
  trace: (r) => ChromeTrace.renderBlock(r),
} satisfies Record<string, (report: BlockReport.BlockReport, command: string) => string>

/** A format of the single-block report. */
export type BlockName = keyof typeof blockRenderers

/** What a range renderer reads: the range dossier, its per-block rows and the command line. */
export type RangeContext = {
  readonly dossier: Range.RangeDossier
  /** The `blocks` table as CSV (`range/Run.ts` assembles it from the streamed blocks). */
  readonly blocksCsv: string
  /** The command line shown on the HTML page. */
  readonly command: string
}

/** Renderers of a streamed range (`analyze-range`), in write order; all read the aggregates. */
export const rangeRenderers = {
  /** `trace-pack-range-v1` JSON. */
  json: (c: RangeContext) => [{ path: 'range.json', content: Range.toJson(c.dossier) }],
  /** Summary Markdown, linking the SVG charts under `charts/`. */
  markdown: async (c: RangeContext) => {
    const links = (await import('./SvgCharts.ts')).markdown(await rangeSvgs(c), 'charts')
    const text = (await import('./RangeMarkdown.ts')).render(c.dossier)
    return [{ path: 'summary.md', content: `${text}\n${links}` }]
  },
  /** Static SVG charts beside the summary. */
  charts: async (c: RangeContext) =>
    (await rangeSvgs(c)).map((svg) => ({ path: `charts/${svg.name}`, content: svg.svg })),
  /** One self-contained page with the charts inlined as SVG. */
  html: async (c: RangeContext) => {
    const RangeHtml = await import('./RangeHtml.ts')
    const content = RangeHtml.render(c.dossier, { charts: await rangeSvgs(c), command: c.command })
    return [{ path: 'range.html', content }]
  },
  /** One row per analyzed block (the `blocks` table's columns). */
  csv: (c: RangeContext) => [{ path: 'blocks.csv', content: c.blocksCsv }],
} satisfies Record<
  string,
  (c: RangeContext) => readonly Omit<File, 'format'>[] | Promise<Omit<File, 'format'>[]>
>

/** A format of a streamed range. */
export type RangeName = keyof typeof rangeRenderers

/** Renders `names` (in that order) for one range; the SVG charts are drawn once. */
export async function renderRange(
  names: readonly RangeName[],
  context: RangeContext,
): Promise<{ readonly path: string; readonly content: string }[]> {
  const files: { path: string; content: string }[] = []
  for (const name of names) files.push(...(await rangeRenderers[name](context)))
  return files
}

const rangeCharts = new WeakMap<RangeContext, Promise<SvgCharts.SvgFile[]>>()

/** The range's SVG charts (once per context; ECharts loads only when a format needs them). */
function rangeSvgs(context: RangeContext): Promise<SvgCharts.SvgFile[]> {
  let value = rangeCharts.get(context)
  if (value === undefined) {
    value = import('./RangeSvg.ts').then((m) => m.render(context.dossier))
    rangeCharts.set(context, value)
  }
  return value
}

type Display = { schedule: Schedule.Schedule; chain: Schedule.Chain | null }

const schedules = new WeakMap<Context, Display>()
const charts = new WeakMap<Context, Promise<SvgCharts.SvgFile[]>>()
const hints = new WeakMap<Context, AccessHints.AccessHints>()

/** The simulated schedule and critical chain the page and the charts show (once per context). */
function display(context: Context): Display {
  let value = schedules.get(context)
  if (value === undefined) {
    value = Schedule.fromResult(context.result)
    schedules.set(context, value)
  }
  return value
}

/** The SVG charts (once per context). */
function svgs(context: Context): Promise<SvgCharts.SvgFile[]> {
  let value = charts.get(context)
  if (value === undefined) {
    value = (async () => {
      // ECharts costs ~0.5 s to import: load it only when a format needs the charts.
      const SvgChartsModule = await import('./SvgCharts.ts')
      return SvgChartsModule.render(context.result.dossier, display(context))
    })()
    charts.set(context, value)
  }
  return value
}

/** The observed access hints (once per context). */
function hintsOf(context: Context): AccessHints.AccessHints {
  let value = hints.get(context)
  if (value === undefined) {
    value = AccessHints.build(context.result)
    hints.set(context, value)
  }
  return value
}
