/**
 * Builds the tables and charts of `case-studies/mainnet/` from three files the lab writes:
 *
 *   npx parallel-evm-lab replay --trace-out tmp/mainnet-pack --out tmp/mainnet-replay.json
 *   npx parallel-evm-lab analyze-trace-pack --trace-dir tmp/mainnet-pack --out-dir tmp/mainnet-dossier \
 *     --workers 1,2,4,8,16 --labels labels/mainnet-known-contracts.json
 *   BENCH_OUT=tmp/mainnet-bench.json npm run bench:replay        # measured speedups (optional)
 *   npx tsx scripts/mainnet-case-study.ts --replay tmp/mainnet-replay.json \
 *     --dossier tmp/mainnet-dossier/dossier.json [--bench tmp/mainnet-bench.json] --out case-studies/mainnet
 *
 * Writes `blocks.md` (one row per block, then one per era), `blocks.csv` and `charts/*.svg`. The
 * analysis columns are deterministic; the measured ones are the benchmark's (its machine line is
 * printed above them).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import * as Fmt from '../src/primitives/Fmt.ts'
import * as SvgCharts from '../src/report/SvgCharts.ts'

const { values } = parseArgs({
  options: {
    replay: { type: 'string' },
    dossier: { type: 'string' },
    bench: { type: 'string' },
    out: { type: 'string', default: 'case-studies/mainnet' },
  },
})
if (values.replay === undefined || values.dossier === undefined) {
  console.error(
    'usage: tsx scripts/mainnet-case-study.ts --replay R.json --dossier D.json [--bench B.json] [--out DIR]',
  )
  process.exit(2)
}

type ReplayBlock = { number: number; fork: string; txs: number; gas_used: number }
type HotKey = {
  key: string
  key_type: string
  address_label: string
  conflict_contribution: number
}
type DossierBlock = {
  block_number: number
  tx_count: number
  gas_used: number | null
  conflict_percentage: number
  gas_critical_path: number | null
  ceiling_by_gas: number | null
  top_hot_keys: HotKey[]
  execution_ladder: Ladder
}
type Rung = { gas_critical_path: number | null; ceiling_by_gas: number | null }
type Ladder = {
  every_conflict: Rung
  lazy_fee_recipient: Rung
  lazy_balance_credits: Rung & { credit_count: number }
  bal_parallel: Rung & { workers: { workers: number; ceiling_by_gas: number | null }[] }
}
type BenchRow = {
  number: number
  stm: number
  bal: number
  stmSpread: [number, number]
  balSpread: [number, number]
  fallback: string | null
  planned: string | null
  pevm: number | null
}
type Bench = { machine: string; threads: number; repeats: number; rows: BenchRow[] }

const replay = JSON.parse(readFileSync(values.replay, 'utf8')) as { blocks: ReplayBlock[] }
const dossier = JSON.parse(readFileSync(values.dossier, 'utf8')) as {
  blocks: DossierBlock[]
  execution_ladder: Ladder
}
const bench: Bench | null =
  values.bench === undefined ? null : JSON.parse(readFileSync(values.bench, 'utf8'))
const measured = new Map(bench?.rows.map((r) => [r.number, r]) ?? [])
const analyzed = new Map(dossier.blocks.map((b) => [b.block_number, b]))

/** Eras as the case study groups them (fork names as ethereumjs spells them). */
const eras: readonly { name: string; forks: readonly string[] }[] = [
  { name: 'Frontier–Homestead (2015–16)', forks: ['chainstart', 'frontier', 'homestead', 'dao'] },
  {
    name: 'Tangerine Whistle–Spurious Dragon (2016–17)',
    forks: ['tangerineWhistle', 'spuriousDragon'],
  },
  {
    name: 'Byzantium–Istanbul (2017–20)',
    forks: ['byzantium', 'constantinople', 'petersburg', 'istanbul'],
  },
  { name: 'Muir Glacier–Berlin (2020–21)', forks: ['muirGlacier', 'berlin'] },
  { name: 'London–Gray Glacier (2021–22)', forks: ['london', 'arrowGlacier', 'grayGlacier'] },
  { name: 'Paris–Cancun (2022–24)', forks: ['paris', 'mergeNetsplitBlock', 'shanghai', 'cancun'] },
]
const eraOf = (fork: string) => eras.find((e) => e.forks.includes(fork))?.name ?? fork

type Row = ReplayBlock & { analysis: DossierBlock; bench: BenchRow | undefined; era: string }
const rows: Row[] = replay.blocks.map((b) => {
  const analysis = analyzed.get(b.number)
  if (analysis === undefined) throw new Error(`block ${b.number} is not in the dossier`)
  return { ...b, analysis, bench: measured.get(b.number), era: eraOf(b.fork) }
})

const x = (v: number | null | undefined, digits = 2) =>
  v == null ? '—' : `${Fmt.fixed(v, digits)}x`
const spread = (v: number, [lo, hi]: [number, number]) =>
  `${x(v)} (${Fmt.fixed(lo, 2)}–${Fmt.fixed(hi, 2)})`
const hottest = (a: DossierBlock) => {
  const k = a.top_hot_keys[0]
  if (k === undefined || k.conflict_contribution === 0) return '—'
  const address = k.key.split(':')[1] ?? ''
  const who = k.address_label === 'unknown' ? `${address.slice(0, 10)}…` : k.address_label
  return `${k.key_type} of ${who}`
}
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length === 0
    ? null
    : s.length % 2 === 1
      ? (s[m] as number)
      : ((s[m - 1] as number) + (s[m] as number)) / 2
}
const geomean = (xs: readonly number[]) =>
  xs.length === 0 ? null : Math.exp(xs.reduce((sum, v) => sum + Math.log(v), 0) / xs.length)

const md: string[] = []
md.push('# The 52 bundled mainnet blocks, one by one', '')
md.push(
  'Written by `scripts/mainnet-case-study.ts` (commands in its header). Ceiling: total gas / gas-weighted critical path under every observed dependency (fee-recipient credits excluded). Critical path in gas. Hottest key: the key with the largest conflict contribution. Measured columns: `npm run bench:replay`, speedup over the sequential replay, median of the rounds (lowest–highest in brackets); "planned seq": Block-STM ran the block on the sequential path by plan (so the figure is sequential against sequential: noise); "fallback": it stopped at a SELFDESTRUCT it cannot run in parallel and ran the block sequentially.',
  '',
)
if (bench !== null)
  md.push(
    `Measured on: \`${bench.machine}\`, ${bench.threads} threads, ${bench.repeats} rounds after a warm-up.`,
    '',
  )
md.push(
  '| block | fork | txs | Mgas | conflicting pairs | ceiling | critical path | hottest key | Block-STM | BAL-parallel | pevm (published) |',
  '| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |',
)
for (const r of rows) {
  const a = r.analysis
  const b = r.bench
  md.push(
    `| ${r.number} | ${r.fork} | ${r.txs} | ${Fmt.fixed(r.gas_used / 1e6, 1)} | ${Fmt.fixed(a.conflict_percentage, 1)}% | ${x(a.ceiling_by_gas)} | ${a.gas_critical_path ?? '—'} | ${hottest(a)} | ${b === undefined ? '—' : `${spread(b.stm, b.stmSpread)}${b.fallback === null ? '' : ' fallback'}${b.planned === null ? '' : ' planned seq'}`} | ${b === undefined ? '—' : spread(b.bal, b.balSpread)} | ${x(b?.pevm)} |`,
  )
}
md.push('', '## By era', '')
md.push(
  '| era | blocks | txs | median ceiling | lowest | highest | Block-STM (geomean) | BAL-parallel (geomean) |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
)
for (const era of eras) {
  const inEra = rows.filter((r) => r.era === era.name && r.txs > 0)
  const ceilings = inEra.map((r) => r.analysis.ceiling_by_gas ?? 1)
  const timed = inEra.flatMap((r) => (r.bench === undefined ? [] : [r.bench]))
  md.push(
    `| ${era.name} | ${inEra.length} | ${inEra.reduce((s, r) => s + r.txs, 0)} | ${x(median(ceilings))} | ${x(Math.min(...ceilings))} | ${x(Math.max(...ceilings))} | ${x(geomean(timed.map((t) => t.stm)))} | ${x(geomean(timed.map((t) => t.bal)))} |`,
  )
}
md.push('', '(Blocks without transactions are left out of the era rows.)', '')

/** The BAL-parallel rung at `workers` simulated workers (null when the dossier did not simulate it). */
const balAt = (l: Ladder, workers: number) =>
  l.bal_parallel.workers.find((w) => w.workers === workers)?.ceiling_by_gas ?? null
const rungs: readonly { name: string; of: (l: Ladder) => number | null }[] = [
  { name: '1 every conflict', of: (l) => l.every_conflict.ceiling_by_gas },
  { name: '2 lazy fee recipient', of: (l) => l.lazy_fee_recipient.ceiling_by_gas },
  { name: '3 lazy balance credits', of: (l) => l.lazy_balance_credits.ceiling_by_gas },
  { name: '4 BAL-parallel, 2 workers', of: (l) => balAt(l, 2) },
  { name: '4 BAL-parallel, 8 workers', of: (l) => balAt(l, 8) },
  { name: '4 BAL-parallel, unbounded', of: (l) => l.bal_parallel.ceiling_by_gas },
]
md.push('## The execution ladder', '')
md.push(
  'Gas ceilings of the observed accesses under each execution model (the dossier\'s `execution_ladder`; what each rung assumes: docs/analysis.md). "All 52" treats the blocks as one sequence, back to back; the era columns are medians over the era\'s blocks with transactions.',
  '',
)
md.push(
  `| rung | all 52 | ${eras.map((e) => e.name.replace(/ \(.*\)$/, '')).join(' | ')} |`,
  `| --- | ---: | ${eras.map(() => '---:').join(' | ')} |`,
)
for (const rung of rungs)
  md.push(
    `| ${rung.name} | ${x(rung.of(dossier.execution_ladder))} | ${eras
      .map((e) =>
        x(
          median(
            rows
              .filter((r) => r.era === e.name && r.txs > 0)
              .map((r) => rung.of(r.analysis.execution_ladder) ?? 1),
          ),
        ),
      )
      .join(' | ')} |`,
  )
md.push(
  '',
  '| block | 1 every conflict | 2 lazy fee recipient | 3 lazy credits | 4 BAL, 2 workers | 4 BAL, 8 workers | 4 BAL, unbounded |',
  '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
)
for (const r of rows.filter((r) => r.txs > 0))
  md.push(
    `| ${r.number} | ${rungs.map((rung) => x(rung.of(r.analysis.execution_ladder))).join(' | ')} |`,
  )
md.push('')

const csv = [
  'block,fork,txs,gas_used,conflict_percentage,ceiling_by_gas,gas_critical_path,hottest_key,ladder_every_conflict,ladder_lazy_credits,ladder_bal_2_workers,ladder_bal_8_workers,ladder_bal_unbounded,block_stm_speedup,bal_speedup,pevm_published',
  ...rows.map((r) =>
    [
      r.number,
      r.fork,
      r.txs,
      r.gas_used,
      r.analysis.conflict_percentage,
      r.analysis.ceiling_by_gas ?? '',
      r.analysis.gas_critical_path ?? '',
      r.analysis.top_hot_keys[0]?.key ?? '',
      r.analysis.execution_ladder.every_conflict.ceiling_by_gas ?? '',
      r.analysis.execution_ladder.lazy_balance_credits.ceiling_by_gas ?? '',
      balAt(r.analysis.execution_ladder, 2) ?? '',
      balAt(r.analysis.execution_ladder, 8) ?? '',
      r.analysis.execution_ladder.bal_parallel.ceiling_by_gas ?? '',
      r.bench?.stm ?? '',
      r.bench?.bal ?? '',
      r.bench?.pevm ?? '',
    ].join(','),
  ),
]

const withTxs = rows.filter((r) => r.txs > 0)
const chart = (
  title: string,
  series: readonly { name: string; values: (number | null)[]; type: string }[],
) =>
  SvgCharts.toSvg(
    {
      animation: false,
      title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
      legend: { bottom: 0 },
      grid: { left: 40, right: 30, top: 50, bottom: 90, containLabel: true },
      xAxis: {
        type: 'category',
        data: withTxs.map((r) => String(r.number)),
        axisLabel: { rotate: 60, fontSize: 9 },
        name: 'block (Frontier → Cancun)',
        nameLocation: 'middle',
        nameGap: 60,
      },
      yAxis: { type: 'log', name: 'speedup (x)', min: 0.1 },
      series: series.map((s) => ({ name: s.name, type: s.type, data: s.values, symbolSize: 6 })),
    },
    1000,
    440,
  )

mkdirSync(join(values.out, 'charts'), { recursive: true })
const files: [string, string][] = [
  ['blocks.md', `${md.join('\n')}`],
  ['blocks.csv', `${csv.join('\n')}\n`],
  [
    'charts/ceilings.svg',
    chart('Parallelism ceiling by gas per block (log scale)', [
      {
        name: 'ceiling (all observed dependencies)',
        type: 'bar',
        values: withTxs.map((r) => r.analysis.ceiling_by_gas),
      },
      ...(bench === null
        ? []
        : [
            {
              name: `Block-STM, ${bench.threads} threads (measured)`,
              type: 'scatter',
              values: withTxs.map((r) => r.bench?.stm ?? null),
            },
            {
              name: `BAL-parallel, ${bench.threads} threads (measured)`,
              type: 'scatter',
              values: withTxs.map((r) => r.bench?.bal ?? null),
            },
          ]),
    ]),
  ],
  [
    'charts/ladder.svg',
    chart(
      'Execution ladder per block: gas ceiling under each model (log scale)',
      rungs.map((rung) => ({
        name: rung.name,
        type: 'line',
        values: withTxs.map((r) => rung.of(r.analysis.execution_ladder)),
      })),
    ),
  ],
]
for (const [path, content] of files) writeFileSync(join(values.out, path), content)
console.log(`wrote ${files.map(([p]) => join(values.out, p)).join(', ')}`)
