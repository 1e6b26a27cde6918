/**
 * What `replay` says about access lists (`--bal-out`, `--engine bal`): a line per block (BAL hash,
 * items, size, notes) and per BAL-parallel run, and the `bal` section of the JSON report. Timings
 * live only in `timing` objects and the ms / Mgas/s text.
 */
import type * as BalParallel from '../evm/BalParallel.ts'
import type * as BalReplay from '../evm/BalReplay.ts'
import type * as Replay from '../evm/Replay.ts'
import * as Fmt from '../primitives/Fmt.ts'
import type * as Json from '../primitives/Json.ts'

/** A BAL-parallel run's verdict in one word. */
export type Status = 'equal' | 'invalid-bal' | 'different' | 'header-mismatch'

/** The verdict of a run: invalid BAL first, then any difference from sequential, then the header. */
export function status(run: BalReplay.Parallel): Status {
  if (run.invalid !== null) return 'invalid-bal'
  if (run.difference !== null) return 'different'
  const { checks } = run.verdict
  if (Object.values(checks).includes('mismatch')) return 'header-mismatch'
  return 'equal'
}

/** The lines printed under a block's replay line. */
export function lines(block: BalReplay.Block, showBal: boolean): string[] {
  const out: string[] = []
  const indent = ' '.repeat(12)
  if (showBal) {
    const notes = block.built.notes.length
    const header =
      block.headerCheck === 'n/a' ? '' : `, header blockAccessListHash ${block.headerCheck}`
    out.push(
      `${indent}bal ${block.hash}: ${block.items} items, ${block.rlp.length} bytes${header}` +
        (notes === 0 ? '' : `; ${notes} note${notes === 1 ? '' : 's'} (in the JSON report)`),
    )
  }
  for (const run of block.parallel) out.push(`${indent}${runLine(block, run)}`)
  return out
}

function runLine(block: BalReplay.Block, run: BalReplay.Parallel): string {
  const head =
    `bal-parallel ${run.threads} thread${run.threads === 1 ? '' : 's'}: ` +
    `${Fmt.fixed(Number(run.executionNs) / 1e6, 1)} ms, ` +
    `${Fmt.fixed(mgasPerSec(block.outcome, run.executionNs), 1)} Mgas/s`
  const source = block.source === 'given' ? ' (given BAL)' : ''
  switch (status(run)) {
    case 'invalid-bal':
      return `${head}: invalid BAL${source}: ${describe(run.invalid as BalParallel.Invalid)}; replayed sequentially`
    case 'different':
      return `${head}: DIFFERS from the sequential replay: ${run.difference}`
    case 'header-mismatch':
      return `${head}: does not match the header`
    case 'equal':
      return `${head}: equal to the sequential replay${source}`
  }
}

function describe(invalid: BalParallel.Invalid): string {
  const where = `transaction ${invalid.position} (index ${invalid.index})`
  if (invalid.rejected !== null)
    return `${where} is invalid on the BAL's state: ${invalid.rejected}`
  return `${where} writes ${invalid.key} = ${invalid.actual}, the BAL says ${invalid.expected}`
}

/** The `bal` section of the JSON report. */
export function json(blocks: readonly BalReplay.Block[]): Json.Value {
  return {
    blocks: blocks.map((b) => ({
      number: b.outcome.number,
      bal_hash: b.hash,
      header_check: b.headerCheck,
      items: b.items,
      rlp_bytes: b.rlp.length,
      source: b.source,
      notes: b.built.notes,
      parallel: b.parallel.map((run) => ({
        threads: run.threads,
        status: status(run),
        invalid:
          run.invalid === null
            ? null
            : {
                tx_index: run.invalid.position,
                block_access_index: run.invalid.index,
                key: run.invalid.key,
                expected: run.invalid.expected,
                actual: run.invalid.actual,
                rejected: run.invalid.rejected,
              },
        difference: run.difference,
        checks: {
          gas_used: run.verdict.checks.gasUsed,
          logs_bloom: run.verdict.checks.logsBloom,
          receipts_root: run.verdict.checks.receiptsRoot,
        },
        timing: {
          execution_ns: run.executionNs,
          mgas_per_sec: mgasPerSec(b.outcome, run.executionNs),
        },
      })),
    })),
  }
}

/** The failures a run of blocks ends with: invalid BALs and runs that differ, one line each. */
export function failures(blocks: readonly BalReplay.Block[]): string[] {
  const out: string[] = []
  for (const b of blocks) {
    if (b.headerCheck === 'mismatch')
      out.push(
        `block ${b.outcome.number}: the lab's BAL does not hash to the header's blockAccessListHash`,
      )
    for (const run of b.parallel) {
      const s = status(run)
      if (s === 'equal') continue
      const what =
        s === 'invalid-bal'
          ? `invalid BAL: ${describe(run.invalid as BalParallel.Invalid)}`
          : s === 'different'
            ? `differs from the sequential replay: ${run.difference}`
            : 'does not match the header'
      out.push(`block ${b.outcome.number}, ${run.threads} thread(s): ${what}`)
    }
  }
  return out
}

function mgasPerSec(o: Replay.Outcome, ns: bigint): number {
  return ns > 0n ? (Number(o.verdict.computed.gasUsed) / Number(ns)) * 1e3 : 0
}
