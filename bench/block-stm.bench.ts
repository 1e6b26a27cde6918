/**
 * Block-STM benchmark (not a test): Block-STM on real worker threads side by side with sequential
 * on the same input, in one run on one machine.
 *  1. synthetic heavy txs (CPU burn per tx) at conflict 0.0 and 0.95 (targets: ≥1.7x at 2
 *     threads at 0.0; no worse than 0.8x at 0.95);
 *  2. a generated EVM block of swaps over many pools (`bench-evm-block`'s measurement): targets
 *     ≥1.5x at 2 threads and a speedup ≥ 85% of min(threads, analyzer ceiling).
 *
 *   npm run bench:block-stm                                                # full size
 *   BENCH_TXS=200 BENCH_VM_STEPS=2000 BENCH_REPEATS=1 BENCH_EVM_TXS=40 BENCH_WARMUP_S=0 npm run bench:block-stm  # smoke
 *
 * Each generated block is measured after `BENCH_WARMUP_S` seconds (default 30) of untimed
 * sequential and Block-STM runs.
 */

import * as Mix from '../src/evm/Mix.ts'
import * as BlockStm from '../src/exec/blockstm/BlockStm.ts'
import * as BlockStmPool from '../src/exec/blockstm/BlockStmPool.ts'
import * as Sequential from '../src/exec/Sequential.ts'
import * as State from '../src/model/State.ts'
import * as Fmt from '../src/primitives/Fmt.ts'
import * as Stats from '../src/primitives/Stats.ts'
import * as Workload from '../src/workload/Workload.ts'
import { envInt, evmBlock, machineLine, ms } from './common.ts'

const txCount = Number(process.env.BENCH_TXS ?? 2000)
const vmSteps = Number(process.env.BENCH_VM_STEPS ?? 100_000)
const repeats = Number(process.env.BENCH_REPEATS ?? 3)
const threadList = (process.env.BENCH_THREADS ?? '1,2,4').split(',').map(Number)
const kind = Workload.parseKind(process.env.BENCH_WORKLOAD ?? 'storage') ?? 'storage'
const conflicts = [0.0, 0.95]
// Seconds of untimed sequential and Block-STM runs before each generated block is measured.
const warmupS = envInt('BENCH_WARMUP_S', 30, 0, 3600)

const pool = BlockStmPool.create({ size: Math.max(...threadList) })
await pool.ready()

console.log(machineLine())
console.log(
  `synthetic: ${kind}, ${txCount} txs, vm_steps=${vmSteps}, median of ${repeats} (after 1 warm-up)`,
)
console.log('')
console.log(
  '| conflict | threads | sequential ms | block-stm ms | speedup | executions | aborts | dependency waits | validations |',
)
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
for (const conflict of conflicts) {
  const w = Workload.generate({ kind, txCount, requestedConflict: conflict, vmSteps, seed: 42 })
  for (const threads of threadList) {
    const seqTimes: number[] = []
    const stmTimes: number[] = []
    let last: BlockStm.Result | undefined
    for (let r = 0; r <= repeats; r++) {
      const seq = Sequential.run(w.initialState, w.txs)
      const stm = await BlockStm.run(w.initialState, w.txs, { threads, pool })
      if (!State.equals(stm.finalState, seq.finalState))
        throw new Error(`block-stm state mismatch at conflict ${conflict}, ${threads} threads`)
      if (r === 0) continue
      seqTimes.push(ms(seq))
      stmTimes.push(ms(stm))
      last = stm
    }
    const s = last?.blockStm
    const seqMs = Stats.median(seqTimes)
    const stmMs = Stats.median(stmTimes)
    console.log(
      `| ${Fmt.fixed(conflict, 2)} | ${threads} | ${Fmt.fixed(seqMs, 1)} | ${Fmt.fixed(stmMs, 1)} | ${Fmt.fixed(seqMs / stmMs, 2)}x | ${s?.executions} | ${s?.aborts} | ${s?.dependencyWaits} | ${s?.validations} |`,
    )
  }
}
await pool.close()
console.log('')
const evmTxs = Number(process.env.BENCH_EVM_TXS ?? 400)
// Three generated blocks: independent token→WETH swaps over 64 pools and independent ERC-20
// transfers (high analyzer ceilings), and the generator's default swaps (ETH↔token swaps all move
// WETH's ETH balance, so the analyzer itself sees a near-serial block).
const evmMixes = (process.env.BENCH_EVM_MIXES ?? 'token-swap=1;erc20=1;swap=1').split(';')
for (const mixText of evmMixes) {
  const evm = await evmBlock({
    txs: evmTxs,
    seed: 42,
    pools: Number(process.env.BENCH_EVM_POOLS ?? 64),
    skew: Number(process.env.BENCH_EVM_SKEW ?? 0),
    users: Number(process.env.BENCH_EVM_USERS ?? 512),
    mix: Mix.parse(mixText),
    threads: threadList,
    repeats: Number(process.env.BENCH_EVM_REPEATS ?? 5),
    warmupMs: warmupS * 1000,
  })
  const a = evm.analyzer
  console.log('')
  console.log(
    `evm block: ${evm.tx_count} txs (${evm.mix}, ${evm.pools} pools, skew ${evm.skew}, ${evm.users} users), gas ${evm.total_gas_used}, analyzer ceiling by gas ${a.ceiling_by_gas === null ? 'n/a' : Fmt.fixed(a.ceiling_by_gas, 2)}, by tx ${Fmt.fixed(a.ceiling_by_tx, 2)}; medians of ${evm.repeats} interleaved rounds after ${warmupS} s of warm-up`,
  )
  console.log('')
  console.log(
    '| threads | sequential ms | block-stm ms | speedup | vs 1 thread | target min(threads, ceiling) | % of target | overhead µs/tx | re-exec | aborts | waits | root equal |',
  )
  console.log(
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |',
  )
  for (const r of evm.runs) {
    console.log(
      `| ${r.threads} | ${Fmt.fixed(Number(evm.sequential.elapsed_ns) / 1e6, 1)} | ${Fmt.fixed(Number(r.elapsed_ns) / 1e6, 1)} | ${Fmt.fixed(r.speedup_vs_sequential, 2)}x | ${r.speedup_vs_one_thread === null ? 'n/a' : `${Fmt.fixed(r.speedup_vs_one_thread, 2)}x`} | ${Fmt.fixed(r.speedup_target, 2)}x | ${Fmt.fixed((r.speedup_vs_sequential / r.speedup_target) * 100, 0)}% | ${Fmt.fixed(r.overhead_us_per_tx, 0)} | ${r.reexecutions} | ${r.aborts} | ${r.dependency_waits} | ${r.deterministic_passed ? 'yes' : 'NO'} |`,
    )
  }
}
