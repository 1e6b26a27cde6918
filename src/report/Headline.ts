import type * as BlockReport from '../analysis/BlockReport.ts'
import type * as Dossier from '../analysis/Dossier.ts'
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
