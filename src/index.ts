/**
 * parallel-evm-lab core library. Each namespace is one module; the network stack (`./rpc`) and
 * the EVM (`./evm`) are separate subpath entries so this one never loads them.
 */
// biome-ignore-all lint/performance/noBarrelFile: this is the package entry file (only the three package entry files re-export; ARCHITECTURE.md)

/** Observed access hints and EIP-2930-shaped observed access lists. */
export * as AccessHints from './analysis/AccessHints.ts'
/** Single-block parallelism report. */
export * as BlockReport from './analysis/BlockReport.ts'
/** Conflict pairs, dependency edges and edge types, indexed per key. */
export * as ConflictGraph from './analysis/ConflictGraph.ts'
/** The range contention dossier (`trace-pack-dossier-v1`). */
export * as Dossier from './analysis/Dossier.ts'
/** A transaction's dependency chain and the keys behind each edge. */
export * as Explain from './analysis/Explain.ts'
/** A loaded pack → its dossier and per-block analyses, analyzed once (the pipeline every command uses). */
export * as Pipeline from './analysis/Pipeline.ts'
/** Worker-lane schedule and conflict graph inputs for charts. */
export * as Schedule from './analysis/Schedule.ts'
/** List-scheduling worker simulation (canonical, gas_lpt, critical_path). */
export * as Simulation from './analysis/Simulation.ts'
/** BenchmarkReport: sequential baseline plus parallel modes, with equality checks. */
export * as Bench from './exec/Bench.ts'
/** Block-STM over the synthetic model (multi-version memory, collaborative scheduler). */
export * as BlockStm from './exec/blockstm/BlockStm.ts'
/** One-round optimistic executor. */
export * as Optimistic from './exec/Optimistic.ts'
/** Access-list wave executor (CLI mode `access-list`). */
export * as Planned from './exec/Planned.ts'
/** Long-lived worker-thread pool holding state replicas. */
export * as Pool from './exec/Pool.ts'
/** Sequential executor (the reference). */
export * as Sequential from './exec/Sequential.ts'
/** Sweeps every parallel mode against sequential. */
export * as Verify from './exec/Verify.ts'
/** Synthetic state-model access keys. */
export * as AccessKey from './model/AccessKey.ts'
/** Declared-set conflicts and conflict-pair counting. */
export * as Conflict from './model/Conflict.ts'
/** Synthetic state: accounts, storage, deltas and the stable state hash. */
export * as State from './model/State.ts'
/** Synthetic transaction kinds and `execute`, the single home of their semantics. */
export * as Tx from './model/Tx.ts'
/** Error base class, usage errors and stable error codes. */
export * as Errors from './primitives/Errors.ts'
/** Rust-exact number formatting (fixed decimals with ties to even, shortest display). */
export * as Fmt from './primitives/Fmt.ts'
/** FNV-1a-64 report and state hashes (not cryptographic). */
export * as Hash from './primitives/Hash.ts'
/** serde_json-compatible JSON writer (floats keep `.0`, declaration order). */
export * as Json from './primitives/Json.ts'
/** Total comparators (code-unit string order, never locale-dependent). */
export * as Order from './primitives/Order.ts'
/** Seeded ChaCha8 generator with rand 0.8 sampling (bit-identical workloads). */
export * as Rng from './primitives/Rng.ts'
/** Chrome trace-event renderers. */
export * as ChromeTrace from './report/ChromeTrace.ts'
/** CSV sidecar renderers. */
export * as Csv from './report/Csv.ts'
/** Every output format of an analyzed pack, one registry of pure renderers. */
export * as Format from './report/Format.ts'
/** Self-contained HTML dossier page. */
export * as HtmlDossier from './report/HtmlDossier.ts'
/** Markdown executive summary. */
export * as MarkdownDossier from './report/MarkdownDossier.ts'
/** Optimization memo generated from a dossier. */
export * as Memo from './report/Memo.ts'
/** EIP-7928 block-level access lists as plain data: assembly, writes per index, canonical checks. */
export * as Bal from './trace/Bal.ts'
/** EIP-7928 access list → trace-pack blocks (per-transaction writes; reads are per block only). */
export * as BalPack from './trace/BalPack.ts'
/** The execution-apis JSON form of an EIP-7928 access list (`eth_getBlockAccessList`). */
export * as BalWire from './trace/BalWire.ts'
/** Normalized single-block access trace types. */
export * as BlockTrace from './trace/BlockTrace.ts'
/** Reads and writes trace-pack directories (atomic writes, hostile-input safe). */
export * as Dir from './trace/Dir.ts'
/** Normalized single-block fixtures (docs/original-lab.md §2.1). */
export * as Fixture from './trace/Fixture.ts'
/** Geth struct-log fixtures → normalized trace. */
export * as Geth from './trace/Geth.ts'
/** Validation issues (file, JSON path, expected, value). */
export * as Issue from './trace/Issue.ts'
/** The real-trace key vocabulary: typed key, canonical id, display text. */
export * as Key from './trace/Key.ts'
/** Contract labels (display metadata only): parsing, and a pack's labels file. */
export * as Labels from './trace/Labels.ts'
/** Trace-pack block → normalized trace (fee-recipient handling). */
export * as Normalized from './trace/Normalized.ts'
/** trace-pack-v1 domain types, normalization and validation. */
export * as TracePack from './trace/TracePack.ts'
/** trace-pack-v1 snake_case wire form. */
export * as Wire from './trace/Wire.ts'
/** Order-sensitive workloads derived from a trace pack's observed accesses. */
export * as FromTracePack from './workload/FromTracePack.ts'
/** Seeded synthetic workload generator. */
export * as Workload from './workload/Workload.ts'
