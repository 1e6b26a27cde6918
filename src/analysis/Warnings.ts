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
  const tally = createTally()
  for (const line of warnings) count(tally, line)
  return fromTally(tally, txCount)
}

/** Warning lines counted so far (`summarize` in parts: a streaming range counts block by block). */
export type Tally = {
  readonly txScoped: Map<string, number>
  readonly rangeScoped: Set<string>
}

/** An empty tally. */
export function createTally(): Tally {
  return { txScoped: new Map(), rangeScoped: new Set() }
}

/** Counts one distinct range warning line. */
export function count(tally: Tally, line: string): void {
  const message = txMessage(line)
  if (message !== undefined) tally.txScoped.set(message, (tally.txScoped.get(message) ?? 0) + 1)
  else tally.rangeScoped.add(normalizeMessage(line))
}

/** The normalized message of a tx-scoped line (`…: tx_index <i>: <msg>`); undefined otherwise. */
export function txMessage(line: string): string | undefined {
  const split = line.indexOf(': tx_index ')
  const rest = split < 0 ? '' : line.slice(split + ': tx_index '.length)
  const colon = rest.indexOf(': ')
  return split >= 0 && colon >= 0 ? normalizeMessage(rest.slice(colon + 2)) : undefined
}

/** The warning summary of a tally. */
export function fromTally(tally: Tally, txCount: number): WarningSummaryEntry[] {
  const out: WarningSummaryEntry[] = []
  for (const message of [...tally.txScoped.keys()].sort(Order.strings)) {
    const count = tally.txScoped.get(message)!
    const warning =
      txCount === 0
        ? `${count} tx warning(s): ${message}`
        : `${count} of ${txCount} analyzed txs: ${message}`
    out.push({ warning, count })
  }
  for (const message of [...tally.rangeScoped].sort(Order.strings))
    out.push({ warning: message, count: 1 })
  return out
}
