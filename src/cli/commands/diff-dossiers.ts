import type { Command } from 'commander'
import * as DossierDiff from '../../analysis/DossierDiff.ts'
import * as Json from '../../primitives/Json.ts'
import * as DiffText from '../../report/DiffText.ts'
import { print, readJson } from '../io.ts'

/** Registers `diff-dossiers`. */
export function register(program: Command): void {
  program
    .command('diff-dossiers')
    .description(
      'what changed between two dossiers: headline metrics side by side, hot keys and contracts that appeared, vanished or moved',
    )
    .argument('<a>', 'the first dossier.json (before)')
    .argument('<b>', 'the second dossier.json (after)')
    .option('--json', 'print the diff as JSON (dossier-diff-v1)')
    .action((a: string, b: string, opts: { json?: boolean }) => {
      const before = DossierDiff.parse(readJson(a, 'dossier'), a)
      const after = DossierDiff.parse(readJson(b, 'dossier'), b)
      const result = DossierDiff.diff(before, after)
      if (opts.json) print(Json.stringify(result as unknown as Json.Value))
      else process.stdout.write(DiffText.render(result))
    })
}
