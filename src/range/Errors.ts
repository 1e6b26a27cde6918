import { BaseError } from '../primitives/Errors.ts'
import * as Issue from '../trace/Issue.ts'
import * as TracePack from '../trace/TracePack.ts'

/** A block of the range is invalid or missing, and invalid blocks are not skipped. */
export class InvalidBlockError extends TracePack.InvalidError {
  override name = 'Range.InvalidBlockError'
  override readonly hints: readonly string[]
  constructor(dir: string, issues: readonly Issue.Issue[]) {
    super(dir, issues)
    this.hints = [
      ...Issue.hints(issues, ' (run validate-trace-pack)'),
      'pass --skip-invalid-blocks to analyze the other blocks and list this one in the dossier',
    ]
  }
}

/** The run was interrupted; its work directory is kept for `--resume`. */
export class InterruptedError extends BaseError {
  override name = 'Range.InterruptedError'
  constructor(workDir: string, done: number, total: number) {
    super(`interrupted after ${done} blocks; the work so far is kept in ${workDir}`, {
      code: 'RANGE_INTERRUPTED',
      hints: [
        'rerun the same command with --resume to continue where it stopped (outputs are written only at the end)',
      ],
      details: `${total} blocks were left to analyze when the run started`,
    })
  }
}
