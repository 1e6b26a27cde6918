import type * as BlockReport from '../analysis/BlockReport.ts'
import type * as Dossier from '../analysis/Dossier.ts'
import { floatKeys } from '../analysis/DossierTypes.ts'
import type { RangeDossier } from '../analysis/RangeTypes.ts'
import * as Fmt from '../primitives/Fmt.ts'
import * as Json from '../primitives/Json.ts'

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

/**
 * The headline as JSON for scripts (`analyze-trace-pack --json`): the dossier's key figures, its
 * hottest key and hash, and where each file went.
 */
export function dossierJson(d: Dossier.Dossier, files: readonly string[]): string {
  const top = d.top_hot_keys[0]
  const value = {
    report_version: 'dossier-headline-v1',
    chain: d.chain,
    start_block: d.start_block,
    end_block: d.end_block,
    block_count: d.block_count,
    tx_count: d.tx_count,
    conflict_pair_count: d.conflict_pair_count,
    conflict_percentage: d.conflict_percentage,
    overlapping_tx_percentage: d.overlapping_tx_percentage,
    wave_count: d.wave_count,
    max_wave_width: d.max_wave_width,
    theoretical_parallelism_ceiling_by_tx: d.theoretical_parallelism_ceiling_by_tx,
    theoretical_parallelism_ceiling_by_gas: d.theoretical_parallelism_ceiling_by_gas,
    hottest_key:
      top === undefined
        ? null
        : {
            key: top.key,
            key_type: top.key_type,
            address_label: top.address_label,
            conflict_contribution: top.conflict_contribution,
          },
    deterministic_hash: d.deterministic_hash,
    files: [...files],
  }
  return Json.stringify(value, { floatKeys })
}

/** The dossier line for a streamed range, plus `skipped=<n>` and the median block gas ceiling. */
export function range(d: RangeDossier): string {
  const gas = d.theoretical_parallelism_ceiling_by_gas
  const median = d.distributions.find((x) => x.metric === 'ceiling_by_gas')?.p50 ?? null
  return `blocks=${d.block_count} skipped=${d.skipped_block_count} txs=${d.tx_count} conflicts=${d.conflict_pair_count} (${Fmt.fixed(d.conflict_percentage, 3)}%) tx_ceiling=${Fmt.fixed(d.theoretical_parallelism_ceiling_by_tx, 3)}x gas_ceiling=${gas === null ? 'unavailable' : `${Fmt.fixed(gas, 3)}x`} median_block_gas_ceiling=${median === null ? 'unavailable' : `${Fmt.fixed(median, 3)}x`} hash=${d.deterministic_hash}`
}
