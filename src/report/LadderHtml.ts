/**
 * The execution ladder and the hot-key "what if" as sections of the dossier page and the range
 * page (the ladder chart is drawn with the page's other charts).
 */
import type { DossierBlock } from '../analysis/DossierTypes.ts'
import { shorten, text } from './HtmlEscape.ts'
import type { Cell } from './HtmlTables.ts'
import { cell, hex, num, para, section, table } from './HtmlTables.ts'
import * as LadderRows from './LadderRows.ts'
import * as Text from './Text.ts'

/** The ladder table, what each rung assumes and, given more than one block, every block's ceilings. */
export function ladder(d: LadderRows.Source, blocks: readonly DossierBlock[] = []): string {
  const rows = LadderRows.rows(d).map((r): Cell[] => [
    num(r.rung),
    cell(r.model),
    r.measured ? cell(r.ceiling === null ? 'n/a' : 'timing') : num(r.path),
    r.ceiling === null && r.measured ? cell('not measured') : num(r.ceiling, 3, 'x'),
  ])
  const notes = `<ol class="rungs">${d.execution_ladder.rungs
    .map((n) => `<li><strong>${text(n.name)}.</strong> ${text(n.assumes.replaceAll('`', ''))}</li>`)
    .join('\n')}</ol>`
  const m = d.measured_execution
  const measured =
    m === null
      ? para(LadderRows.NOT_MEASURED_HINT.replaceAll('`', ''), 'note')
      : para(`Measured: ${m.note}; ${m.blocks.length} block(s) of this pack measured.`, 'note')
  return section(
    'execution-ladder',
    'Execution Ladder',
    [
      para(
        'What each execution model could reach on the observed accesses: the gas ceiling (total gas / critical path) from the strictest model to the most permissive, and what was measured.',
      ),
      table(['rung', 'model', 'critical path (gas)', 'ceiling'], rows),
      notes,
      measured,
      perBlock(d, blocks),
    ].join('\n'),
  )
}

function perBlock(d: LadderRows.Source, blocks: readonly DossierBlock[]): string {
  if (blocks.length < 2) return ''
  const workers = d.execution_ladder.bal_parallel.workers
  const most = workers[workers.length - 1]?.workers ?? 1
  const measured = LadderRows.measuredColumns(d.measured_execution)
  const rows = LadderRows.blockRows(blocks, d.measured_execution).map((r) => [
    num(r.block),
    num(r.txs),
    ...[...r.ceilings, ...r.measured].map((c) => num(c, 3, 'x')),
  ])
  const headers = ['block', 'txs', ...LadderRows.blockTitles(most), ...measured.map((c) => c.title)]
  return `<h3>Per block</h3>\n${table(headers, rows)}`
}

/** The "what if" table of the top hot keys. */
export function whatIf(d: LadderRows.Source): string {
  if (d.what_if_hot_keys.length === 0) return ''
  const rows = d.what_if_hot_keys.map((r): Cell[] => [
    hex(r.key, r.key_type === 'storage' ? keyShown(r.key) : `${r.key_type} ${shorten(r.address)}`),
    cell(Text.keyKind(r.key_type)),
    cell(r.address_label),
    num(r.conflict_contribution),
    num(r.blocks_shortened),
    num(r.ceiling_by_gas, 3, 'x'),
    num(r.ceiling_gain_percent, 1, '%'),
  ])
  return section(
    'what-if',
    'What If a Hot Key Stopped Conflicting',
    `${para(LadderRows.WHAT_IF_NOTE)}\n${table(['key', 'kind', 'address label', 'conflict incidences (pair, key)', 'blocks shortened', 'ceiling without it', 'gain'], rows)}`,
  )
}

/** `0x4485…eacd:0x4cb6…d817` for `storage:<address>:<slot>`. */
function keyShown(key: string): string {
  const [, address = '', slot = ''] = key.split(':')
  return `${shorten(address)}:${shorten(slot)}`
}
