import type { AccessHints } from '../analysis/AccessHints.ts'
import { code, table } from './Text.ts'

/**
 * Renders observed access hints as Markdown (docs/original-lab.md §7.7) plus the observed access
 * lists.
 */
export function render(r: AccessHints): string {
  const keys = table(
    [
      ['key', 'left'],
      ['conflict contribution', 'right'],
    ],
    r.top_conflict_keys.map((k) => [code(k.key), String(k.conflict_contribution)]),
  )
  const scheduling = table(
    [
      ['block', 'right'],
      ['tx', 'right'],
      ['conflicts', 'right'],
      ['tx hash', 'left'],
    ],
    r.scheduling_helpful_txs
      .slice(0, 25)
      .map((t) => [
        String(t.block_number),
        String(t.tx_index),
        String(t.conflict_degree),
        code(t.tx_hash),
      ]),
  )
  const perTx = table(
    [
      ['block', 'right'],
      ['tx', 'right'],
      ['contracts', 'right'],
      ['storage keys', 'right'],
      ['warning', 'left'],
    ],
    r.tx_hints.map((t) => [
      String(t.block_number),
      String(t.tx_index),
      String(t.observed_contracts.length),
      String(t.observed_storage_keys.length),
      t.warning,
    ]),
  )
  const accountLevel = r.top_conflict_keys.some((k) => k.key_type !== 'storage')
    ? "Keys named `balance:`, `nonce:` or `code:` are account-level keys (an account's ETH balance, nonce or code); the others are storage slots (`address:slot`). An EIP-2930 access list names the account for them.\n\n"
    : ''
  return (
    `# Observed Access Hints: ${r.chain}\n\n**Provenance:** ${code(r.provenance)}\n\n` +
    'These are observed access hints, not complete production Ethereum access lists. Dynamic access and incomplete trace caveats apply.\n\n' +
    `## Candidate Conflict Keys\n\n${keys}\n${accountLevel}` +
    `## Scheduling-Helpful Transactions\n\n${scheduling}\n` +
    `## Per-Transaction Observations\n\n${perTx}\n` +
    '## Observed Access Lists (EIP-2930 shape; observed only, not complete)\n\n' +
    `${r.access_list_note}. The per-transaction \`observed_access_list\` entries are in the JSON report.\n\n` +
    `## Warnings\n\n${r.warnings.map((w) => `- ${w}\n`).join('')}`
  )
}
