/**
 * One analyzed block's rows of every table, as CSV text in `Schema` column order (no header; an
 * empty field is NULL). CSV is the staging form: a worker encodes its block, the range appends the
 * text to its partition's files, and DuckDB turns each finished partition into Parquet. Pure: no
 * DuckDB here, so workers and the core analysis never load it.
 */
import * as ConflictEdges from '../analysis/ConflictEdges.ts'
import * as CriticalPath from '../analysis/CriticalPath.ts'
import type { BlockAnalysis } from '../analysis/DossierBlock.ts'
import * as RangeHot from '../analysis/RangeHot.ts'
import * as Key from '../trace/Key.ts'
import type * as Schema from './Schema.ts'

/** CSV text per table (each row ends in a newline). */
export type Csv = Readonly<Record<Schema.Name, string>>

/**
 * The rows of one block. `labels` maps lowercase addresses to names (`trace/Labels.ts`).
 * @example const csv = Rows.encode(DossierBlock.analyze(input, [1]), new Map(labels))
 */
export function encode(a: BlockAnalysis, labels: ReadonlyMap<string, string>): Csv {
  const keys = sharedKeys(a)
  return {
    blocks: blockRow(a, keys, labels),
    txs: txRows(a),
    keys: keyRows(a, keys, labels),
    edges: edgeRows(a),
  }
}

/** The block's row of the `blocks` table alone (what a range without tables keeps). */
export function blocksRow(a: BlockAnalysis, labels: ReadonlyMap<string, string>): string {
  return blockRow(a, sharedKeys(a), labels)
}

function blockRow(a: BlockAnalysis, keys: Shared, labels: ReadonlyMap<string, string>): string {
  const { entry: e, graph } = a
  const best = RangeHot.top(graph.keyContributions.map((k) => [k.key, k.count] as const))
  return line([
    e.block_number,
    a.block.blockHash,
    e.tx_count,
    e.gas_used,
    e.total_accesses,
    keys.counts.size,
    keys.ids.length,
    e.conflict_pair_count,
    e.conflict_percentage,
    e.gas_weighted_conflict_percentage,
    e.overlapping_tx_count,
    e.wave_count,
    e.max_wave_width,
    e.critical_path_length,
    e.gas_critical_path,
    e.ceiling_by_tx,
    e.ceiling_by_gas,
    graph.edgeTypes.readAfterWrite,
    graph.edgeTypes.writeAfterWrite,
    graph.edgeTypes.writeAfterRead,
    best === undefined ? null : Key.toText(best.key),
    best?.keyCount ?? null,
    best?.contract ?? null,
    best === undefined ? null : (labels.get(best.contract.toLowerCase()) ?? null),
    e.execution_ladder.every_conflict.ceiling_by_gas,
    e.execution_ladder.lazy_fee_recipient.ceiling_by_gas,
    e.execution_ladder.lazy_balance_credits.ceiling_by_gas,
    e.execution_ladder.bal_parallel.ceiling_by_gas,
  ])
}

function txRows(a: BlockAnalysis): string {
  const { trace, entry, durations, depth, durationPath, graph } = a
  const remaining = CriticalPath.remaining(graph, durations)
  const byIndex = new Map(a.block.transactions.map((tx) => [tx.txIndex, tx]))
  const out: string[] = []
  trace.transactions.forEach((tx, i) => {
    const source = byIndex.get(tx.txIndex)
    const summary = entry.tx_summaries[i]!
    const onPath = depth[i]! + remaining[i]! - durations[i]! === durationPath
    out.push(
      line([
        entry.block_number,
        tx.txIndex,
        tx.txHash,
        source?.from ?? null,
        source?.to ?? null,
        a.gas[i] ?? null,
        summary.wave,
        summary.conflict_degree,
        onPath,
      ]),
    )
  })
  return out.join('')
}

type KeyCounts = { readers: number; writers: number; touchers: number }

/** Per key, its readers, writers and touching txs; `ids`: keys two or more txs touch, in key order. */
type Shared = { readonly counts: ReadonlyMap<Key.Id, KeyCounts>; readonly ids: readonly Key.Id[] }

function sharedKeys(a: BlockAnalysis): Shared {
  const counts = new Map<Key.Id, KeyCounts>()
  for (const { reads, writes } of a.sets) {
    const read = new Set(reads)
    for (const key of reads) {
      const c = counted(counts, key)
      c.readers++
      c.touchers++
    }
    for (const key of writes) {
      const c = counted(counts, key)
      c.writers++
      if (!read.has(key)) c.touchers++
    }
  }
  const ids = [...counts.keys()].filter((id) => counts.get(id)!.touchers >= 2)
  return { counts, ids: ids.sort(Key.compareIds) }
}

function keyRows(a: BlockAnalysis, keys: Shared, labels: ReadonlyMap<string, string>): string {
  const contribution = new Map(a.graph.keyContributions.map((k) => [k.key, k.count]))
  const block = a.entry.block_number
  const out: string[] = []
  for (const id of keys.ids) {
    const { readers, writers } = keys.counts.get(id)!
    const address = Key.addressOf(id)
    out.push(
      line([
        block,
        Key.toText(id),
        Key.typeOf(id),
        address,
        Key.slotOf(id),
        labels.get(address.toLowerCase()) ?? null,
        readers,
        writers,
        contribution.get(id) ?? 0,
      ]),
    )
  }
  return out.join('')
}

function edgeRows(a: BlockAnalysis): string {
  const block = a.entry.block_number
  const index = a.trace.transactions.map((tx) => tx.txIndex)
  const out: string[] = []
  ConflictEdges.visit(a.sets, (e) => {
    const from = index[e.from]!
    const to = index[e.to]!
    if (e.readAfterWrite > 0)
      out.push(line([block, from, to, 'read_after_write', e.readAfterWrite]))
    if (e.writeAfterWrite > 0)
      out.push(line([block, from, to, 'write_after_write', e.writeAfterWrite]))
    if (e.writeAfterRead > 0)
      out.push(line([block, from, to, 'write_after_read', e.writeAfterRead]))
  })
  return out.join('')
}

function counted(map: Map<Key.Id, KeyCounts>, key: Key.Id): KeyCounts {
  let c = map.get(key)
  if (c === undefined) {
    c = { readers: 0, writers: 0, touchers: 0 }
    map.set(key, c)
  }
  return c
}

/** One CSV row: null → empty field; text quoted when it holds a comma, quote or line break. */
function line(values: readonly (string | number | boolean | null)[]): string {
  return `${values.map(field).join(',')}\n`
}

function field(value: string | number | boolean | null): string {
  if (value === null) return ''
  if (typeof value !== 'string') return String(value)
  return /[",\n\r]/.test(value) || value === '' ? `"${value.replace(/"/g, '""')}"` : value
}
