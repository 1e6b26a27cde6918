/**
 * Executor benchmark (not a test): speedup of access-list and optimistic vs sequential on real
 * worker threads, heavy txs (CPU burn per tx), conflict 0.0 / 0.5 / 0.95, all on one machine in
 * one run. Also measures the pool's per-wave hand-off overhead with zero-cost txs.
 *
 *   npm run bench                              # full size (sequential ≈ 1–2 s per conflict level)
 *   BENCH_TXS=200 BENCH_VM_STEPS=2000 BENCH_REPEATS=1 npm run bench   # smoke run
 */

import * as Optimistic from '../src/exec/Optimistic.ts'
import * as Planned from '../src/exec/Planned.ts'
import * as Pool from '../src/exec/Pool.ts'
import type { Run } from '../src/exec/Run.ts'
import * as Sequential from '../src/exec/Sequential.ts'
import * as State from '../src/model/State.ts'
import * as Fmt from '../src/primitives/Fmt.ts'
import * as Stats from '../src/primitives/Stats.ts'
import * as Workload from '../src/workload/Workload.ts'
import { machineLine, ms } from './common.ts'

const txCount = Number(process.env.BENCH_TXS ?? 2000)
const vmSteps = Number(process.env.BENCH_VM_STEPS ?? 100_000)
const repeats = Number(process.env.BENCH_REPEATS ?? 3)
const threads = Number(process.env.BENCH_THREADS ?? 2)
const kind = Workload.parseKind(process.env.BENCH_WORKLOAD ?? 'storage') ?? 'storage'
const conflicts = [0.0, 0.5, 0.95]

const pool = Pool.create({ size: threads })
await pool.ready()

console.log(machineLine())
console.log(
  `workload: ${kind}, ${txCount} txs, vm_steps=${vmSteps}, threads=${threads}, median of ${repeats} (after 1 warm-up)`,
)
console.log('')
console.log(
  '| conflict | waves | re-exec | sequential ms | access-list ms | optimistic ms | access-list x | optimistic x |',
)
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')

for (const conflict of conflicts) {
  const w = Workload.generate({ kind, txCount, requestedConflict: conflict, vmSteps, seed: 42 })
  const times = { seq: [] as number[], planned: [] as number[], optimistic: [] as number[] }
  let last: { planned: Run; optimistic: Run } | undefined
  for (let r = 0; r <= repeats; r++) {
    const seq = Sequential.run(w.initialState, w.txs)
    const planned = await Planned.run(w.initialState, w.txs, { threads, pool })
    const optimistic = await Optimistic.run(w.initialState, w.txs, { threads, pool })
    if (
      !State.equals(planned.finalState, seq.finalState) ||
      !State.equals(optimistic.finalState, seq.finalState)
    ) {
      throw new Error(`state mismatch at conflict ${conflict}`)
    }
    if (r === 0) continue
    times.seq.push(ms(seq))
    times.planned.push(ms(planned))
    times.optimistic.push(ms(optimistic))
    last = { planned, optimistic }
  }
  const s = Stats.median(times.seq)
  const p = Stats.median(times.planned)
  const o = Stats.median(times.optimistic)
  console.log(
    `| ${Fmt.fixed(conflict, 2)} | ${last?.planned.metrics.waveCount} | ${last?.optimistic.metrics.reexecutedTxs} | ${Fmt.fixed(s, 1)} | ${Fmt.fixed(p, 1)} | ${Fmt.fixed(o, 1)} | ${Fmt.fixed(s / p, 2)}x | ${Fmt.fixed(s / o, 2)}x |`,
  )
}

// Hand-off overhead: zero-cost txs, many waves; pool time minus in-process time, per wave.
const cheap = Workload.generate({ kind, txCount, requestedConflict: 0.95, vmSteps: 0, seed: 42 })
const inProcess: number[] = []
const onPool: number[] = []
let waves = 0
for (let r = 0; r <= repeats; r++) {
  const a = await Planned.run(cheap.initialState, cheap.txs)
  const b = await Planned.run(cheap.initialState, cheap.txs, { threads, pool })
  waves = b.metrics.waveCount
  if (r === 0) continue
  inProcess.push(ms(a))
  onPool.push(ms(b))
}
const perWaveUs = ((Stats.median(onPool) - Stats.median(inProcess)) / Math.max(waves, 1)) * 1000
console.log('')
console.log(
  `hand-off overhead (vm_steps=0, conflict 0.95, ${waves} waves): in-process ${Fmt.fixed(Stats.median(inProcess), 1)} ms, pool ${Fmt.fixed(Stats.median(onPool), 1)} ms → ${Fmt.fixed(perWaveUs, 1)} µs per wave`,
)
await pool.close()
