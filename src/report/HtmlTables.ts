import { fixed } from '../primitives/Fmt.ts'
import { shorten, text } from './HtmlEscape.ts'

/**
 * Small markup builders for the dossier page. Each returns escaped HTML; callers pass raw data.
 * Numeric cells carry `data-v` (the raw value) so the page script sorts them numerically.
 */

/** One `<td>` worth of escaped markup. */
export type Cell = { readonly html: string }

/** A plain text cell. */
export function cell(value: string | number): Cell {
  return { html: `<td>${text(value)}</td>` }
}

/** A right-aligned numeric cell shown with `decimals` places (integers when omitted) and a suffix. */
export function num(value: number | null, decimals?: number, suffix = ''): Cell {
  if (value === null) return { html: '<td class="num" data-v="">unavailable</td>' }
  const shown = decimals === undefined ? String(value) : fixed(value, decimals)
  return { html: `<td class="num" data-v="${text(value)}">${text(shown + suffix)}</td>` }
}

/** A long hex value (address, hash, slot key) shortened, with the full value on hover and a copy button. */
export function hex(value: string, shown = shorten(value)): Cell {
  return { html: `<td data-v="${text(value)}">${hexSpan(value, shown)}</td>` }
}

/** Inline hex value (`shown`, shortened by default) with the full value on hover and a copy button. */
function hexSpan(value: string, shown: string): string {
  const full = text(value)
  return `<code class="hex" title="${full}">${text(shown)}</code><button type="button" class="copy" data-copy="${full}" aria-label="copy ${full}">copy</button>`
}

/** A sortable table: escaped headers, pre-built rows, an empty-state row when there is no data. */
export function table(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const head = headers.map((h) => `<th scope="col">${text(h)}</th>`).join('')
  const body =
    rows.length === 0
      ? `<tr><td class="empty" colspan="${headers.length}">no rows</td></tr>`
      : rows.map((row) => `<tr>${row.map((c) => c.html).join('')}</tr>`).join('\n')
  return `<div class="table-wrap"><table class="sortable"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`
}

/** A `<section>` with an escaped heading and pre-built inner markup. */
export function section(id: string, title: string, inner: string): string {
  return `<section id="${text(id)}"><h2>${text(title)}</h2>\n${inner}\n</section>`
}

/** A summary card: escaped label and value. */
export function card(label: string, value: string): string {
  return `<div class="card"><div class="label">${text(label)}</div><div class="value">${text(value)}</div></div>`
}

/** An escaped paragraph. */
export function para(value: string, className?: string): string {
  return className === undefined
    ? `<p>${text(value)}</p>`
    : `<p class="${text(className)}">${text(value)}</p>`
}
