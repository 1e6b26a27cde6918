/**
 * `evm` entry point (package subpath): the only module tree that imports @ethereumjs.
 */
// biome-ignore-all lint/performance/noBarrelFile: this is the evm subpath entry file (only the three package entry files re-export; ARCHITECTURE.md)
/** The lab's EIP-7928 access list of a block: system changes (index 0, n+1) around the transactions'. */
export * as BalBuild from './BalBuild.ts'
/** The EIP-7928 codec (ethereumjs's): RLP, hash, canonical decoding. */
export * as BalCodec from './BalCodec.ts'
/** The BAL-parallel engine: every transaction at once on the pre-state plus the BAL's lower indices. */
export * as BalParallel from './BalParallel.ts'
/** Long-lived BAL-parallel workers (each with its own ethereumjs VM). */
export * as BalPool from './BalPool.ts'
/** Records what each transaction adds to its block's access list (from the state, not opcode rules). */
export * as BalRecord from './BalRecord.ts'
/** Replay with access lists: the lab's BAL per block, BAL-parallel runs compared with sequential. */
export * as BalReplay from './BalReplay.ts'
/** Seals a generated block with ethereumjs's block builder (header with the BAL hash from Amsterdam). */
export * as Build from './Build.ts'
/** Block-STM over real EVM transactions: a leader worker plus remote executors, lazy balance credits. */
export * as BlockStm from './blockstm/BlockStm.ts'
/** Long-lived EVM Block-STM workers (each with its own ethereumjs VM). */
export * as BlockStmPool from './blockstm/BlockStmPool.ts'
/** Per-tx access capture (step hook + state-manager wrapper) for an ethereumjs VM. */
export * as Capture from './Capture.ts'
/** Creation bytecode of the deployed contracts, loaded from the Uniswap npm artifacts. */
export * as Contracts from './Contracts.ts'
/** Runs plain-data transactions on ethereumjs and returns per-tx results and the post-state root. */
export * as Execute from './Execute.ts'
/** Seeded generator of realistic blocks (ERC-20, WETH, Uniswap V2 swaps, ETH transfers, approvals). */
export * as Generate from './Generate.ts'
/** Plain-data genesis (accounts, block environment), state loading/dumping and the Merkle state root. */
export * as Genesis from './Genesis.ts'
/** Transaction-kind weights and Zipf popularity sampling. */
export * as Mix from './Mix.ts'
/** Generated execution → trace-pack-v1 and the execution summary. */
export * as Pack from './Pack.ts'
/** Deploys the contract world a generated block runs against. */
export * as Setup from './Setup.ts'
/** Journaled in-memory state backend (the seam for other state managers). */
export * as State from './State.ts'
