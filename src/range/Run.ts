/**
 * Streaming range analysis: a trace pack of any length, block by block, in bounded memory. Blocks
 * are analyzed on worker threads (`Pool.ts`, each worker reads its own block file), their replies
 * come back in pack order, and each one is folded into the range aggregates (`analysis/Range.ts`),
 * recorded in the work directory (`Work.ts`) and, with tables, appended to its partition's staged
 * rows, which DuckDB turns into Parquet once the partition is complete (`tables/`). Memory holds
 * the aggregates, a bounded window of blocks in flight, and nothing per finished block but a few
 * numbers.
 *
 * Interrupted (the `signal` aborts, or the process dies), a run leaves its work directory and no
 * output; `resume` replays the recorded blocks and continues with the rest, and ends with exactly
 * the outputs an uninterrupted run writes.
 */
import { resolve } from 'node:path'
import * as Measured from '../analysis/Measured.ts'
import * as Range from '../analysis/Range.ts'
import * as RangeBlock from '../analysis/RangeBlock.ts'
import type { RangeDossier } from '../analysis/RangeTypes.ts'
import * as Simulation from '../analysis/Simulation.ts'
import * as Hash from '../primitives/Hash.ts'
import type * as Duck from '../tables/Duck.ts'
import * as Schema from '../tables/Schema.ts'
import * as Staging from '../tables/Staging.ts'
import * as DirBlocks from '../trace/DirBlocks.ts'
import type * as Labels from '../trace/Labels.ts'
import * as TracePack from '../trace/TracePack.ts'
import * as Wire from '../trace/Wire.ts'
import * as Errors from './Errors.ts'
import * as Fold from './Fold.ts'
import * as Pool from './Pool.ts'
import * as Work from './Work.ts'

/** Options of `run`. */
export type Options = {
  /** The trace-pack directory. */
  readonly dir: string
  /** Where the work directory goes (`<outDir>/.analyze-range/`). */
  readonly outDir: string
  /** Tables directory (`--tables`); omitted: no tables, DuckDB is never loaded. */
  readonly tables?: string | undefined
  /** Simulated worker counts as given (normalized here). Default [1]. */
  readonly workers?: readonly number[] | undefined
  /** Worker threads. */
  readonly threads: number
  readonly feeRecipient?: 'exclude' | 'include' | undefined
  readonly labels: Labels.Labels
  /** Leave invalid and missing blocks out (listed in the dossier) instead of failing. */
  readonly skipInvalid?: boolean | undefined
  /** Continue the interrupted run recorded in the work directory. */
  readonly resume?: boolean | undefined
  /** Block numbers per partition (`range_start` = n − n mod this). Default 1000. */
  readonly partitionBlocks?: number | undefined
  /** Replay reports (`--measured`): the ladder's measured rung; checked against the range's blocks. */
  readonly measured?: readonly Measured.Report[] | undefined
  readonly signal?: AbortSignal | undefined
  /** Called after each finished block (replayed ones included), in pack order. */
  readonly onBlock?: ((done: number, total: number, txCount: number) => void) | undefined
}

/** What a finished run returns. */
export type Result = {
  readonly dossier: RangeDossier
  /** The `blocks` table as CSV: a header and one row per analyzed block. */
  readonly blocksCsv: string
  /** Blocks taken over from an interrupted run (`resume`). */
  readonly resumedBlocks: number
  /** Whether a previous run's work directory was discarded (no `resume`). */
  readonly discarded: boolean
  /** Removes the work directory; call it once the outputs are written. */
  readonly cleanup: () => void
}

/** Default block numbers per partition. */
export const PARTITION_BLOCKS = 1000

/** Analyzes the pack in `options.dir` (see the module comment). */
export async function run(options: Options): Promise<Result> {
  const { dir, tables, skipInvalid = false, partitionBlocks = PARTITION_BLOCKS } = options
  const feeRecipient = options.feeRecipient ?? 'exclude'
  const scan = DirBlocks.scan(dir)
  if (scan.missingCount > 0 && !skipInvalid)
    throw new Errors.InvalidBlockError(dir, scan.missingIssues)
  const workers = Simulation.normalizeWorkers(options.workers ?? [1])
  const opened = Work.open(
    options.outDir,
    fingerprint(options, scan.manifest, workers),
    options.resume ?? false,
  )
  const { work } = opened
  const acc = Range.create({
    manifest: scan.manifest,
    workers,
    feeRecipient: feeRecipient === 'include' ? 'included' : 'excluded',
    packBlockCount: scan.expected,
    missingBlockCount: scan.missingCount,
  })
  for (const issue of scan.missingIssues) Fold.listMissing(acc, issue)
  const plan = partitions(scan.numbers, partitionBlocks)
  const session = tables === undefined ? undefined : await openTables(tables, opened.resumed)
  try {
    const state: Fold.State = { acc, previous: undefined, done: 0, skipInvalid, dir }
    const progress = (txCount: number) =>
      options.onBlock?.(++state.done, scan.numbers.length, txCount)
    const replayed = await replay(work, plan, state, tables, session, progress)
    const todo = scan.numbers.slice(replayed)
    await analyze(todo, plan, state, { ...options, work, session, progress, workers, feeRecipient })
    if (tables !== undefined) Staging.publish(tables)
    const measured = Measured.build(options.measured ?? [], Range.packBlocks(acc))
    const dossier = Range.build(acc, options.labels, measured)
    return {
      dossier,
      blocksCsv: blocksCsv(work, plan),
      resumedBlocks: replayed,
      discarded: opened.discarded,
      cleanup: () => Work.remove(work),
    }
  } finally {
    session?.close()
  }
}

/** One partition: its `range_start` and its block numbers, in pack order. */
type Partition = { readonly start: number; readonly numbers: readonly number[] }

function partitions(numbers: readonly number[], size: number): Partition[] {
  const out: { start: number; numbers: number[] }[] = []
  for (const n of numbers) {
    const start = n - (n % size)
    const last = out[out.length - 1]
    if (last?.start === start) last.numbers.push(n)
    else out.push({ start, numbers: [n] })
  }
  return out
}

/**
 * Replays the recorded blocks (a prefix of the pack), stages the tables of partitions that were
 * complete but not yet staged, and cuts the open partition's files back to its last whole record.
 * Returns how many blocks were replayed.
 */
async function replay(
  work: Work.Work,
  plan: readonly Partition[],
  state: Fold.State,
  tables: string | undefined,
  session: Duck.Session | undefined,
  progress: (txCount: number) => void,
): Promise<number> {
  let replayed = 0
  let open = true
  for (const partition of plan) {
    const records: Work.Record[] = open ? recorded(work, partition) : discard(work, partition)
    for (const record of records) {
      Fold.apply(state, record)
      progress('summary' in record ? record.summary.txCount : 0)
    }
    replayed += records.length
    const complete: boolean = records.length === partition.numbers.length
    if (tables !== undefined && session !== undefined) {
      if (complete && !work.done.has(partition.start)) await stage(session, tables, work, partition)
      if (!complete) Staging.truncate(tables, partition.start, lastOffsets(records))
    }
    open = complete
  }
  return replayed
}

/** A partition's whole records (its file cut back to them); they must name its first blocks. */
function recorded(work: Work.Work, partition: Partition): Work.Record[] {
  const { records, bytes } = Work.read(work, partition.start)
  if (records.some((r, i) => r.n !== partition.numbers[i]))
    throw new Work.ResumeMismatchError(work.dir, ['block files'])
  Work.truncate(work, partition.start, bytes)
  return records
}

/** Removes a partition's records (it comes after one a run did not finish). */
function discard(work: Work.Work, partition: Partition): Work.Record[] {
  Work.truncate(work, partition.start, 0)
  return []
}

type Context = Options & {
  readonly work: Work.Work
  readonly session: Duck.Session | undefined
  readonly progress: (txCount: number) => void
  readonly workers: readonly number[]
  readonly feeRecipient: 'exclude' | 'include'
}

/** Analyzes `todo` on the worker pool, folding each block in as it comes back in order. */
async function analyze(
  todo: readonly number[],
  plan: readonly Partition[],
  state: Fold.State,
  context: Context,
): Promise<void> {
  if (todo.length === 0) return
  const { work, session, tables, signal } = context
  const partitionOf = new Map(plan.flatMap((p) => p.numbers.map((n) => [n, p] as const)))
  const setup = {
    dir: context.dir,
    manifest: state.acc.input.manifest,
    workers: context.workers,
    feeRecipient: context.feeRecipient,
    labels: context.labels,
    rows: tables === undefined ? ('blocks-only' as const) : ('all-tables' as const),
  }
  const pool = await Pool.start(Math.min(context.threads, todo.length), setup)
  const stop = () => void pool.close()
  signal?.addEventListener('abort', stop)
  let staging: Promise<void> = Promise.resolve()
  try {
    for await (const reply of Pool.blocks(pool, todo)) {
      if (signal?.aborted) break
      const partition = partitionOf.get(reply.number)!
      const record = Fold.recordOf(state, reply)
      const offsets =
        tables !== undefined && reply.kind === 'analyzed' && reply.csv !== undefined
          ? Staging.append(tables, partition.start, reply.csv)
          : undefined
      const kept = offsets === undefined ? record : { ...record, offsets }
      Work.append(work, partition.start, kept)
      Fold.apply(state, kept)
      context.progress(reply.kind === 'analyzed' ? reply.summary.txCount : 0)
      const last = partition.numbers[partition.numbers.length - 1] === reply.number
      if (last && tables !== undefined && session !== undefined)
        staging = staging.then(() => stage(session, tables, work, partition))
    }
  } catch (err) {
    if (!signal?.aborted) throw err
  } finally {
    signal?.removeEventListener('abort', stop)
    await pool.close()
    await staging
  }
  if (signal?.aborted) throw new Errors.InterruptedError(work.dir, state.done, todo.length)
}

async function openTables(tables: string, resumed: boolean): Promise<Duck.Session> {
  const Duck = await import('../tables/Duck.ts')
  const session = await Duck.open()
  if (!resumed) Staging.clear(tables)
  return session
}

async function stage(
  session: Duck.Session,
  tables: string,
  work: Work.Work,
  partition: Partition,
): Promise<void> {
  const Parquet = await import('../tables/Parquet.ts')
  await Parquet.writePartition(session, tables, partition.start)
  Work.markDone(work, partition.start)
}

function lastOffsets(records: readonly Work.Record[]): Staging.Offsets | undefined {
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i]!
    if ('offsets' in r && r.offsets !== undefined) return r.offsets
  }
  return undefined
}

function blocksCsv(work: Work.Work, plan: readonly Partition[]): string {
  const header = `${Schema.table('blocks')
    .columns.map((c) => c.name)
    .join(',')}\n`
  const rows: string[] = [header]
  for (const partition of plan) {
    for (const record of Work.read(work, partition.start).records)
      if ('row' in record) rows.push(record.row)
  }
  return rows.join('')
}

/** The options a run's results depend on; a resumed run must match them. */
function fingerprint(
  options: Options,
  manifest: TracePack.Manifest,
  workers: readonly number[],
): Work.Options {
  return {
    pack: resolve(options.dir),
    manifest: Hash.ofString(Wire.manifestToJson(TracePack.normalizeManifest(manifest))),
    workers,
    feeRecipient: options.feeRecipient ?? 'exclude',
    labels: Hash.ofString(JSON.stringify(options.labels)),
    tables: options.tables === undefined ? null : resolve(options.tables),
    partitionBlocks: options.partitionBlocks ?? PARTITION_BLOCKS,
    summaryFormat: RangeBlock.FORMAT,
  }
}
