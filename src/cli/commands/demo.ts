import { type Command, Option } from 'commander'
import * as Pipeline from '../../analysis/Pipeline.ts'
import * as Pack from '../../evm/Pack.ts'
import * as Replay from '../../evm/Replay.ts'
import { BaseError } from '../../primitives/Errors.ts'
import * as Fmt from '../../primitives/Fmt.ts'
import * as Format from '../../report/Format.ts'
import * as Headline from '../../report/Headline.ts'
import * as Dir from '../../trace/Dir.ts'
import * as Labels from '../../trace/Labels.ts'
import * as ReplayDir from '../../trace/ReplayDir.ts'
import type * as TracePack from '../../trace/TracePack.ts'
import { print, writeFiles } from '../io.ts'
import * as Outputs from '../outputs.ts'
import * as Paths from '../paths.ts'
import * as Progress from '../progress.ts'
import { VERSION } from '../version.ts'

const WORKERS = [1, 2, 4, 8, 16]

/** The bundled mainnet block the demo replays: 724 transactions, 30 Mgas (January 2022). */
const MAINNET_BLOCK = 14029313

const examples = ['mainnet', 'generated'] as const

type Options = { out: string; example: (typeof examples)[number] }

/** Registers `demo`. */
export function register(program: Command): void {
  program
    .command('demo')
    .description(
      'replay a real mainnet block from the bundled data, check it against its header, capture its accesses and write every report',
    )
    .option('--out <dir>', 'output directory', 'out/demo')
    .addOption(
      new Option(
        '--example <name>',
        `mainnet: block ${MAINNET_BLOCK}, replayed offline and checked against its header; generated: the bundled 500-tx generated block`,
      )
        .choices(examples)
        .default('mainnet'),
    )
    .action(async (opts: Options) => {
      const { out, example } = opts
      const phases = Progress.phasesForCommand()
      const input = example === 'mainnet' ? await mainnet(phases) : generated(phases)
      phases.start('analyzing 1 block')
      const result = Pipeline.run({ pack: input.pack, labels: input.labels }, { workers: WORKERS })
      phases.start('rendering the reports')
      const context = {
        result,
        command: `parallel-evm-lab demo${example === 'mainnet' ? '' : ' --example generated'} --out ${out}`,
        chartsJs: Outputs.chartsJs(),
      }
      const files = Outputs.place(await Format.render(Format.all, context), out)
      writeFiles(files)
      phases.done()
      for (const line of [...input.lines(out), ...summary(result.dossier)]) print(line)
      print('wrote:')
      for (const f of files) print(`  ${f.path}`)
    })
}

type Input = {
  readonly pack: TracePack.TracePack
  readonly labels: Labels.Labels
  /** What was read or replayed, and what the replay checked. */
  readonly lines: (out: string) => string[]
}

/** Replays the bundled mainnet block with access capture; a header mismatch stops the demo. */
async function mainnet(phases: Progress.Phases): Promise<Input> {
  const data = ReplayDir.open(Paths.bundled('data', 'mainnet'))
  phases.start(`replaying mainnet block ${MAINNET_BLOCK} with access capture`)
  const read = (n: number) => ReplayDir.readBlock(data, n)
  let outcome: Replay.Outcome | undefined
  for await (const o of Replay.each(data, [MAINNET_BLOCK], read, { capture: 'accesses' }))
    outcome = o
  if (outcome === undefined || outcome.traced === null)
    throw new BaseError(`block ${MAINNET_BLOCK} was not replayed`, { code: 'INTERNAL' })
  if (outcome.mismatches.length > 0)
    throw new BaseError(
      `block ${MAINNET_BLOCK} does not match its header: ${outcome.mismatches.join(', ')}`,
      { code: 'REPLAY_MISMATCH' },
    )
  const { checks } = outcome.verdict
  const { hardfork, txs } = outcome
  return {
    pack: Pack.fromReplay(data.manifest, [outcome.traced], VERSION),
    labels: Labels.read(Paths.bundled('labels', 'mainnet-known-contracts.json')),
    lines: (out) => [
      `replayed Ethereum mainnet block ${MAINNET_BLOCK} (${hardfork}, ${txs} txs) offline from the bundled data, captured every access, analyzed it into ${out}`,
      `header checks: gas_used ${checks.gasUsed}, logs_bloom ${checks.logsBloom}, receipts_root ${checks.receiptsRoot}`,
    ],
  }
}

/** The bundled generated block (written by generate-evm-block, with its own labels.json). */
function generated(phases: Progress.Phases): Input {
  const dir = Paths.bundled('data', 'demo-pack')
  phases.start('reading the demo pack')
  const pack = Dir.read(dir)
  return {
    pack,
    labels: Labels.forPack(dir),
    lines: (out) => [
      `analyzed the bundled demo block (generated, real EVM execution; ${pack.manifest.chain} block ${pack.manifest.startBlock}) into ${out}`,
    ],
  }
}

function summary(d: Pipeline.Result['dossier']): string[] {
  const sim = d.worker_simulation
  const best = sim[sim.length - 1]
  return [
    Headline.dossier(d),
    `overlapping txs ${Fmt.fixed(d.overlapping_tx_percentage, 3)}% vs conflicting pairs ${Fmt.fixed(d.conflict_percentage, 3)}%; ` +
      `waves=${d.wave_count} max_width=${d.max_wave_width}` +
      (best === undefined
        ? ''
        : `; ${best.workers} simulated workers: ${Fmt.fixed(best.speedup_vs_one_worker, 3)}x (theoretical, not measured)`),
    `hash=${d.deterministic_hash}`,
  ]
}
