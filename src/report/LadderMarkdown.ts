/**
 * The execution ladder and the hot-key "what if" as Markdown sections, for the dossier's and the
 * range's summaries (the chart is an SVG linked with the others).
 */
import type { DossierBlock } from '../analysis/DossierTypes.ts'
import * as LadderRows from './LadderRows.ts'
import { code, keyKind, orUnavailable, pct, table, times } from './Text.ts'

/**
 * The ladder table, what each rung assumes, and (given blocks, more than one) a table of every
 * block's ceilings.
 */
export function ladder(d: LadderRows.Source, blocks: readonly DossierBlock[] = []): string {
  const rows = LadderRows.rows(d).map((r) => [
    String(r.rung),
    r.model,
    r.measured ? (r.ceiling === null ? 'n/a' : 'timing') : orUnavailable(r.path),
    r.ceiling === null ? (r.measured ? 'not measured' : 'unavailable') : times(r.ceiling),
  ])
  const cols = [
    ['rung', 'right'],
    ['model', 'left'],
    ['critical path (gas)', 'right'],
    ['ceiling', 'right'],
  ] as const
  const notes = d.execution_ladder.rungs.map((n) => `${n.rung}. **${n.name}.** ${n.assumes}\n`)
  const m = d.measured_execution
  const measured =
    m === null
      ? `${LadderRows.NOT_MEASURED_HINT}\n\n`
      : `Measured: ${m.note}; ${m.blocks.length} block(s) of this pack measured${m.blocks_not_in_pack > 0 ? `, ${m.blocks_not_in_pack} measured block(s) not in the pack ignored` : ''}.\n\n`
  return (
    '## Execution Ladder\n\nWhat each execution model could reach on the observed accesses: the gas ceiling (total gas / critical path) from the strictest model to the most permissive, and what was measured.\n\n' +
    `${table(cols, rows)}\n${notes.join('')}\n${measured}${perBlock(d, blocks)}`
  )
}

function perBlock(d: LadderRows.Source, blocks: readonly DossierBlock[]): string {
  if (blocks.length < 2) return ''
  const workers = d.execution_ladder.bal_parallel.workers
  const most = workers[workers.length - 1]?.workers ?? 1
  const measured = LadderRows.measuredColumns(d.measured_execution)
  const titles = [...LadderRows.blockTitles(most), ...measured.map((c) => c.title)]
  const rows = LadderRows.blockRows(blocks, d.measured_execution).map((r) => [
    String(r.block),
    String(r.txs),
    ...[...r.ceilings, ...r.measured].map((c) => (c === null ? 'n/a' : times(c))),
  ])
  const cols = [
    ['block', 'right'],
    ['txs', 'right'],
    ...titles.map((t) => [t, 'right'] as const),
  ] as const
  return `Per block:\n\n${table(cols, rows)}\n`
}

/** The "what if" table of the top hot keys. */
export function whatIf(d: LadderRows.Source): string {
  if (d.what_if_hot_keys.length === 0) return ''
  const rows = d.what_if_hot_keys.map((r) => [
    code(r.key),
    keyKind(r.key_type),
    r.address_label,
    String(r.conflict_contribution),
    String(r.blocks_shortened),
    r.ceiling_by_gas === null ? 'unavailable' : times(r.ceiling_by_gas),
    r.ceiling_gain_percent === null ? 'n/a' : pct(r.ceiling_gain_percent, 1),
  ])
  const cols = [
    ['key', 'left'],
    ['kind', 'left'],
    ['address label', 'left'],
    ['conflict contribution', 'right'],
    ['blocks shortened', 'right'],
    ['ceiling without it', 'right'],
    ['gain', 'right'],
  ] as const
  return `## What If a Hot Key Stopped Conflicting\n\n${LadderRows.WHAT_IF_NOTE}\n\n${table(cols, rows)}\n`
}
