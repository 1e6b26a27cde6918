/** Helpers shared by the benchmark scripts (not tests; nothing here is timed). */
import { createRequire } from 'node:module'
import { cpus } from 'node:os'
import * as Pipeline from '../src/analysis/Pipeline.ts'
import * as EvmBench from '../src/evm/Bench.ts'
import * as Generate from '../src/evm/Generate.ts'
import type { Run } from '../src/exec/Run.ts'

/** A run's measured time in milliseconds. */
export function ms(run: Run): number {
  return Number(run.metrics.elapsedNs) / 1e6
}

/**
 * An integer setting from the environment (`fallback` when unset); outside `min..=max`, one line
 * on stderr in the CLI's words for a count-like flag, and exit 2 (bench/ may not import cli/).
 */
export function envInt(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name]
  if (raw === undefined) return fallback
  const value = /^[0-9]+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN
  if (Number.isSafeInteger(value) && value >= min && value <= max) return value
  console.error(`${name}: expected an integer in ${min}..=${max}, got \`${raw}\``)
  process.exit(2)
}

/** The machine line every benchmark prints first. */
export function machineLine(): string {
  return `machine: ${cpus()[0]?.model ?? 'unknown cpu'} | ${cpus().length} logical cores | node ${process.version}`
}

const { version } = createRequire(import.meta.url)('../package.json') as { version: string }

/**
 * `bench-evm-block`'s measurement: generate the block, take the analyzer's view of its captured
 * trace (dropped before anything is timed), then sequential vs Block-STM in interleaved rounds.
 */
export async function evmBlock(
  options: Generate.block.Options & EvmBench.measure.Options,
): Promise<EvmBench.Report> {
  const { threads, repeats, warmupMs, ...generator } = options
  const generated = await Generate.block(generator)
  const analyzer = await analyze(generated)
  const measured = await EvmBench.measure(generated, { threads, repeats, warmupMs: warmupMs ?? 0 })
  const runtimeVersion = `node ${process.version}`
  return EvmBench.report(generated, measured, analyzer, {
    threads,
    repeats,
    version,
    runtimeVersion,
  })
}

async function analyze(generated: Generate.Generated): Promise<EvmBench.Analyzer> {
  const pack = await EvmBench.capture(generated, version)
  const block = Pipeline.run({ pack, labels: [] }).dossier.blocks[0]
  if (block === undefined) throw new Error('the generated trace pack has no block')
  const { conflict_pair_count, critical_path_length, ceiling_by_tx, ceiling_by_gas } = block
  return { conflict_pair_count, critical_path_length, ceiling_by_tx, ceiling_by_gas }
}
