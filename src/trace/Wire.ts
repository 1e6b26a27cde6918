/**
 * trace-pack-v1 wire form: the snake_case JSON the original lab reads and writes. This is the only
 * place the snake_case shapes exist; everything else uses the camelCase domain types.
 */
import * as Json from '../primitives/Json.ts'
import * as Fields from './Fields.ts'
import type * as Issue from './Issue.ts'
import type * as TracePack from './TracePack.ts'
import { accessKinds } from './TracePack.ts'

/** `manifest.json`, fields in the original's declaration order. */
export type ManifestJson = {
  readonly schema_version: string
  readonly chain: string
  readonly source: string
  readonly provenance: string
  readonly start_block: number
  readonly end_block: number
  /** Sparse packs only (our extension); omitted otherwise. */
  readonly block_numbers?: readonly number[]
  readonly created_by_tool_version: string
  readonly tracer_kind: string
  readonly notes: readonly string[]
  readonly warnings: readonly string[]
}

/** One access, fields in declaration order. */
export type AccessJson = {
  readonly address: string
  readonly slot: string | null
  readonly kind: TracePack.AccessKind
  readonly op: string | null
  readonly pc: number | null
  readonly depth: number | null
  readonly gas_remaining: number | null
}

/** One transaction, fields in declaration order. */
export type TxJson = {
  readonly tx_index: number
  readonly tx_hash: string
  readonly from: string | null
  readonly to: string | null
  readonly gas_used: number | null
  readonly status: string | null
  readonly accesses: readonly AccessJson[]
  readonly warnings: readonly string[]
}

/** `blocks/<n>.json`; `source_tx_count` is omitted (not null) when absent. */
export type BlockJson = {
  readonly chain: string
  readonly block_number: number
  readonly block_hash: string | null
  readonly parent_hash: string | null
  readonly tx_count: number
  readonly source_tx_count?: number
  readonly total_gas_used: number | null
  readonly transactions: readonly TxJson[]
  readonly warnings: readonly string[]
}

/** Result of a structural parse: `value` is present only when `issues` is empty. */
export type Parsed<T> = { readonly value?: T; readonly issues: readonly Issue.Issue[] }

/** Converts a manifest to its wire shape. */
export function manifestToWire(m: TracePack.Manifest): ManifestJson {
  return {
    schema_version: m.schemaVersion,
    chain: m.chain,
    source: m.source,
    provenance: m.provenance,
    start_block: m.startBlock,
    end_block: m.endBlock,
    ...(m.blockNumbers === undefined ? {} : { block_numbers: m.blockNumbers }),
    created_by_tool_version: m.createdByToolVersion,
    tracer_kind: m.tracerKind,
    notes: m.notes,
    warnings: m.warnings,
  }
}

/** Converts a block to its wire shape. */
export function blockToWire(b: TracePack.Block): BlockJson {
  return {
    chain: b.chain,
    block_number: b.blockNumber,
    block_hash: b.blockHash,
    parent_hash: b.parentHash,
    tx_count: b.txCount,
    ...(b.sourceTxCount === null ? {} : { source_tx_count: b.sourceTxCount }),
    total_gas_used: b.totalGasUsed,
    transactions: b.transactions.map(txToWire),
    warnings: b.warnings,
  }
}

/** Serializes a manifest exactly as the original writes it (serde pretty, no trailing newline). */
export function manifestToJson(m: TracePack.Manifest): string {
  return Json.stringify(manifestToWire(m))
}

/** Serializes a block exactly as the original writes it (serde pretty, no trailing newline). */
export function blockToJson(b: TracePack.Block): string {
  return Json.stringify(blockToWire(b))
}

/** Structurally parses `manifest.json` (types, required fields, integers), reporting every issue. */
export function manifestFromJson(json: unknown, file: string): Parsed<TracePack.Manifest> {
  const context = Fields.context(file)
  const obj = Fields.object(context, json, '')
  if (obj === undefined) return { issues: context.issues }
  const read = (key: string) => Fields.string(context, obj, '', key)
  const value = {
    schemaVersion: read('schema_version'),
    chain: read('chain'),
    source: read('source'),
    provenance: read('provenance'),
    startBlock: Fields.integer(context, obj, '', 'start_block'),
    endBlock: Fields.integer(context, obj, '', 'end_block'),
    ...(Fields.member(obj, 'block_numbers') === undefined
      ? {}
      : {
          blockNumbers: Fields.array(context, obj, '', 'block_numbers', (item, path) =>
            Fields.integerValue(context, item, path),
          ),
        }),
    createdByToolVersion: read('created_by_tool_version'),
    tracerKind: read('tracer_kind'),
    notes: Fields.strings(context, obj, '', 'notes'),
    warnings: Fields.strings(context, obj, '', 'warnings'),
  }
  if (context.issues.length > 0) return { issues: context.issues }
  return { value: value as TracePack.Manifest, issues: [] }
}

/** Structurally parses one `blocks/<n>.json`, reporting every issue. */
export function blockFromJson(json: unknown, file: string): Parsed<TracePack.Block> {
  const context = Fields.context(file)
  const obj = Fields.object(context, json, '')
  if (obj === undefined) return { issues: context.issues }
  const value = {
    chain: Fields.string(context, obj, '', 'chain'),
    blockNumber: Fields.integer(context, obj, '', 'block_number'),
    blockHash: Fields.nullableString(context, obj, '', 'block_hash'),
    parentHash: Fields.nullableString(context, obj, '', 'parent_hash'),
    txCount: Fields.integer(context, obj, '', 'tx_count'),
    sourceTxCount: Fields.nullableInteger(context, obj, '', 'source_tx_count'),
    totalGasUsed: Fields.nullableInteger(context, obj, '', 'total_gas_used'),
    transactions: Fields.array(context, obj, '', 'transactions', (item, path) =>
      txFromJson(context, item, path),
    ),
    warnings: Fields.strings(context, obj, '', 'warnings'),
  }
  if (context.issues.length > 0) return { issues: context.issues }
  return { value: value as TracePack.Block, issues: [] }
}

function txToWire(t: TracePack.Tx): TxJson {
  return {
    tx_index: t.txIndex,
    tx_hash: t.txHash,
    from: t.from,
    to: t.to,
    gas_used: t.gasUsed,
    status: t.status,
    accesses: t.accesses.map((a) => ({
      address: a.address,
      slot: a.slot,
      kind: a.kind,
      op: a.op,
      pc: a.pc,
      depth: a.depth,
      gas_remaining: a.gasRemaining,
    })),
    warnings: t.warnings,
  }
}

function txFromJson(
  context: Fields.Context,
  json: unknown,
  path: string,
): TracePack.Tx | undefined {
  const obj = Fields.object(context, json, path)
  if (obj === undefined) return undefined
  const before = context.issues.length
  const value = {
    txIndex: Fields.integer(context, obj, path, 'tx_index'),
    txHash: Fields.string(context, obj, path, 'tx_hash'),
    from: Fields.nullableString(context, obj, path, 'from'),
    to: Fields.nullableString(context, obj, path, 'to'),
    gasUsed: Fields.nullableInteger(context, obj, path, 'gas_used'),
    status: Fields.nullableString(context, obj, path, 'status'),
    accesses: Fields.array(context, obj, path, 'accesses', (item, here) =>
      accessFromJson(context, item, here),
    ),
    warnings: Fields.strings(context, obj, path, 'warnings'),
  }
  return context.issues.length > before ? undefined : (value as TracePack.Tx)
}

function accessFromJson(
  context: Fields.Context,
  json: unknown,
  path: string,
): TracePack.Access | undefined {
  const obj = Fields.object(context, json, path)
  if (obj === undefined) return undefined
  const before = context.issues.length
  const value = {
    address: Fields.string(context, obj, path, 'address'),
    slot: Fields.nullableString(context, obj, path, 'slot'),
    kind: Fields.oneOf(context, obj, path, 'kind', accessKinds),
    op: Fields.nullableString(context, obj, path, 'op'),
    pc: Fields.nullableInteger(context, obj, path, 'pc'),
    depth: Fields.nullableInteger(context, obj, path, 'depth'),
    gasRemaining: Fields.nullableInteger(context, obj, path, 'gas_remaining'),
  }
  return context.issues.length > before ? undefined : (value as TracePack.Access)
}
