/**
 * EVM benchmark (not a test): sequential ethereumjs throughput (Mgas/s, tx/s) on one generated
 * block, with and without the access-capture hooks, measured in one run on one machine. Setup
 * (world deployment, tx signing), building the state from the genesis and the state root are
 * outside the timed region: the time is `Execute.run`'s transaction loop (`executionNs`).
 *
 *   npm run bench:evm                                  # 500-tx default block, 5 runs per mode
 *   BENCH_TXS=40 BENCH_REPEATS=1 BENCH_USERS=8 npm run bench:evm   # smoke run
 */

import * as Execute from '../src/evm/Execute.ts'
import * as Generate from '../src/evm/Generate.ts'
import * as Fmt from '../src/primitives/Fmt.ts'
import * as Stats from '../src/primitives/Stats.ts'

const txs = Number(process.env.BENCH_TXS ?? 500)
const repeats = Number(process.env.BENCH_REPEATS ?? 5)
const users = Number(process.env.BENCH_USERS ?? Generate.defaults.users)
const pools = Number(process.env.BENCH_POOLS ?? Generate.defaults.pools)

const setupStart = performance.now()
const block = await Generate.block({ txs, users, pools })
console.log(
  `block: ${txs} txs, ${users} users, ${pools} pools; setup ${Fmt.fixed(performance.now() - setupStart, 0)} ms`,
)

const modes = ['none', 'accesses'] as const
const samples: Record<(typeof modes)[number], number[]> = { none: [], accesses: [] }
const cpu: Record<(typeof modes)[number], number[]> = { none: [], accesses: [] }
let gas = 0n
// Warm-up run per mode (JIT, jump-destination cache), then alternate modes so drift hits both.
for (const capture of modes)
  await Execute.run(block.genesis, block.txs, { capture, stateRoot: 'skip' })
for (let i = 0; i < repeats; i++) {
  for (const capture of modes) {
    const cpuStart = process.cpuUsage()
    const result = await Execute.run(block.genesis, block.txs, { capture, stateRoot: 'skip' })
    samples[capture].push(Number(result.executionNs) / 1e6)
    const used = process.cpuUsage(cpuStart)
    cpu[capture].push((used.user + used.system) / 1000)
    gas = result.totalGasUsed
  }
}

console.log(
  `total gas ${gas} (${Fmt.fixed(Number(gas) / txs, 0)} gas/tx); median of ${repeats} runs`,
)
// CPU time is printed too: on a shared machine wall time mostly measures the neighbours.
console.log('| capture | median wall ms | Mgas/s | tx/s | median CPU ms | Mgas per CPU-s |')
console.log('| --- | ---: | ---: | ---: | ---: | ---: |')
for (const capture of modes) {
  const ms = Stats.median(samples[capture])
  const cpuMs = Stats.median(cpu[capture])
  const label = capture === 'none' ? 'none (no hooks)' : 'accesses (step hook + state wrapper)'
  const mgas = (t: number) => Fmt.fixed(Number(gas) / t / 1000, 2)
  console.log(
    `| ${label} | ${Fmt.fixed(ms, 1)} | ${mgas(ms)} | ${Fmt.fixed((txs / ms) * 1000, 0)} | ${Fmt.fixed(cpuMs, 1)} | ${mgas(cpuMs)} |`,
  )
}
