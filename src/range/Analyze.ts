/**
 * One block of a range, start to finish, in whatever thread runs it: read and check the file
 * (`trace/DirBlocks.ts`), analyze it (`analysis/Pipeline.ts` → `DossierBlock`), reduce it to its
 * summary (`RangeBlock`) and encode its table rows (`tables/Rows.ts`). Workers call this; so do
 * tests, in-process.
 */
import * as DossierBlock from '../analysis/DossierBlock.ts'
import * as Pipeline from '../analysis/Pipeline.ts'
import * as RangeBlock from '../analysis/RangeBlock.ts'
import * as Rows from '../tables/Rows.ts'
import * as DirBlocks from '../trace/DirBlocks.ts'
import type { BlockReply, Setup } from './protocol.ts'

/**
 * Analyzes block `n` of the pack `setup` names; an invalid block comes back with its problems.
 * @example const reply = Analyze.block(setup, 18_000_000)
 */
export function block(setup: Setup, n: number): BlockReply {
  const one = DirBlocks.readOne(setup.dir, setup.manifest, n)
  if (one.block === undefined)
    return {
      kind: 'invalid',
      number: n,
      issues: one.issues,
      ...(one.parsed === undefined ? {} : { parsed: one.parsed }),
    }
  const input = Pipeline.blockInput(one.block, setup.manifest, setup.feeRecipient)
  const analysis = DossierBlock.analyze(input, setup.workers)
  const labels = new Map(setup.labels)
  const parsed = {
    blockNumber: one.block.blockNumber,
    blockHash: one.block.blockHash,
    parentHash: one.block.parentHash,
  }
  const summary = RangeBlock.summarize(analysis)
  if (setup.rows === 'blocks-only')
    return { kind: 'analyzed', number: n, parsed, summary, row: Rows.blocksRow(analysis, labels) }
  const csv = Rows.encode(analysis, labels)
  return { kind: 'analyzed', number: n, parsed, summary, row: csv.blocks, csv }
}
