import type { Command } from 'commander'

/**
 * One subcommand: its name and summary (what the top-level `--help` lists) and how to load its
 * module. Only the module of the command being run is loaded (`program.ts`), so `--version`,
 * `--help` and light commands do not pay for ethereumjs, viem or echarts. `summary` must equal the
 * command's own `.description(…)`: test/cli/program.test.ts checks every entry.
 */
export type Entry = {
  readonly name: string
  readonly summary: string
  readonly load: () => Promise<{ readonly register: (program: Command) => void }>
}

/** Every subcommand, in help order. */
export const commands: readonly Entry[] = [
  {
    name: 'bench',
    summary:
      'synthetic benchmark of the sequential, access-list, optimistic and Block-STM executors',
    load: () => import('./bench.ts'),
  },
  {
    name: 'bench-trace-pack',
    summary: 'benchmark the executors on txs whose access sets come from a trace pack',
    load: () => import('./bench-trace-pack.ts'),
  },
  {
    name: 'verify',
    summary:
      'check that access-list, optimistic and Block-STM runs equal sequential (full state) over a sweep',
    load: () => import('./verify.ts'),
  },
  {
    name: 'inspect',
    summary: 'print a generated workload: parameters, conflict rate and a sample of txs',
    load: () => import('./inspect.ts'),
  },
  {
    name: 'analyze-fixture',
    summary: 'normalized single-block fixture → parallelism report (JSON, Markdown, HTML)',
    load: () => import('./analyze-fixture.ts'),
  },
  {
    name: 'analyze-trace',
    summary: 'Geth struct-log fixture → parallelism report (storage accesses only: a lower bound)',
    load: () => import('./analyze-trace.ts'),
  },
  {
    name: 'analyze-trace-pack',
    summary: 'trace pack → contention dossier (JSON, Markdown, HTML, CSV sidecars, Chrome trace)',
    load: () => import('./analyze-trace-pack.ts'),
  },
  {
    name: 'diff-dossiers',
    summary:
      'what changed between two dossiers: headline metrics side by side, hot keys and contracts that appeared, vanished or moved',
    load: () => import('./diff-dossiers.ts'),
  },
  {
    name: 'analyze-range',
    summary:
      'trace pack of any length → range dossier (distributions, time series, hot state) block by block in bounded memory, optional Parquet tables',
    load: () => import('./analyze-range.ts'),
  },
  {
    name: 'query',
    summary: 'run SQL (DuckDB) over the Parquet tables analyze-range --tables wrote',
    load: () => import('./query.ts'),
  },
  {
    name: 'recommend-access-lists',
    summary:
      'observed access hints per tx (EIP-2930 shaped, observed only: not complete access lists)',
    load: () => import('./recommend-access-lists.ts'),
  },
  {
    name: 'explain',
    summary:
      'why a tx sits in its wave: the keys and earlier txs that hold it back most, its dependencies and longest chain to a root',
    load: () => import('./explain.ts'),
  },
  {
    name: 'demo',
    summary:
      'replay a real mainnet block from the bundled data, check it against its header, capture its accesses and write every report',
    load: () => import('./demo.ts'),
  },
  {
    name: 'rpc-capability-check',
    summary:
      'probe an RPC provider for the block, receipt and debug-tracing methods collection needs',
    load: () => import('./rpc-capability-check.ts'),
  },
  {
    name: 'collect-block-range',
    summary: 'collect a trace pack for a block range from a debug-capable JSON-RPC node',
    load: () => import('./collect-block-range.ts'),
  },
  {
    name: 'collect-replay-pack',
    summary:
      'collect a replay pack (blocks, pre-state, code, block hashes) from a debug-capable JSON-RPC node; each block is replayed offline and must match its header',
    load: () => import('./collect-replay-pack.ts'),
  },
  {
    name: 'import-bal',
    summary:
      'EIP-7928 block access list(s) → trace pack: per-transaction writes from the BAL (reads are per block only: an upper bound on parallelism)',
    load: () => import('./import-bal.ts'),
  },
  {
    name: 'validate-trace-pack',
    summary: 'check a trace-pack-v1 directory and report every problem (file, JSON path, value)',
    load: () => import('./validate-trace-pack.ts'),
  },
  {
    name: 'replay',
    summary:
      'replay real blocks offline from a replay pack and check each against its header (gas used, logs bloom, receipts root)',
    load: () => import('./replay.ts'),
  },
  {
    name: 'generate-evm-block',
    summary:
      'generate a realistic block (ERC-20, WETH, Uniswap V2 swaps, ETH transfers, approvals), execute it in ethereumjs and write its trace pack + execution.json',
    load: () => import('./generate-evm-block.ts'),
  },
  {
    name: 'generate-range-pack',
    summary:
      'generate a SYNTHETIC trace pack of many blocks (seeded: Zipf-popular tokens, pools and senders), for range benchmarks and tests',
    load: () => import('./generate-range-pack.ts'),
  },
  {
    name: 'bench-evm-block',
    summary:
      'generate a block as generate-evm-block does, run it sequentially and with Block-STM at each thread count, and compare (state root, receipts, time, re-executions, analyzer ceiling)',
    load: () => import('./bench-evm-block.ts'),
  },
]
