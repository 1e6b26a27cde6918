import * as Order from '../primitives/Order.ts'
import type { WarningSummaryEntry } from './DossierTypes.ts'

/** Maps a warning message to its summary wording (docs/original-lab.md §6.2 warning summary). */
export function normalizeMessage(message: string): string {
  if (message === 'Geth JavaScript tracer records SLOAD/SSTORE storage observations only.')
    return 'tracer records SLOAD/SSTORE storage observations only'
  if (message === 'trace marks read information as incomplete') return 'read coverage is incomplete'
  if (message.startsWith('debug tracer reported ')) return 'tracer reported faults'
  if (message.includes('gas-weighted scheduling is theoretical'))
    return 'gas-weighted scheduling is theoretical, not measured throughput'
  return message.replace(/\.+$/, '')
}

/**
 * Groups range warnings: tx-scoped lines (`…: tx_index <i>: <msg>`) count per normalized message
 * (`<count> of <tx_count> analyzed txs: <msg>`), then range-scoped lines, normalized and deduped.
 */
export function summarize(warnings: readonly string[], txCount: number): WarningSummaryEntry[] {
  const txScoped = new Map<string, number>()
  const rangeScoped = new Set<string>()
  for (const line of warnings) {
    const split = line.indexOf(': tx_index ')
    const rest = split < 0 ? '' : line.slice(split + ': tx_index '.length)
    const colon = rest.indexOf(': ')
    if (split >= 0 && colon >= 0) {
      const message = normalizeMessage(rest.slice(colon + 2))
      txScoped.set(message, (txScoped.get(message) ?? 0) + 1)
    } else {
      rangeScoped.add(normalizeMessage(line))
    }
  }
  const out: WarningSummaryEntry[] = []
  for (const message of [...txScoped.keys()].sort(Order.strings)) {
    const count = txScoped.get(message)!
    const warning =
      txCount === 0
        ? `${count} tx warning(s): ${message}`
        : `${count} of ${txCount} analyzed txs: ${message}`
    out.push({ warning, count })
  }
  for (const message of [...rangeScoped].sort(Order.strings))
    out.push({ warning: message, count: 1 })
  return out
}
