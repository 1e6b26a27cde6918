import type { Command } from 'commander'
import * as BlockStmPool from '../../evm/blockstm/BlockStmPool.ts'
import * as Pack from '../../evm/Pack.ts'
import * as Replay from '../../evm/Replay.ts'
import { BaseError, UsageError } from '../../primitives/Errors.ts'
import * as Json from '../../primitives/Json.ts'
import * as ReplayReport from '../../report/ReplayReport.ts'
import * as Dir from '../../trace/Dir.ts'
import * as ReplayDir from '../../trace/ReplayDir.ts'
import { type OutputFile, print, writeFiles } from '../io.ts'
import * as parse from '../parsers.ts'
import * as Paths from '../paths.ts'
import * as Progress from '../progress.ts'
import * as ReplayBal from '../replayBal.ts'
import { VERSION } from '../version.ts'

type Options = ReplayBal.Flags & {
  data?: string
  blocks?: number[]
  traceOut?: string
  json?: boolean
  out?: string
  verifySignatures?: boolean
  plan?: boolean
}

/** Registers `replay`. */
export function register(program: Command): void {
  const command = program
    .command('replay')
    .description(
      'replay real blocks offline from a replay pack and check each against its header (gas used, logs bloom, receipts root)',
    )
    .option('--data <dir>', 'replay-pack directory (default: the bundled 52 mainnet blocks)')
    .option(
      '--blocks <list>',
      'comma-separated block numbers (default: every block)',
      parse.blockList,
    )
    .option('--trace-out <dir>', 'write a trace pack of every access the replay made')
    .option('--json', 'print the JSON report on stdout instead of the text table')
    .option('--out <file>', 'write the JSON report to FILE')
    .option(
      '--verify-signatures',
      'recover every sender from its signature and compare with `from`',
    )
    .option(
      '--no-plan',
      "with --engine block-stm: run Block-STM on every block, also where it would plan the sequential path (too little gas per thread, one sender's chain), to check the engine itself",
    )
  ReplayBal.register(command)
  command
    .addHelpText(
      'after',
      '\nExit status: 0 when every block matches its header (and every parallel run equals the sequential replay), 1 when one does not (the report names it), a BAL is invalid, or the input is invalid, 2 on a usage error.\nFormat of a replay pack: docs/replay-pack.md; Block-STM: docs/block-stm.md; access lists and the BAL-parallel engine: docs/bal.md.',
    )
    .action(async (opts: Options) => {
      if (opts.plan === false && ReplayBal.engineOf(opts) !== 'block-stm')
        throw new UsageError('--no-plan needs Block-STM (--engine block-stm or --threads)')
      const data = opts.data ?? Paths.bundled('data', 'mainnet')
      const pack = ReplayDir.open(data)
      const numbers = selected(pack, opts.blocks)
      const bal = ReplayBal.start(opts)
      const outcomes = await replayAll(pack, numbers, opts, bal).finally(() => bal?.close())
      const base = ReplayReport.json({ data, chain: pack.manifest.chain }, outcomes)
      const report = bal === null ? base : { ...(base as object), bal: bal.json() }
      const files: OutputFile[] = [...(bal?.files() ?? [])]
      if (opts.traceOut !== undefined) {
        const traced = outcomes.flatMap((o) => (o.traced === null ? [] : [o.traced]))
        files.push(...Dir.files(opts.traceOut, Pack.fromReplay(pack.manifest, traced, VERSION)))
      }
      if (opts.out !== undefined)
        files.push({ path: opts.out, content: `${Json.stringify(report)}\n` })
      writeFiles(files)
      if (opts.json === true) print(Json.stringify(report))
      else for (const line of ReplayReport.summary(outcomes)) print(line)
      if (opts.traceOut !== undefined && opts.json !== true)
        print(`wrote the trace pack to ${opts.traceOut}`)
      if (opts.balOut !== undefined && opts.json !== true)
        print(`wrote ${outcomes.length * 2} BAL files to ${opts.balOut}`)
      const failed = outcomes.filter((o) => o.mismatches.length > 0)
      if (failed.length > 0)
        throw new BaseError(
          `${failed.length} of ${outcomes.length} blocks do not match their header`,
          {
            code: 'REPLAY_MISMATCH',
            hints: failed.map((o) => `block ${o.number}: ${o.mismatches.join(', ')}`),
          },
        )
      const differing = outcomes.flatMap((o) =>
        o.parallel.flatMap((p) =>
          p.difference === null ? [] : [`block ${o.number}, ${p.threads} threads: ${p.difference}`],
        ),
      )
      bal?.check()
      if (differing.length > 0)
        throw new BaseError(
          `${differing.length} Block-STM runs differ from the sequential replay`,
          {
            code: 'STATE_MISMATCH',
            hints: differing,
          },
        )
    })
}

/** The blocks to replay: `--blocks` (each must be in the pack), else all of them. */
function selected(pack: ReplayDir.Pack, blocks: readonly number[] | undefined): number[] {
  if (blocks === undefined) return [...pack.numbers]
  const present = new Set(pack.numbers)
  const missing = blocks.filter((n) => !present.has(n))
  if (missing.length > 0) {
    const first = pack.numbers[0]
    const last = pack.numbers[pack.numbers.length - 1]
    throw new UsageError(
      `--blocks: ${missing.join(', ')} not in the replay pack ${pack.dir} (it holds ${pack.numbers.length} blocks, ${first}..${last})`,
    )
  }
  return [...new Set(blocks)].sort((a, b) => a - b)
}

/** Replays every block, printing each line as it is checked (text mode) and progress on a TTY. */
async function replayAll(
  pack: ReplayDir.Pack,
  numbers: readonly number[],
  opts: Options,
  bal: ReplayBal.Session | null,
): Promise<Replay.Outcome[]> {
  const text = opts.json !== true
  const progress =
    process.stderr.isTTY === true && text
      ? Progress.create({
          total: numbers.length,
          write: (s) => process.stderr.write(s),
          tty: true,
        })
      : undefined
  if (text) print(ReplayReport.HEADER)
  const outcomes: Replay.Outcome[] = []
  const read = (n: number) => ReplayDir.readBlock(pack, n)
  const threads = ReplayBal.engineOf(opts) === 'block-stm' ? (opts.threads ?? [2]) : []
  // The sequential replay runs on a worker too, so it and Block-STM run under the same conditions
  // (with access lists it runs here: recording the BAL hooks into this thread's VM).
  const pool = bal === null ? BlockStmPool.create({ size: Math.max(1, ...threads) }) : undefined
  try {
    const options = {
      capture: opts.traceOut === undefined ? ('none' as const) : ('accesses' as const),
      verifySignatures: opts.verifySignatures === true,
      ...(pool === undefined ? {} : { pool, threads }),
      ...(opts.plan === false ? { planner: false } : {}),
    }
    const source =
      bal?.each(pack, numbers, read, options) ?? Replay.each(pack, numbers, read, options)
    for await (const outcome of source) {
      outcomes.push(outcome)
      if (text) {
        progress?.clear()
        print(ReplayReport.line(outcome))
        for (const line of bal?.lines() ?? []) print(line)
      }
      progress?.block(outcome.txs)
    }
  } finally {
    await pool?.close()
  }
  progress?.done()
  return outcomes
}
