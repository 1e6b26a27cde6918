/**
 * The `replay` command's report: the JSON document (`replay-report-v1`) and the text lines, both
 * from the per-block outcomes. Timings live only in `timing` objects and the Mgas/s column.
 */
import type * as Replay from '../evm/Replay.ts'
import * as Fmt from '../primitives/Fmt.ts'
import type * as Json from '../primitives/Json.ts'

/** `report_version` of the JSON report. */
export const VERSION = 'replay-report-v1'

/** What the report says about the run as a whole. */
export type Meta = {
  readonly data: string
  readonly chain: string
}

/** The JSON report: `{report_version, data, chain, blocks: […], summary}`. */
export function json(meta: Meta, outcomes: readonly Replay.Outcome[]): Json.Value {
  const totals = totalsOf(outcomes)
  return {
    report_version: VERSION,
    data: meta.data,
    chain: meta.chain,
    blocks: outcomes.map((o) => ({
      number: o.number,
      hash: o.hash,
      fork: o.hardfork,
      txs: o.txs,
      gas_used: o.verdict.computed.gasUsed,
      header_gas_used: o.headerGasUsed,
      checks: {
        gas_used: o.verdict.checks.gasUsed,
        logs_bloom: o.verdict.checks.logsBloom,
        receipts_root: o.verdict.checks.receiptsRoot,
      },
      computed: {
        logs_bloom: o.verdict.computed.logsBloom,
        receipts_root: o.verdict.computed.receiptsRoot,
      },
      notes: o.notes,
      timing: { execution_ns: o.executionNs, mgas_per_sec: mgasPerSec(o) },
    })),
    summary: {
      blocks: outcomes.length,
      matched: totals.matched,
      mismatched: totals.mismatched.map((m) => ({ number: m.number, checks: m.checks })),
      txs: totals.txs,
      gas_used: totals.gas,
      timing: {
        execution_ns: totals.ns,
        mgas_per_sec: rate(totals.gas, totals.ns),
      },
    },
  }
}

/** The header of the per-block table `line` fills. */
export const HEADER = `${'block'.padStart(10)}  ${'fork'.padEnd(16)} ${'txs'.padStart(5)} ${'gas'.padStart(11)} ${'Mgas/s'.padStart(7)}  checks (gas used, logs bloom, receipts root)`

/** One block's line: number, fork, txs, gas, Mgas/s and each check. */
export function line(o: Replay.Outcome): string {
  const c = o.verdict.checks
  return (
    `${String(o.number).padStart(10)}  ${o.hardfork.padEnd(16)} ${String(o.txs).padStart(5)} ` +
    `${String(o.verdict.computed.gasUsed).padStart(11)} ${Fmt.fixed(mgasPerSec(o), 1).padStart(7)}  ` +
    `${c.gasUsed} ${c.logsBloom} ${c.receiptsRoot}`
  )
}

/** The closing lines: totals, throughput, and the blocks and checks that did not match. */
export function summary(outcomes: readonly Replay.Outcome[]): string[] {
  const t = totalsOf(outcomes)
  const head =
    `${count(outcomes.length, 'block')}, ${count(t.txs, 'tx')}, ${Fmt.fixed(Number(t.gas) / 1e6, 1)} Mgas in ` +
    `${Fmt.fixed(Number(t.ns) / 1e9, 2)} s of execution (${Fmt.fixed(rate(t.gas, t.ns), 1)} Mgas/s)`
  if (t.mismatched.length === 0) return [`${head}: every block matches its header`]
  return [
    `${head}: ${t.mismatched.length} of ${outcomes.length} blocks do not match their header`,
    ...t.mismatched.map((m) => `  block ${m.number}: ${m.checks.join(', ')} mismatch`),
  ]
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

function totalsOf(outcomes: readonly Replay.Outcome[]) {
  const mismatched: { number: number; checks: string[] }[] = []
  let txs = 0
  let gas = 0n
  let ns = 0n
  for (const o of outcomes) {
    txs += o.txs
    gas += o.verdict.computed.gasUsed
    ns += o.executionNs
    if (o.mismatches.length > 0) mismatched.push({ number: o.number, checks: [...o.mismatches] })
  }
  return { txs, gas, ns, mismatched, matched: outcomes.length - mismatched.length }
}

function mgasPerSec(o: Replay.Outcome): number {
  return rate(o.verdict.computed.gasUsed, o.executionNs)
}

/** Mgas per second of `gas` in `ns` (0 for no time). */
function rate(gas: bigint, ns: bigint): number {
  return ns > 0n ? (Number(gas) / Number(ns)) * 1e3 : 0
}
