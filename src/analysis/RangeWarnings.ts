/**
 * A range's warnings, block by block: the lines `Dossier.build` would collect (manifest warnings,
 * `block <n>: <warning>` for each block's warnings, the missing-gas and fee-credit lines), counted
 * into the dossier's warning summary as they come, except that block-level lines are grouped by
 * message (`<n> of <blocks> blocks: <message>`) instead of kept one per block.
 */
import * as Order from '../primitives/Order.ts'
import * as Dossier from './Dossier.ts'
import type { WarningSummaryEntry } from './DossierTypes.ts'
import * as Warnings from './Warnings.ts'

/** Mutable accumulator (local to one range build). */
export type Accumulator = {
  readonly manifest: ReadonlySet<string>
  readonly tally: Warnings.Tally
  /** Block-level messages (numbers blanked to `N`) → blocks with them. */
  readonly blockScoped: Map<string, number>
  /** Distinct lines containing "incomplete" (the loss decomposition counts them). */
  incompleteLines: number
}

/** An accumulator holding the manifest's warnings. */
export function create(manifestWarnings: readonly string[]): Accumulator {
  const acc: Accumulator = {
    manifest: new Set(manifestWarnings),
    tally: Warnings.createTally(),
    blockScoped: new Map(),
    incompleteLines: 0,
  }
  for (const line of acc.manifest) count(acc, line)
  return acc
}

/** Adds one block's warning lines (its dossier entry's `warnings`). */
export function add(acc: Accumulator, blockNumber: number, warnings: readonly string[]): void {
  for (const w of warnings) {
    const line = `block ${blockNumber}: ${w}`
    if (acc.manifest.has(line)) continue
    const whole = Warnings.normalizeMessage(line)
    if (Warnings.txMessage(line) !== undefined || !whole.startsWith('block ')) count(acc, line)
    else {
      if (line.includes('incomplete')) acc.incompleteLines++
      const message = whole.slice(whole.indexOf(': ') + 2).replace(/[0-9]+/g, 'N')
      acc.blockScoped.set(message, (acc.blockScoped.get(message) ?? 0) + 1)
    }
  }
}

/** What the range reports: its range-level lines, the summary, the "incomplete" line count. */
export function build(
  acc: Accumulator,
  range: { gasAll: boolean; feeDropped: number; blocks: number; txCount: number },
): { warnings: string[]; summary: WarningSummaryEntry[]; incompleteLines: number } {
  const lines = new Set(acc.manifest)
  if (!range.gasAll) lines.add(Dossier.GAS_MISSING_WARNING)
  if (range.feeDropped > 0) lines.add(Dossier.FEE_EXCLUDED_WARNING)
  const warnings = [...lines].sort(Order.strings)
  const added = warnings.filter((w) => !acc.manifest.has(w))
  const tally: Warnings.Tally = {
    txScoped: new Map(acc.tally.txScoped),
    rangeScoped: new Set(acc.tally.rangeScoped),
  }
  for (const line of added) Warnings.count(tally, line)
  const grouped = [...acc.blockScoped.keys()].sort(Order.strings).map((message) => {
    const n = acc.blockScoped.get(message)!
    return { warning: `${n} of ${range.blocks} blocks: ${message}`, count: n }
  })
  const summary = [
    ...Warnings.fromTally({ txScoped: tally.txScoped, rangeScoped: new Set() }, range.txCount),
    ...grouped,
    ...Warnings.fromTally({ txScoped: new Map(), rangeScoped: tally.rangeScoped }, range.txCount),
  ]
  const incompleteLines = acc.incompleteLines + added.filter((w) => w.includes('incomplete')).length
  return { warnings, summary, incompleteLines }
}

function count(acc: Accumulator, line: string): void {
  Warnings.count(acc.tally, line)
  if (line.includes('incomplete')) acc.incompleteLines++
}
