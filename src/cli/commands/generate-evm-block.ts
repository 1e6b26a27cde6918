import { join } from 'node:path'

import { type Command, Option } from 'commander'
import * as BalBuild from '../../evm/BalBuild.ts'
import * as BalCodec from '../../evm/BalCodec.ts'
import * as BalRecord from '../../evm/BalRecord.ts'
import * as Build from '../../evm/Build.ts'

import * as Execute from '../../evm/Execute.ts'
import * as Generate from '../../evm/Generate.ts'
import * as Mix from '../../evm/Mix.ts'
import * as Pack from '../../evm/Pack.ts'
import * as Json from '../../primitives/Json.ts'
import * as Bal from '../../trace/Bal.ts'
import * as BalWire from '../../trace/BalWire.ts'
import * as Dir from '../../trace/Dir.ts'

import { type OutputFile, print, writeFiles } from '../io.ts'
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
  hardfork: (typeof Generate.hardforks)[number]
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
  command
    .addOption(
      new Option(
        '--hardfork <name>',
        'rules of the block: amsterdam (EIP-7928) also seals it with ethereumjs and writes block.json, whose header commits to the BAL',
      )
        .choices(Generate.hardforks)
        .default(Generate.defaults.hardfork),
    )
    .addHelpText(
      'after',
      "\nEvery block also gets its EIP-7928 access list, built by the lab from the execution: bal.json (execution-apis JSON form) and bal.rlp. With --hardfork amsterdam the lab's BAL must hash to the header's blockAccessListHash, computed by ethereumjs (else exit 1). Format: docs/bal.md.",
    )
    .action(async (opts: Options) => {
      const phases = Progress.phasesForCommand()
      phases.start(`generating a ${opts.txs}-tx block (deploying contracts, drawing transactions)`)
      const generated = await Generate.block({
        txs: opts.txs,
        mix: opts.mix,
        pools: opts.pools,
        skew: opts.skew,
        seed: opts.seed,
        users: opts.users,
        hardfork: opts.hardfork,
      })
      phases.start(`executing ${opts.txs} txs in ethereumjs with access capture`)
      const parts: Bal.Part[] = []
      const result = await Execute.run(generated.genesis, generated.txs, {
        capture: 'accesses',
        instrument: BalRecord.into(parts),
      })
      const sealed = opts.hardfork === 'amsterdam' ? await Build.seal(generated) : null
      const { bal } = BalBuild.ofGenerated(generated.genesis, parts, {
        parentHash: sealed?.parentHash ?? ZERO_HASH,
        parentBeaconBlockRoot: ZERO_HASH,
        withdrawals: null,
      })
      if (sealed !== null) Build.verify(sealed, bal, result.results)
      phases.done()
      const rlp = BalCodec.encode(bal)
      const files: OutputFile[] = [
        ...Dir.files(opts.out, Pack.from(generated, result, VERSION)),
        {
          path: join(opts.out, 'execution.json'),
          content: Json.stringify(Pack.execution(generated, result)),
        },
        { path: join(opts.out, 'labels.json'), content: Json.stringify(Pack.labels(generated)) },
        { path: join(opts.out, 'bal.json'), content: `${Json.stringify(BalWire.toJson(bal))}\n` },
        { path: join(opts.out, 'bal.rlp'), content: rlp },
      ]
      if (sealed !== null)
        files.push({
          path: join(opts.out, 'block.json'),
          content: `${Json.stringify(sealed.block)}\n`,
        })
      writeFiles(files)
      for (const line of summary(generated, result)) print(line)
      print(
        `bal: hash ${BalCodec.hash(bal)}, ${Bal.itemCount(bal)} items, ${rlp.length} bytes (RLP)`,
      )
      if (sealed !== null)
        print(
          `sealed by ethereumjs: block ${sealed.hash}, header blockAccessListHash ${sealed.blockAccessListHash} (equals the lab's BAL)`,
        )
      const written = sealed === null ? '' : ', block.json'
      print(
        `wrote trace pack, execution.json, labels.json, bal.json, bal.rlp${written} to ${opts.out}`,
      )
    })
}

const ZERO_HASH = `0x${'0'.repeat(64)}`

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
