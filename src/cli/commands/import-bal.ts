import { readdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { Command } from 'commander'
import { BaseError, UsageError } from '../../primitives/Errors.ts'
import * as BalPack from '../../trace/BalPack.ts'
import * as Dir from '../../trace/Dir.ts'
import * as Issue from '../../trace/Issue.ts'
import * as JsonFile from '../../trace/JsonFile.ts'
import * as ReplayDir from '../../trace/ReplayDir.ts'
import type * as TracePack from '../../trace/TracePack.ts'
import * as BalFiles from '../balFiles.ts'
import { print, writeFiles } from '../io.ts'
import { VERSION } from '../version.ts'

type Options = {
  bal: string
  block?: string
  data?: string
  out: string
  chain?: string
}

/** Registers `import-bal`. */
export function register(program: Command): void {
  program
    .command('import-bal')
    .description(
      'EIP-7928 block access list(s) → trace pack: per-transaction writes from the BAL (reads are per block only: an upper bound on parallelism)',
    )
    .requiredOption(
      '--bal <path>',
      'a BAL file (execution-apis JSON, or .rlp) or a directory of <n>.bal.json / <n>.bal.rlp',
    )
    .option('--block <file>', 'the block of a single BAL file: eth_getBlockByNumber(n, true) JSON')
    .option('--data <dir>', 'a replay pack holding the blocks (blocks/<n>/block.json)')
    .requiredOption('--out <dir>', 'trace-pack directory to write')
    .option(
      '--chain <name>',
      "chain name of the pack (default: the replay pack's, else ethereum-mainnet)",
    )
    .addHelpText(
      'after',
      '\nEach BAL is checked (order, duplicates, indices within the block) and, when the block header has a blockAccessListHash (Amsterdam on), must hash to it; any problem exits 1 naming the file and entry. Format and limits: docs/bal.md.',
    )
    .action((opts: Options) => {
      if ((opts.block === undefined) === (opts.data === undefined))
        throw new UsageError('give the blocks with exactly one of --block FILE or --data DIR')
      const inputs = balInputs(opts.bal)
      const source = opts.data === undefined ? single(opts, inputs) : fromPack(opts.data, inputs)
      const chain = opts.chain ?? source.chain
      const blocks: TracePack.Block[] = []
      const notes: string[] = []
      for (const { info, paths } of source.blocks) {
        const reads = paths.map((p) => BalFiles.read(p, info.transactions.length + 1))
        for (const r of reads) BalFiles.checkHash(r, info.blockAccessListHash)
        const first = reads[0] as BalFiles.Read
        for (const r of reads.slice(1))
          if (r.hash !== first.hash)
            throw new BaseError(
              `${r.path} and ${first.path} hold different BALs for block ${info.number}`,
              {
                code: 'BAL_INVALID',
                hints: [`${first.path} hashes to ${first.hash}, ${r.path} to ${r.hash}`],
              },
            )
        const block = BalPack.block(first.bal, info, chain)
        blocks.push(block)
        const writes = block.transactions.reduce((sum, t) => sum + t.accesses.length, 0)
        const checked =
          info.blockAccessListHash === null
            ? 'no header commitment'
            : "equals the header's blockAccessListHash"
        notes.push(
          `block ${info.number}: BAL ${first.hash} (${checked}), from ${paths.map((p) => basename(p)).join(' and ')}`,
        )
        print(
          `block ${info.number}: ${block.txCount} txs, ${writes} writes, BAL ${first.hash} (${checked})`,
        )
      }
      const pack = BalPack.pack(blocks, {
        chain,
        source: 'import-bal',
        provenance: `EIP-7928 block access lists (${opts.bal}) with their blocks (${opts.data ?? opts.block}); writes per transaction from the BALs, no per-transaction reads`,
        notes,
        toolVersion: VERSION,
      })
      writeFiles(Dir.files(opts.out, pack))
      print(
        `wrote the trace pack of ${blocks.length} block${blocks.length === 1 ? '' : 's'} to ${opts.out}`,
      )
    })
}

/** BAL files by block number (a directory), or one file whose block comes from `--block`. */
type Inputs = {
  readonly dir: boolean
  readonly byNumber: ReadonlyMap<number, string[]>
  readonly file?: string
}

function balInputs(path: string): Inputs {
  const kind = JsonFile.targetKind(path)
  if (kind === 'file') return { dir: false, byNumber: new Map(), file: path }
  if (kind !== 'directory')
    throw new BaseError(`--bal ${path}: no such file or directory`, { code: 'IO_FAILED' })
  const byNumber = new Map<number, string[]>()
  for (const name of readdirSync(path).sort()) {
    const match = /^(\d{1,15})\.bal\.(json|rlp)$/.exec(name)
    if (match === null) continue
    const n = Number(match[1])
    byNumber.set(n, [...(byNumber.get(n) ?? []), join(path, name)])
  }
  if (byNumber.size === 0)
    throw new BaseError(`--bal ${path} holds no <n>.bal.json or <n>.bal.rlp files`, {
      code: 'IO_FAILED',
    })
  return { dir: true, byNumber }
}

type Source = {
  readonly chain: string
  readonly blocks: readonly {
    readonly info: BalPack.BlockInfo
    readonly paths: readonly string[]
  }[]
}

/** `--block FILE` with one BAL file. */
function single(opts: Options, inputs: Inputs): Source {
  if (inputs.file === undefined)
    throw new UsageError('--block takes one BAL file; for a directory of BALs give --data DIR')
  const issues: Issue.Issue[] = []
  const json = JsonFile.read(opts.block as string, issues, 'block JSON')
  const parsed =
    json === undefined ? { issues } : BalPack.blockInfoFromJson(json.value, opts.block as string)
  if (parsed.value === undefined)
    throw new BaseError(`${opts.block} is not a usable block`, {
      code: 'JSON_INVALID',
      hints: Issue.hints(Issue.sort(parsed.issues)),
    })
  return { chain: 'ethereum-mainnet', blocks: [{ info: parsed.value, paths: [inputs.file] }] }
}

/** `--data DIR`: every BAL's block from the replay pack (each must be there). */
function fromPack(dir: string, inputs: Inputs): Source {
  const pack = ReplayDir.open(dir)
  const present = new Set(pack.numbers)
  const byNumber =
    inputs.file === undefined ? inputs.byNumber : new Map([[numberOf(inputs.file), [inputs.file]]])
  const missing = [...byNumber.keys()].filter((n) => !present.has(n))
  if (missing.length > 0)
    throw new BaseError(`the replay pack ${dir} has no block ${missing.join(', ')}`, {
      code: 'REPLAY_PACK_INVALID',
    })
  const blocks = [...byNumber.entries()]
    .sort(([a], [b]) => a - b)
    .map(([n, paths]) => {
      const { header, transactions } = ReplayDir.readBlock(pack, n)
      const info: BalPack.BlockInfo = {
        number: header.number,
        hash: header.hash,
        parentHash: header.parentHash,
        miner: header.coinbase,
        blockAccessListHash: header.blockAccessListHash,
        transactions: transactions.map((t) => ({ hash: t.hash, from: t.from, to: t.to })),
      }
      return { info, paths }
    })
  return { chain: pack.manifest.chain, blocks }
}

/** The block number in a BAL file name (`<n>.bal.json`); a usage error otherwise. */
function numberOf(path: string): number {
  const match = /^(\d{1,15})\.bal\.(json|rlp)$/.exec(basename(path))
  if (match === null)
    throw new UsageError(
      `--bal ${path}: with --data, a BAL file must be named <n>.bal.json or <n>.bal.rlp`,
    )
  return Number(match[1])
}
