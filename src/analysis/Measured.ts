/**
 * Rung 5 of the execution ladder: Block-STM and BAL-parallel as `replay` measured them. Reads the
 * parts of `replay-report-v1` JSON reports (`replay --json` / `--out`) that hold timings, and
 * joins them to the blocks of a pack. Measured figures are timings: they live only in the
 * dossier's `measured_execution`, which `deterministic_hash` never covers.
 */
import { BaseError } from '../primitives/Errors.ts'
import type { MeasuredExecution, MeasuredRun, MeasuredTotal } from './DossierTypes.ts'

/** One block of a report: its identity and every parallel run. */
export type ReportBlock = {
  readonly number: number
  readonly hash: string | null
  readonly gasUsed: number
  readonly sequentialNs: number
  readonly runs: readonly Omit<MeasuredRun, 'sequential_ns' | 'speedup_vs_sequential'>[]
}

/** What a report contributes. */
export type Report = {
  readonly file: string
  readonly data: string
  readonly chain: string
  readonly blocks: readonly ReportBlock[]
}

/** A block of the pack the measurements are joined to. */
export type PackBlock = {
  readonly number: number
  readonly hash: string | null
  readonly gasUsed: number | null
}

/** The `note` of every measured section. */
export const NOTE =
  'wall-clock timings from replay reports (sequential replay time / engine time, per block and summed), on the machine that ran them; not part of deterministic_hash'

/**
 * Reads a parsed `replay-report-v1` document; throws `InvalidError` naming the file, the JSON path,
 * what was expected and the value.
 */
export function parse(json: unknown, file: string): Report {
  const at = reader(file)
  const root = at.record(json, '$', 'a replay-report-v1 object')
  if (root.report_version !== 'replay-report-v1')
    throw new InvalidError(file, '$.report_version', '"replay-report-v1"', root.report_version)
  const blocks = at.list(root.blocks, '$.blocks').map((value, i) => {
    const path = `$.blocks[${i}]`
    const b = at.record(value, path, 'a block object')
    const runs = at.optionalList(b.block_stm, `${path}.block_stm`).map((v, j) => {
      const p = `${path}.block_stm[${j}]`
      const r = at.record(v, p, 'a Block-STM run object')
      const equal = at.bool(r.equal, `${p}.equal`)
      const status = !equal
        ? 'different'
        : r.fallback !== null && r.fallback !== undefined
          ? 'fallback'
          : r.planned !== null && r.planned !== undefined
            ? 'planned-sequential'
            : 'equal'
      return run('block-stm', r, p, status)
    })
    return {
      number: at.int(b.number, `${path}.number`),
      hash: b.hash === null || b.hash === undefined ? null : at.str(b.hash, `${path}.hash`),
      gasUsed: at.int(b.gas_used, `${path}.gas_used`),
      sequentialNs: at.int(
        at.record(b.timing, `${path}.timing`, 'an object').execution_ns,
        `${path}.timing.execution_ns`,
      ),
      runs,
    }
  })
  const bal =
    root.bal === undefined
      ? []
      : at.list(at.record(root.bal, '$.bal', 'an object').blocks, '$.bal.blocks')
  const balRuns = new Map<number, ReportBlock['runs'][number][]>()
  bal.forEach((value, i) => {
    const path = `$.bal.blocks[${i}]`
    const b = at.record(value, path, 'a BAL block object')
    const number = at.int(b.number, `${path}.number`)
    const runs = at.list(b.parallel, `${path}.parallel`).map((v, j) => {
      const p = `${path}.parallel[${j}]`
      const r = at.record(v, p, 'a BAL-parallel run object')
      return run('bal-parallel', r, p, at.str(r.status, `${p}.status`))
    })
    balRuns.set(number, runs)
  })
  return {
    file,
    data: at.str(root.data, '$.data'),
    chain: at.str(root.chain, '$.chain'),
    blocks: blocks.map((b) => ({ ...b, runs: [...b.runs, ...(balRuns.get(b.number) ?? [])] })),
  }

  function run(
    engine: MeasuredRun['engine'],
    r: Record<string, unknown>,
    p: string,
    status: string,
  ) {
    const timing = at.record(r.timing, `${p}.timing`, 'an object')
    return {
      engine,
      threads: at.int(r.threads, `${p}.threads`),
      execution_ns: at.int(timing.execution_ns, `${p}.timing.execution_ns`),
      status,
    }
  }
}

/**
 * The measured section of a pack's dossier: every run of a block the pack holds (checked to be the
 * same block: hash and gas where the pack has them), per block and summed per engine and thread
 * count; null when no report was given.
 */
export function build(
  reports: readonly Report[],
  pack: readonly PackBlock[],
): MeasuredExecution | null {
  if (reports.length === 0) return null
  const byNumber = new Map(pack.map((b) => [b.number, b]))
  const blocks = new Map<number, MeasuredRun[]>()
  const seen = new Map<string, string>()
  let outside = 0
  for (const report of reports) {
    for (const b of report.blocks) {
      const mine = byNumber.get(b.number)
      if (mine === undefined) {
        outside++
        continue
      }
      check(report, b, mine)
      for (const r of b.runs) {
        const id = `${b.number}/${r.engine}/${r.threads}`
        const earlier = seen.get(id)
        if (earlier !== undefined)
          throw new BaseError(
            `block ${b.number} has two ${r.engine} runs at ${r.threads} threads: in ${earlier} and in ${report.file}`,
            {
              code: 'REPLAY_REPORT_INVALID',
              hints: ['pass each measurement once (one report per engine run)'],
            },
          )
        seen.set(id, report.file)
        const list = blocks.get(b.number) ?? []
        list.push({
          ...r,
          sequential_ns: b.sequentialNs,
          speedup_vs_sequential: ratio(b.sequentialNs, r.execution_ns),
        })
        blocks.set(b.number, list)
      }
    }
  }
  const ordered = [...blocks]
    .sort(([a], [b]) => a - b)
    .map(([block_number, runs]) => ({ block_number, runs: runs.sort(byRun) }))
  return {
    note: NOTE,
    reports: reports.map((r) => ({ file: r.file, data: r.data, chain: r.chain })),
    totals: totals(ordered),
    blocks: ordered,
    blocks_not_in_pack: outside,
  }
}

function totals(blocks: readonly { runs: readonly MeasuredRun[] }[]): MeasuredTotal[] {
  const out = new Map<string, MeasuredTotal>()
  for (const { runs } of blocks) {
    for (const r of runs) {
      const id = `${r.engine}/${r.threads}`
      const t = out.get(id) ?? {
        engine: r.engine,
        threads: r.threads,
        blocks: 0,
        equal_blocks: 0,
        sequential_ns: 0,
        execution_ns: 0,
        speedup_vs_sequential: 0,
      }
      t.blocks++
      if (r.status === 'equal') t.equal_blocks++
      t.sequential_ns += r.sequential_ns
      t.execution_ns += r.execution_ns
      t.speedup_vs_sequential = ratio(t.sequential_ns, t.execution_ns)
      out.set(id, t)
    }
  }
  return [...out.values()].sort(byRun)
}

function byRun(
  a: { engine: string; threads: number },
  b: { engine: string; threads: number },
): number {
  return (a.engine < b.engine ? -1 : a.engine > b.engine ? 1 : 0) || a.threads - b.threads
}

function ratio(sequential: number, parallel: number): number {
  return parallel > 0 ? sequential / parallel : 0
}

function check(report: Report, b: ReportBlock, mine: PackBlock): void {
  const differ = (what: string, theirs: string | number, ours: string | number) => {
    throw new BaseError(
      `${report.file}: block ${b.number} has ${what} ${theirs}, the pack's block ${b.number} has ${ours}: they are not the same block`,
      {
        code: 'REPLAY_REPORT_INVALID',
        hints: [
          'measure the blocks the pack was traced from (replay --trace-out writes both from one run)',
        ],
      },
    )
  }
  if (b.hash !== null && mine.hash !== null && b.hash.toLowerCase() !== mine.hash.toLowerCase())
    differ('hash', b.hash, mine.hash)
  if (mine.gasUsed !== null && b.gasUsed !== mine.gasUsed)
    differ('gas used', b.gasUsed, mine.gasUsed)
}

function reader(file: string) {
  const fail = (path: string, expected: string, value: unknown): never => {
    throw new InvalidError(file, path, expected, value)
  }
  return {
    record: (value: unknown, path: string, what: string): Record<string, unknown> =>
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : fail(path, what, value),
    list: (value: unknown, path: string): readonly unknown[] =>
      Array.isArray(value) ? value : fail(path, 'an array', value),
    optionalList: (value: unknown, path: string): readonly unknown[] =>
      value === undefined ? [] : Array.isArray(value) ? value : fail(path, 'an array', value),
    int: (value: unknown, path: string): number =>
      typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
        ? value
        : fail(path, 'a non-negative integer', value),
    str: (value: unknown, path: string): string =>
      typeof value === 'string' ? value : fail(path, 'a string', value),
    bool: (value: unknown, path: string): boolean =>
      typeof value === 'boolean' ? value : fail(path, 'true or false', value),
  }
}

/** A file is not a replay report the ladder can read. */
export class InvalidError extends BaseError {
  override name = 'Measured.InvalidError'
  constructor(file: string, path: string, expected: string, value: unknown) {
    const shown = value === undefined ? '<missing>' : JSON.stringify(value)
    super(`${file}: ${path}: expected ${expected}, got ${(shown ?? String(value)).slice(0, 80)}`, {
      code: 'REPLAY_REPORT_INVALID',
      hints: [
        '--measured reads the JSON report of `replay --json` or `replay --out FILE` (replay-report-v1)',
      ],
    })
  }
}
