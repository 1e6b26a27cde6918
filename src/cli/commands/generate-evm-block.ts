import { join } from 'node:path'
import type { Command } from 'commander'
import * as Execute from '../../evm/Execute.ts'
import * as Generate from '../../evm/Generate.ts'
import * as Mix from '../../evm/Mix.ts'
import * as Pack from '../../evm/Pack.ts'
import * as Json from '../../primitives/Json.ts'
import * as Dir from '../../trace/Dir.ts'
import { print, writeFiles } from '../io.ts'
import { generatorOptions } from '../options.ts'
import * as Progress from '../progress.ts'
import { VERSION } from '../version.ts'

type Options = {
  out: string
  txs: number
  mix: Mix.Mix
  pools: number
  skew: number
  seed: number
  users: number
}

/** Registers `generate-evm-block`. */
export function register(program: Command): void {
  const command = program
    .command('generate-evm-block')
    .description(
      'generate a realistic block (ERC-20, WETH, Uniswap V2 swaps, ETH transfers, approvals), execute it in ethereumjs and write its trace pack + execution.json',
    )
    .requiredOption('--out <dir>', 'trace-pack directory to write (execution.json goes inside it)')
  for (const option of generatorOptions()) command.addOption(option)
  command.action(async (opts: Options) => {
    const phases = Progress.phasesForCommand()
    phases.start(`generating a ${opts.txs}-tx block (deploying contracts, drawing transactions)`)
    const generated = await Generate.block({
      txs: opts.txs,
      mix: opts.mix,
      pools: opts.pools,
      skew: opts.skew,
      seed: opts.seed,
      users: opts.users,
    })
    phases.start(`executing ${opts.txs} txs in ethereumjs with access capture`)
    const result = await Execute.run(generated.genesis, generated.txs, { capture: 'accesses' })
    phases.done()
    writeFiles([
      ...Dir.files(opts.out, Pack.from(generated, result, VERSION)),
      {
        path: join(opts.out, 'execution.json'),
        content: Json.stringify(Pack.execution(generated, result)),
      },
      { path: join(opts.out, 'labels.json'), content: Json.stringify(Pack.labels(generated)) },
    ])
    for (const line of summary(generated, result)) print(line)
    print(`wrote trace pack, execution.json and labels.json to ${opts.out}`)
  })
}

/** Human summary: state root, gas, statuses and gas by kind. */
function summary(generated: Generate.Generated, result: Execute.Result): string[] {
  const byKind = new Map<string, { count: number; gas: bigint }>()
  let failed = 0
  for (const r of result.results) {
    const kind = generated.txs[r.txIndex]?.kind ?? '?'
    const entry = byKind.get(kind) ?? { count: 0, gas: 0n }
    byKind.set(kind, { count: entry.count + 1, gas: entry.gas + r.gasUsed })
    if (r.status !== 'success') failed++
  }
  const kinds = Mix.kinds
    .filter((k) => byKind.has(k))
    .map((k) => `${k}=${byKind.get(k)?.count}/${byKind.get(k)?.gas}gas`)
  return [
    `block ${generated.genesis.env.number}: ${result.results.length} txs, ${failed} not successful, total_gas_used=${result.totalGasUsed}`,
    `state_root=${result.stateRoot}`,
    `by kind (count/gas): ${kinds.join(' ')}`,
  ]
}
