import type { Command } from 'commander'
import * as Pipeline from '../../analysis/Pipeline.ts'
import * as Fmt from '../../primitives/Fmt.ts'
import * as Format from '../../report/Format.ts'
import * as Headline from '../../report/Headline.ts'
import * as Dir from '../../trace/Dir.ts'
import * as Labels from '../../trace/Labels.ts'
import { print, writeFiles } from '../io.ts'
import * as Outputs from '../outputs.ts'
import * as Paths from '../paths.ts'
import * as Progress from '../progress.ts'

const WORKERS = [1, 2, 4, 8, 16]

/** Registers `demo`. */
export function register(program: Command): void {
  program
    .command('demo')
    .description(
      'analyze the bundled demo block (generated, real EVM execution) and write every report',
    )
    .option('--out <dir>', 'output directory', 'out/demo')
    .action(async (opts: { out: string }) => {
      const { out } = opts
      // A 500-tx block written by generate-evm-block, with its own labels.json.
      const dir = Paths.bundled('data', 'demo-pack')
      const phases = Progress.phasesForCommand()
      phases.start('reading the demo pack')
      const pack = Dir.read(dir)
      phases.start('analyzing 1 block')
      const result = Pipeline.run({ pack, labels: Labels.forPack(dir) }, { workers: WORKERS })
      phases.start('rendering the reports')
      const context = {
        result,
        command: `parallel-evm-lab demo --out ${out}`,
        chartsJs: Outputs.chartsJs(),
      }
      const files = Outputs.place(await Format.render(Format.all, context), out)
      writeFiles(files)
      phases.done()
      for (const line of summary(result.dossier, out)) print(line)
      print('wrote:')
      for (const f of files) print(`  ${f.path}`)
    })
}

function summary(d: Pipeline.Result['dossier'], out: string): string[] {
  const sim = d.worker_simulation
  const best = sim[sim.length - 1]
  return [
    `analyzed the bundled demo block (generated, real EVM execution; ${d.chain} blocks ${d.start_block}-${d.end_block}) into ${out}`,
    Headline.dossier(d),
    `overlapping txs ${Fmt.fixed(d.overlapping_tx_percentage, 3)}% vs conflicting pairs ${Fmt.fixed(d.conflict_percentage, 3)}%; ` +
      `waves=${d.wave_count} max_width=${d.max_wave_width}` +
      (best === undefined
        ? ''
        : `; ${best.workers} simulated workers: ${Fmt.fixed(best.speedup_vs_one_worker, 3)}x (theoretical, not measured)`),
    `hash=${d.deterministic_hash}`,
  ]
}
