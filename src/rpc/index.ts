/**
 * `rpc` entry point (package subpath): trace-pack and replay-pack collection from JSON-RPC nodes.
 */
// biome-ignore-all lint/performance/noBarrelFile: this is the rpc subpath entry file (only the three package entry files re-export; ARCHITECTURE.md)
/** Capability probes and tracer choice. */
export * as Capability from './Capability.ts'
/** Block range → trace-pack blocks, resumable. */
export * as Collect from './Collect.ts'
/** Typed block and receipt reads. */
export * as Eth from './Eth.ts'
/** A block's pre-state merged from per-transaction prestateTracer results. */
export * as PreState from './PreState.ts'
/** Redaction of URLs, bearer tokens and API keys in messages. */
export * as Redact from './Redact.ts'
/** Replay-pack collection: raw blocks, merged pre-states, block hashes, the node's hardfork. */
export * as ReplayCollect from './ReplayCollect.ts'
/** Tracer results (JS storage, prestate, struct logs) → accesses. */
export * as Tracers from './Tracers.ts'
/** viem-based JSON-RPC transport with retries. */
export * as Transport from './Transport.ts'
/** RPC URL resolution from flags and environment. */
export * as Url from './Url.ts'
