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
      ...(o.parallel.length === 0 ? {} : { block_stm: o.parallel.map(parallelJson) }),
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
      ...(threadsOf(outcomes).length === 0
        ? {}
        : {
            block_stm: threadsOf(outcomes).map((t) => {
              const p = parallelTotals(outcomes, t)
              return {
                threads: t,
                blocks: p.blocks,
                equal: p.equal,
                fallbacks: p.fallbacks,
                planned_sequential: p.planned,
                timing: {
                  execution_ns: p.ns,
                  baseline_ns: p.seq,
                  speedup_vs_sequential: p.speedup,
                  geomean_speedup: p.geomean,
                },
              }
            }),
          }),
    },
  }
}

function parallelJson(p: Replay.Outcome['parallel'][number]): Json.Value {
  return {
    threads: p.threads,
    equal: p.difference === null,
    difference: p.difference,
    executions: p.stats.executions,
    reexecutions: p.stats.reexecutions,
    aborts: p.stats.aborts,
    dependency_waits: p.stats.dependencyWaits,
    fallback: p.stats.fallback,
    planned: p.stats.planned,
    timing: {
      execution_ns: p.executionNs,
      baseline_ns: p.baselineNs,
      speedup_vs_sequential: speedup(p.baselineNs, p.executionNs),
    },
  }
}

/** The thread counts the outcomes ran Block-STM at, ascending. */
function threadsOf(outcomes: readonly Replay.Outcome[]): number[] {
  return [...new Set(outcomes.flatMap((o) => o.parallel.map((p) => p.threads)))].sort(
    (a, b) => a - b,
  )
}

/** Block-STM at `threads` over all outcomes: equality, fallbacks, total and geometric-mean speedup. */
function parallelTotals(outcomes: readonly Replay.Outcome[], threads: number) {
  let blocks = 0
  let equal = 0
  let fallbacks = 0
  let planned = 0
  let seq = 0n
  let ns = 0n
  let logs = 0
  let timed = 0
  for (const o of outcomes) {
    const p = o.parallel.find((x) => x.threads === threads)
    if (p === undefined) continue
    blocks += 1
    if (p.difference === null) equal += 1
    if (p.stats.fallback !== null) fallbacks += 1
    if (p.stats.planned !== null) planned += 1
    seq += p.baselineNs
    ns += p.executionNs
    if (o.txs > 0) {
      logs += Math.log(speedup(p.baselineNs, p.executionNs))
      timed += 1
    }
  }
  const geomean = timed === 0 ? 0 : Math.exp(logs / timed)
  return { blocks, equal, fallbacks, planned, ns, seq, speedup: speedup(seq, ns), geomean }
}

function speedup(sequential: bigint, parallel: bigint): number {
  return parallel > 0n ? Number(sequential) / Number(parallel) : 0
}

/** The header of the per-block table `line` fills. */
export const HEADER = `${'block'.padStart(10)}  ${'fork'.padEnd(16)} ${'txs'.padStart(5)} ${'gas'.padStart(11)} ${'Mgas/s'.padStart(7)}  checks (gas used, logs bloom, receipts root)`

/**
 * One block's line: number, fork, txs, gas, Mgas/s and each check, then each Block-STM run:
 * `stm×2 1.52x` (equal to sequential; the speedup against the sequential baseline on the engine's
 * worker, `ReplayParallel.Parallel.baselineNs`), `fallback` when it ran sequentially, `DIFFERS` when
 * not equal.
 */
export function line(o: Replay.Outcome): string {
  const c = o.verdict.checks
  const parallel = o.parallel.map(
    (p) =>
      `  stm×${p.threads} ${Fmt.fixed(speedup(p.baselineNs, p.executionNs), 2)}x` +
      (p.difference !== null
        ? ' DIFFERS'
        : p.stats.fallback !== null
          ? ' fallback'
          : p.stats.planned !== null
            ? ' planned-seq'
            : ''),
  )
  return (
    `${String(o.number).padStart(10)}  ${o.hardfork.padEnd(16)} ${String(o.txs).padStart(5)} ` +
    `${String(o.verdict.computed.gasUsed).padStart(11)} ${Fmt.fixed(mgasPerSec(o), 1).padStart(7)}  ` +
    `${c.gasUsed} ${c.logsBloom} ${c.receiptsRoot}${parallel.join('')}`
  )
}

/** The closing lines: totals, throughput, and the blocks and checks that did not match. */
export function summary(outcomes: readonly Replay.Outcome[]): string[] {
  const t = totalsOf(outcomes)
  const head =
    `${count(outcomes.length, 'block')}, ${count(t.txs, 'tx')}, ${Fmt.fixed(Number(t.gas) / 1e6, 1)} Mgas in ` +
    `${Fmt.fixed(Number(t.ns) / 1e9, 2)} s of execution (${Fmt.fixed(rate(t.gas, t.ns), 1)} Mgas/s)`
  const stm = threadsOf(outcomes).map((threads) => {
    const p = parallelTotals(outcomes, threads)
    return (
      `Block-STM at ${count(threads, 'thread')}: ${p.equal} of ${p.blocks} blocks equal to sequential, ` +
      `${p.fallbacks} fell back, ${p.planned} planned sequential; ${Fmt.fixed(p.speedup, 2)}x in total, ${Fmt.fixed(p.geomean, 2)}x geometric mean per block (single runs, against the sequential baseline on the engine's worker)`
    )
  })
  if (t.mismatched.length === 0) return [`${head}: every block matches its header`, ...stm]
  return [
    `${head}: ${t.mismatched.length} of ${outcomes.length} blocks do not match their header`,
    ...t.mismatched.map((m) => `  block ${m.number}: ${m.checks.join(', ')} mismatch`),
    ...stm,
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
