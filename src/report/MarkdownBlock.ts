import type { BlockReport } from '../analysis/BlockReport.ts'
import * as Fmt from '../primitives/Fmt.ts'
import { code, table, times } from './Text.ts'

/** Renders the single-block parallelism report as Markdown (docs/original-lab.md §7.6). */
export function render(r: BlockReport): string {
  const e = r.conflict_edge_types
  const summary = [
    `Transactions: ${r.tx_count}`,
    `Conflict pairs: ${r.conflict_pair_count} (${Fmt.fixed(r.conflict_percentage, 3)}%)`,
    `Dependency types (pairs per type; a pair can have several): read-after-write ${e.read_after_write}, write-after-write ${e.write_after_write}, write-after-read ${e.write_after_read}`,
    `Waves: ${r.wave_count}`,
    `Max wave width: ${r.max_wave_width}`,
    `Critical path length: ${r.critical_path_length}`,
    `Theoretical parallelism ceiling: ${times(r.theoretical_parallelism_ceiling)}`,
  ]
  const hot = (rows: BlockReport['top_hot_contracts'], title: string) =>
    table(
      [
        [title, 'left'],
        ['accesses', 'right'],
      ],
      rows.map((h) => [code(h.key), String(h.count)]),
    )
  const waves = table(
    [
      ['tx', 'right'],
      ['wave', 'right'],
      ['degree', 'right'],
      ['reads', 'right'],
      ['writes', 'right'],
    ],
    r.tx_summaries.map((t) =>
      [t.tx_index, t.wave, t.conflict_degree, t.read_count, t.write_count].map(String),
    ),
  )
  const warnings =
    r.warnings.length === 0
      ? ''
      : `## Warnings\n\n${r.warnings
          .map((w) => `- ${w.tx_index === null ? '' : `tx_index ${w.tx_index}: `}${w.message}\n`)
          .join('')}\n`
  return (
    `# Parallelism Report: ${r.chain} block ${r.block.number}\n\n` +
    `## Summary\n\n${summary.map((l) => `- ${l}\n`).join('')}\n` +
    `## Hot Contracts\n\n${hot(r.top_hot_contracts, 'contract')}\n` +
    `## Hot Storage Slots\n\n${hot(r.top_hot_storage_slots, 'slot')}\n` +
    `## Waves\n\n${waves}\n` +
    warnings +
    '## Caveats\n\nThis report studies access-set contention and deterministic scheduling structure. It is not a production throughput or gas benchmark. If a trace marks reads incomplete, conflict counts are lower bounds.\n'
  )
}
