import type * as BlockReport from '../analysis/BlockReport.ts'
import type * as Dossier from '../analysis/Dossier.ts'
import type { RangeDossier } from '../analysis/RangeTypes.ts'
import * as Fmt from '../primitives/Fmt.ts'

/**
 * One-line summaries the CLI prints after writing a report.
 */

/** `blocks=<b> txs=<n> conflicts=<c> (<p>%) tx_ceiling=<x>x gas_ceiling=<y>x|unavailable`. */
export function dossier(d: Dossier.Dossier): string {
  const gas = d.theoretical_parallelism_ceiling_by_gas
  return `blocks=${d.block_count} txs=${d.tx_count} conflicts=${d.conflict_pair_count} (${Fmt.fixed(d.conflict_percentage, 3)}%) tx_ceiling=${Fmt.fixed(d.theoretical_parallelism_ceiling_by_tx, 3)}x gas_ceiling=${gas === null ? 'unavailable' : `${Fmt.fixed(gas, 3)}x`}`
}

/** `conflicts=<c> waves=<w> max_width=<m> ceiling=<x>x hash=<h>`. */
export function block(r: BlockReport.BlockReport): string {
  return `conflicts=${r.conflict_pair_count} waves=${r.wave_count} max_width=${r.max_wave_width} ceiling=${Fmt.fixed(r.theoretical_parallelism_ceiling, 3)}x hash=${r.deterministic_hash}`
}

/** The dossier line for a streamed range, plus `skipped=<n>` and the median block gas ceiling. */
export function range(d: RangeDossier): string {
  const gas = d.theoretical_parallelism_ceiling_by_gas
  const median = d.distributions.find((x) => x.metric === 'ceiling_by_gas')?.p50 ?? null
  return `blocks=${d.block_count} skipped=${d.skipped_block_count} txs=${d.tx_count} conflicts=${d.conflict_pair_count} (${Fmt.fixed(d.conflict_percentage, 3)}%) tx_ceiling=${Fmt.fixed(d.theoretical_parallelism_ceiling_by_tx, 3)}x gas_ceiling=${gas === null ? 'unavailable' : `${Fmt.fixed(gas, 3)}x`} median_block_gas_ceiling=${median === null ? 'unavailable' : `${Fmt.fixed(median, 3)}x`} hash=${d.deterministic_hash}`
}
