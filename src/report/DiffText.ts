import type { DossierDiff, HotChange } from '../analysis/DossierDiff.ts'
import * as Fmt from '../primitives/Fmt.ts'
import { table } from './Text.ts'

/** The diff of two dossiers as text: metrics side by side, then hot-table changes. */
export function render(d: DossierDiff): string {
  const metrics = table(
    [
      ['metric', 'left'],
      ['A', 'right'],
      ['B', 'right'],
      ['B − A', 'right'],
    ],
    d.metrics.map((m) => [m.metric, value(m.a), value(m.b), signed(m.delta)]),
  )
  return [
    `A: ${d.a.file} (${d.a.chain} blocks ${d.a.blocks}, tracer ${d.a.tracer_kind}, hash ${d.a.deterministic_hash})`,
    `B: ${d.b.file} (${d.b.chain} blocks ${d.b.blocks}, tracer ${d.b.tracer_kind}, hash ${d.b.deterministic_hash})`,
    '',
    '## Headline metrics',
    '',
    metrics,
    `## Hot keys (${summary(d.hot_keys)})`,
    '',
    changes(d.hot_keys, 'key'),
    `## Hot contracts (${summary(d.hot_contracts)})`,
    '',
    changes(d.hot_contracts, 'contract'),
  ].join('\n')
}

function changes(rows: readonly HotChange[], item: string): string {
  if (rows.length === 0) return 'no rows in either dossier\n'
  return table(
    [
      ['change', 'left'],
      ['rank A → B', 'left'],
      [item, 'left'],
      ['kind', 'left'],
      ['label', 'left'],
      ['conflict contribution A → B', 'right'],
    ],
    rows.map((r) => [
      r.change,
      `${r.rank_a ?? '-'} → ${r.rank_b ?? '-'}`,
      `\`${r.id}\``,
      r.kind,
      r.label,
      `${r.contribution_a ?? '-'} → ${r.contribution_b ?? '-'}`,
    ]),
  )
}

function summary(rows: readonly HotChange[]): string {
  const count = (c: HotChange['change']) => rows.filter((r) => r.change === c).length
  return `${count('appeared')} appeared, ${count('vanished')} vanished, ${count('moved')} moved, ${count('unchanged')} unchanged`
}

function value(x: number | null): string {
  if (x === null) return 'n/a'
  return Number.isInteger(x) ? String(x) : Fmt.fixed(x, 3)
}

function signed(x: number | null): string {
  if (x === null) return 'n/a'
  const text = value(x)
  return x > 0 ? `+${text}` : text
}
