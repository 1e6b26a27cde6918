import type { BlockReport } from '../analysis/BlockReport.ts'
import * as Fmt from '../primitives/Fmt.ts'
import { text as esc } from './HtmlEscape.ts'

const STYLE =
  'body{font-family:system-ui,sans-serif;margin:2rem;color:#1d2733}.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #d0d7de;border-radius:8px;padding:.8rem 1rem}.card b{display:block;font-size:1.4rem}.bar{padding:.2rem .4rem;margin:.2rem 0;white-space:nowrap;overflow:hidden}table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:right}pre{background:#f6f8fa;padding:1rem;overflow:auto}'

/**
 * Renders the single-block report as a self-contained HTML page (docs/original-lab.md §7.6);
 * `command` is the reconstructed CLI call.
 */
export function render(r: BlockReport, command: string | null): string {
  const card = (label: string, value: string) =>
    `<div class="card">${esc(label)}<b>${esc(value)}</b></div>`
  const bars = (rows: BlockReport['top_hot_contracts'], color: string) =>
    rows
      .map(
        (h) =>
          `<div class="bar" style="background:${color};width:${Math.min(h.count, 100)}%">${esc(h.key)} (${h.count})</div>`,
      )
      .join('')
  const waves = r.tx_summaries
    .map(
      (t) =>
        `<tr><td>${t.tx_index}</td><td>${t.wave}</td><td>${t.conflict_degree}</td><td>${t.read_count}</td><td>${t.write_count}</td></tr>`,
    )
    .join('')
  const warnings = r.warnings
    .map(
      (w) =>
        `<li>${esc(`${w.tx_index === null ? '' : `tx_index ${w.tx_index}: `}${w.message}`)}</li>`,
    )
    .join('')
  const commandText =
    command ?? 'No command was recorded; see README.md for how to regenerate this report.'
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Parallelism Report</title><style>${STYLE}</style></head><body>
<h1>Parallelism Report</h1>
<p>${esc(`${r.chain} block ${r.block.number}`)}</p>
<div class="cards">${card('txs', String(r.tx_count))}${card('conflicts', `${r.conflict_pair_count} (${Fmt.fixed(r.conflict_percentage, 3)}%)`)}${card('waves', String(r.wave_count))}${card('max width', String(r.max_wave_width))}${card('ceiling', `${Fmt.fixed(r.theoretical_parallelism_ceiling, 3)}x`)}</div>
<h2>Hot Contracts</h2>${bars(r.top_hot_contracts, '#d7e7ff')}
<h2>Hot Storage Slots</h2>${bars(r.top_hot_storage_slots, '#dff3df')}
<h2>Waves</h2><table><tr><th>tx</th><th>wave</th><th>degree</th><th>reads</th><th>writes</th></tr>${waves}</table>
<h2>Warnings</h2><ul>${warnings}</ul>
<h2>Commands</h2><pre>${esc(commandText)}</pre>
</body></html>
`
}
