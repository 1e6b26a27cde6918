/**
 * What changed between two dossiers (before/after a contract change, two blocks, two tracers):
 * headline metrics side by side, and the keys and contracts that appeared in, vanished from or
 * moved within the hot tables. Reads dossier JSON as written by any version of the lab
 * (`top_hot_keys` when present, else the storage-only `top_hot_storage_slots`).
 */
import { BaseError } from '../primitives/Errors.ts'
import * as Order from '../primitives/Order.ts'

/** The parts of a dossier a diff reads. */
export type Side = {
  readonly file: string
  readonly chain: string
  readonly startBlock: number
  readonly endBlock: number
  readonly tracerKind: string
  readonly hash: string
  readonly metrics: ReadonlyMap<string, number | null>
  /** Hot keys in rank order: display key → (label, kind, contribution). */
  readonly keys: readonly HotItem[]
  readonly contracts: readonly HotItem[]
}

type HotItem = {
  readonly id: string
  readonly label: string
  readonly kind: string
  readonly contribution: number
}

/** One headline metric of both dossiers. */
export type MetricRow = {
  metric: string
  a: number | null
  b: number | null
  /** b − a; null when either is missing. */
  delta: number | null
}

/** How a hot key or contract changed. */
export type HotChange = {
  id: string
  label: string
  kind: string
  change: 'appeared' | 'vanished' | 'moved' | 'unchanged'
  /** 1-based ranks; null where absent. */
  rank_a: number | null
  rank_b: number | null
  contribution_a: number | null
  contribution_b: number | null
}

/** The diff (`dossier-diff-v1`). */
export type DossierDiff = {
  report_version: 'dossier-diff-v1'
  a: {
    file: string
    chain: string
    blocks: string
    tracer_kind: string
    deterministic_hash: string
  }
  b: {
    file: string
    chain: string
    blocks: string
    tracer_kind: string
    deterministic_hash: string
  }
  metrics: MetricRow[]
  hot_keys: HotChange[]
  hot_contracts: HotChange[]
}

/** Headline metrics compared, in display order (dossier field names). */
const METRICS = [
  'block_count',
  'tx_count',
  'total_gas_used',
  'total_accesses',
  'conflict_pair_count',
  'conflict_percentage',
  'overlapping_tx_percentage',
  'gas_weighted_conflict_percentage',
  'wave_count',
  'max_wave_width',
  'critical_path_length_by_tx',
  'gas_weighted_critical_path',
  'theoretical_parallelism_ceiling_by_tx',
  'theoretical_parallelism_ceiling_by_gas',
  'contention_concentration.top_1_conflict_percent',
  'contention_concentration.top_10_conflict_percent',
  'parallelism_loss_decomposition.account_level_conflict_contributions',
  'parallelism_loss_decomposition.hot_slot_conflict_contributions',
] as const

/**
 * Reads the parts of a dossier JSON value a diff needs; throws `InvalidError` naming the file, the
 * JSON path, what was expected and the value.
 */
export function parse(json: unknown, file: string): Side {
  const root = record(json, file, '$', 'a trace-pack-dossier-v1 object')
  if (root.report_version !== 'trace-pack-dossier-v1')
    throw new InvalidError(file, '$.report_version', '"trace-pack-dossier-v1"', root.report_version)
  const metrics = new Map<string, number | null>()
  for (const name of METRICS) metrics.set(name, metric(root, name, file))
  const keyRows = Array.isArray(root.top_hot_keys) ? 'top_hot_keys' : 'top_hot_storage_slots'
  const keys = list(root, keyRows, file).map((row, i) => {
    const path = `$.${keyRows}[${i}]`
    const r = record(row, file, path, 'a hot key object')
    const slotKey =
      keyRows === 'top_hot_keys'
        ? str(r, 'key', file, path)
        : `storage:${str(r, 'key', file, path)}`
    return {
      id: slotKey,
      label: str(r, 'address_label', file, path),
      kind: keyRows === 'top_hot_keys' ? str(r, 'key_type', file, path) : 'storage',
      contribution: num(r, 'conflict_contribution', file, path),
    }
  })
  const contracts = list(root, 'top_hot_contracts', file).map((row, i) => {
    const path = `$.top_hot_contracts[${i}]`
    const r = record(row, file, path, 'a hot contract object')
    return {
      id: str(r, 'address', file, path),
      label: str(r, 'label', file, path),
      kind: 'contract',
      contribution: num(r, 'conflict_contribution', file, path),
    }
  })
  return {
    file,
    chain: str(root, 'chain', file, '$'),
    startBlock: num(root, 'start_block', file, '$'),
    endBlock: num(root, 'end_block', file, '$'),
    tracerKind: str(root, 'tracer_kind', file, '$'),
    hash: str(root, 'deterministic_hash', file, '$'),
    metrics,
    keys,
    contracts,
  }
}

/** Compares two dossiers. */
export function diff(a: Side, b: Side): DossierDiff {
  const side = (s: Side) => ({
    file: s.file,
    chain: s.chain,
    blocks: `${s.startBlock}-${s.endBlock}`,
    tracer_kind: s.tracerKind,
    deterministic_hash: s.hash,
  })
  return {
    report_version: 'dossier-diff-v1',
    a: side(a),
    b: side(b),
    metrics: METRICS.map((metric) => {
      const x = a.metrics.get(metric) ?? null
      const y = b.metrics.get(metric) ?? null
      return { metric, a: x, b: y, delta: x === null || y === null ? null : y - x }
    }),
    hot_keys: changes(a.keys, b.keys),
    hot_contracts: changes(a.contracts, b.contracts),
  }
}

/** Rows of B in rank order, then the rows that vanished in A's rank order. */
function changes(a: readonly HotItem[], b: readonly HotItem[]): HotChange[] {
  const rankA = new Map(a.map((item, i) => [item.id, i]))
  const rankB = new Map(b.map((item, i) => [item.id, i]))
  const out: HotChange[] = b.map((item, j) => {
    const i = rankA.get(item.id)
    const before = i === undefined ? undefined : a[i]
    return {
      id: item.id,
      label: item.label,
      kind: item.kind,
      change: i === undefined ? 'appeared' : i === j ? 'unchanged' : 'moved',
      rank_a: i === undefined ? null : i + 1,
      rank_b: j + 1,
      contribution_a: before === undefined ? null : before.contribution,
      contribution_b: item.contribution,
    }
  })
  a.forEach((item, i) => {
    if (rankB.has(item.id)) return
    out.push({
      id: item.id,
      label: item.label,
      kind: item.kind,
      change: 'vanished',
      rank_a: i + 1,
      rank_b: null,
      contribution_a: item.contribution,
      contribution_b: null,
    })
  })
  // B's rows are in rank order already; ties among vanished rows cannot occur (distinct ranks).
  return out.sort(
    (x, y) =>
      Number(x.rank_b === null) - Number(y.rank_b === null) ||
      (x.rank_b ?? x.rank_a ?? 0) - (y.rank_b ?? y.rank_a ?? 0) ||
      Order.strings(x.id, y.id),
  )
}

function metric(root: Record<string, unknown>, name: string, file: string): number | null {
  const [first, second] = name.split('.') as [string, string | undefined]
  let value: unknown = root[first]
  if (second !== undefined) value = record(value, file, `$.${first}`, 'an object')[second]
  if (value === null || value === undefined) return null
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new InvalidError(file, `$.${name}`, 'a number or null', value)
  return value
}

function record(value: unknown, file: string, path: string, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InvalidError(file, path, what, value)
  return value as Record<string, unknown>
}

function list(root: Record<string, unknown>, name: string, file: string): readonly unknown[] {
  const value = root[name]
  if (!Array.isArray(value)) throw new InvalidError(file, `$.${name}`, 'an array', value)
  return value
}

function str(r: Record<string, unknown>, name: string, file: string, path: string): string {
  const value = r[name]
  if (typeof value !== 'string') throw new InvalidError(file, `${path}.${name}`, 'a string', value)
  return value
}

function num(r: Record<string, unknown>, name: string, file: string, path: string): number {
  const value = r[name]
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new InvalidError(file, `${path}.${name}`, 'a number', value)
  return value
}

/** A file is not a dossier the diff can read. */
export class InvalidError extends BaseError {
  override name = 'DossierDiff.InvalidError'
  constructor(file: string, path: string, expected: string, value: unknown) {
    const shown = value === undefined ? '<missing>' : JSON.stringify(value)
    super(
      `${file}: ${path}: expected ${expected}, got ${shown === undefined ? String(value) : shown.slice(0, 80)}`,
      {
        code: 'DOSSIER_INVALID',
        hints: ['diff-dossiers reads dossier.json files written by analyze-trace-pack or demo'],
      },
    )
  }
}
