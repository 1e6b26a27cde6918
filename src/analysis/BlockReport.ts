import * as Hash from '../primitives/Hash.ts'
import * as Json from '../primitives/Json.ts'
import * as Order from '../primitives/Order.ts'
import type { BlockTrace } from '../trace/BlockTrace.ts'
import * as Key from '../trace/Key.ts'
import * as Sets from './AccessSets.ts'
import * as Graph from './ConflictGraph.ts'
import { floatKeys } from './DossierTypes.ts'
import * as Waves from './Waves.ts'

/** `{key, count}` row of the single-block hot lists (counts access events, not txs). */
export type HotCount = { key: string; count: number }

/** Per-tx row of the single-block report. */
export type TxSummary = {
  tx_index: number
  tx_hash: string
  read_count: number
  write_count: number
  conflict_degree: number
  wave: number
}

/**
 * The single-block ParallelismReport (docs/original-lab.md §6.1), plus edge-type counts at the end.
 */
export type BlockReport = {
  report_version: '1'
  chain: string
  block: { number: number; hash: string | null }
  tx_count: number
  access_model: 'declared-read-write-lower-bound' | 'declared-read-write-complete'
  conflict_pair_count: number
  conflict_percentage: number
  wave_count: number
  max_wave_width: number
  critical_path_length: number
  theoretical_parallelism_ceiling: number
  top_hot_contracts: HotCount[]
  top_hot_storage_slots: HotCount[]
  access_histogram: { read?: number; write?: number; read_write?: number }
  tx_summaries: TxSummary[]
  warnings: { tx_index: number | null; message: string }[]
  generated_from_fixture: boolean
  generated_from_rpc: boolean
  deterministic_hash: string
  conflict_edge_types: {
    read_after_write: number
    write_after_write: number
    write_after_read: number
    counting: string
  }
}

/** Where the trace came from (recorded in the report). */
export type Origin = { readonly fixture: boolean; readonly rpc: boolean }

/** Lower-bound warning added for each tx whose read set is incomplete. */
export const LOWER_BOUND_WARNING = 'analysis is a lower bound: read set is marked incomplete'

/** Builds the single-block parallelism report of a normalized trace. */
export function build(trace: BlockTrace, origin: Origin): BlockReport {
  const n = trace.transactions.length
  const sets = Sets.fromTrace(trace)
  const graph = Graph.build(sets)
  const waves = Waves.build(graph)
  const path = waves.waves.length
  const report: BlockReport = {
    report_version: '1',
    chain: trace.chain,
    block: { number: trace.block.number, hash: trace.block.hash },
    tx_count: n,
    access_model: trace.transactions.some((tx) => !tx.readInfoComplete)
      ? 'declared-read-write-lower-bound'
      : 'declared-read-write-complete',
    conflict_pair_count: graph.pairCount,
    conflict_percentage: n < 2 ? 0 : (graph.pairCount / Graph.possiblePairs(n)) * 100,
    wave_count: waves.waves.length,
    max_wave_width: waves.maxWidth,
    critical_path_length: path,
    theoretical_parallelism_ceiling: path === 0 ? 0 : n / path,
    ...hotLists(trace),
    access_histogram: histogram(trace),
    tx_summaries: trace.transactions.map((tx, i) => ({
      tx_index: tx.txIndex,
      tx_hash: tx.txHash,
      read_count: sets[i]!.reads.length,
      write_count: sets[i]!.writes.length,
      conflict_degree: graph.degree[i]!,
      wave: waves.waveOf[i]!,
    })),
    warnings: warnings(trace),
    generated_from_fixture: origin.fixture,
    generated_from_rpc: origin.rpc,
    deterministic_hash: '',
    conflict_edge_types: {
      read_after_write: graph.edgeTypes.readAfterWrite,
      write_after_write: graph.edgeTypes.writeAfterWrite,
      write_after_read: graph.edgeTypes.writeAfterRead,
      counting: 'conflict pairs per dependency type; a pair with several types counts once in each',
    },
  }
  const text = Json.stringify(report as unknown as Json.Value, { pretty: false, floatKeys })
  return { ...report, deterministic_hash: Hash.ofString(text) }
}

/** Pretty JSON of a block report. */
export function toJson(report: BlockReport): string {
  return Json.stringify(report as unknown as Json.Value, { floatKeys })
}

function hotLists(
  trace: BlockTrace,
): Pick<BlockReport, 'top_hot_contracts' | 'top_hot_storage_slots'> {
  const contracts = new Map<string, number>()
  const slots = new Map<string, number>()
  for (const tx of trace.transactions) {
    for (const { key } of tx.accesses) {
      contracts.set(key.address, (contracts.get(key.address) ?? 0) + 1)
      const slot = Key.toSlotText(Key.toId(key))
      if (slot !== null) slots.set(slot, (slots.get(slot) ?? 0) + 1)
    }
  }
  return { top_hot_contracts: top(contracts), top_hot_storage_slots: top(slots) }
}

function top(map: ReadonlyMap<string, number>): HotCount[] {
  return [...map]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || Order.strings(a.key, b.key))
    .slice(0, 5)
}

function histogram(trace: BlockTrace): BlockReport['access_histogram'] {
  const counts = { read: 0, write: 0, read_write: 0 }
  for (const tx of trace.transactions) for (const a of tx.accesses) counts[a.kind]++
  const out: BlockReport['access_histogram'] = {}
  if (counts.read > 0) out.read = counts.read
  if (counts.write > 0) out.write = counts.write
  if (counts.read_write > 0) out.read_write = counts.read_write
  return out
}

function warnings(trace: BlockTrace): BlockReport['warnings'] {
  const all = [...trace.warnings]
  for (const tx of trace.transactions) {
    all.push(...tx.warnings)
    if (!tx.readInfoComplete) all.push({ txIndex: tx.txIndex, message: LOWER_BOUND_WARNING })
  }
  const seen = new Set<string>()
  return all
    .sort((a, b) => (a.txIndex ?? -1) - (b.txIndex ?? -1) || Order.strings(a.message, b.message))
    .filter((w) => {
      const id = `${w.txIndex}|${w.message}`
      if (seen.has(id)) return false
      seen.add(id)
      return true
    })
    .map((w) => ({ tx_index: w.txIndex, message: w.message }))
}
