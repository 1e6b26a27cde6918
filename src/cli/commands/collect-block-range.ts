import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Command, Option } from 'commander'
import { BaseError, UsageError } from '../../primitives/Errors.ts'
import * as Capability from '../../rpc/Capability.ts'
import * as Collect from '../../rpc/Collect.ts'
import * as Eth from '../../rpc/Eth.ts'
import * as Tracers from '../../rpc/Tracers.ts'
import * as Url from '../../rpc/Url.ts'
import type * as Bal from '../../trace/Bal.ts'
import * as BalPack from '../../trace/BalPack.ts'
import * as Dir from '../../trace/Dir.ts'
import * as TracePack from '../../trace/TracePack.ts'
import * as Wire from '../../trace/Wire.ts'
import { print, printErr, readJson, readText } from '../io.ts'
import * as parse from '../parsers.ts'
import * as Progress from '../progress.ts'
import { addRpcOptions, createRpc, type RpcFlags } from '../rpc.ts'
import { VERSION } from '../version.ts'

type Flags = RpcFlags & {
  readonly chain: string
  readonly startBlock: number
  readonly endBlock: number
  readonly tracer: 'auto' | Collect.Tracer
  readonly out: string
  readonly maxTransactions?: number
  readonly concurrency: number
  readonly resume?: boolean
  readonly dryRun?: boolean
}

/** Manifest `tracer_kind` written for each tracer. */
export const tracerKindOf: Record<Collect.Tracer, string> = {
  bal: BalPack.tracerKind,
  'geth-js-storage': 'geth-js-storage',
  prestate: 'geth-prestate-diff',
  'struct-logs': 'geth-struct-logs',
}

const tracerNotes: Record<Collect.Tracer, string> = {
  bal: 'EIP-7928 access lists from eth_getBlockAccessList: per-transaction writes (net changes); reads are per block only, so no transaction has reads',
  'geth-js-storage': 'Tracer geth-js-storage: SLOAD/SSTORE storage observations only',
  prestate:
    'Tracer prestateTracer (default + diffMode): storage slots plus account-level BALANCE/NONCE/CODE keys; the fee recipient balance credit is recorded as FEE_CREDIT',
  'struct-logs': 'Tracer default struct logger: SLOAD/SSTORE derived from the stack',
}

/** Registers `collect-block-range`. */
export function register(program: Command): void {
  const command = program
    .command('collect-block-range')
    .description('collect a trace pack for a block range from a debug-capable JSON-RPC node')
    .requiredOption('--chain <name>', 'chain label (base → BASE_RPC_URL, else ETH_RPC_URL)')
    .requiredOption('--start-block <n>', 'first block', parse.count)
    .requiredOption('--end-block <n>', 'last block (inclusive)', parse.count)
    .addOption(
      new Option('--tracer <kind>', 'tracer to collect with')
        .choices(['auto', ...Tracers.tracerKinds, 'bal'])
        .default('auto'),
    )
    .requiredOption('--out <dir>', 'trace-pack directory to write')
    .option(
      '--max-transactions <n>',
      `collect at most n transactions per block, 0..=${parse.limits.maxTransactions}`,
      parse.intIn(0, parse.limits.maxTransactions),
    )
    .addOption(
      new Option('--concurrency <n>', `requests in flight, 1..=${parse.limits.concurrency}`)
        .argParser(parse.intIn(1, parse.limits.concurrency))
        .default(4),
    )
    .option('--resume', 'keep complete block files already in --out; re-collect the rest')
    .option(
      '--dry-run',
      'list the blocks and their transaction counts (asks the node, so it needs the RPC URL); write nothing',
    )
  addRpcOptions(command).action(async (opts: Flags) => {
    if (opts.startBlock > opts.endBlock)
      throw new UsageError('--start-block must be <= --end-block')
    if (opts.endBlock - opts.startBlock >= parse.limits.blockRange)
      throw new UsageError(
        `--start-block..--end-block spans ${opts.endBlock - opts.startBlock + 1} blocks; at most ${parse.limits.blockRange} per run`,
        {
          hints: [
            'collect a long range in parts (each its own --out), or resume one part at a time',
          ],
        },
      )
    const url = Url.resolve('collect-block-range', opts.chain, opts.rpcUrl, process.env)
    const rpc = createRpc(url, opts)
    if (opts.dryRun) return dryRun(rpc, opts)
    await collect(rpc, opts)
  })
}

async function dryRun(rpc: ReturnType<typeof createRpc>, opts: Flags): Promise<void> {
  for (let n = opts.startBlock; n <= opts.endBlock; n++) {
    const block = await Eth.getBlock(rpc, n, false)
    if (block === null)
      throw new CollectCliError(`dry-run ${opts.chain} block ${n} returned null`, {
        code: 'RPC_REQUEST_FAILED',
      })
    print(
      `dry-run ${opts.chain} block ${n} hash=${block.hash ?? 'unknown'} txs=${block.transactions.length}`,
    )
  }
}

async function collect(rpc: ReturnType<typeof createRpc>, opts: Flags): Promise<void> {
  const { chain, startBlock, endBlock, out } = opts
  const existing = opts.resume ? existingManifest(out) : undefined
  const jsTracer = readText(tracerPath(), 'JavaScript tracer')
  const tracer =
    opts.tracer !== 'auto'
      ? opts.tracer
      : (fromManifest(existing) ??
        (await Capability.chooseTracer(rpc, startBlock, endBlock, jsTracer)))
  const manifest = manifestFor(opts, tracer)
  if (existing)
    checkSamePack(existing, TracePack.normalizeManifest(manifest), join(out, 'manifest.json'))
  if (opts.resume) Dir.removeTemps([out, join(out, 'blocks')])
  Dir.writeManifest(out, manifest)
  const progress = Progress.create({
    total: endBlock - startBlock + 1,
    write: (text) => process.stderr.write(text),
    tty: process.stderr.isTTY === true,
  })
  const session = Collect.session()
  const options = {
    chain,
    tracer,
    jsTracer,
    maxTransactions: opts.maxTransactions,
    concurrency: opts.concurrency,
    ...(tracer === 'bal' ? { balHash: await balHash() } : {}),
  }
  for (let n = startBlock; n <= endBlock; n++) {
    if (opts.resume && keepExisting(out, n, chain)) {
      print(`resume: kept existing block file for ${n}`)
      progress.block(0)
      continue
    }
    const block = await Collect.collectBlock(rpc, n, options, session)
    Dir.writeBlock(out, block)
    print(`collected ${block.txCount} transaction(s) for ${chain} block ${n}`)
    progress.block(block.txCount)
  }
  progress.done()
  // The whole pack must read back valid (manifest range, every block, continuity).
  Dir.read(out)
  print(`wrote trace pack for ${chain} blocks ${startBlock}-${endBlock} to ${out}`)
}

function manifestFor(opts: Flags, tracer: Collect.Tracer): TracePack.Manifest {
  const { chain, startBlock, endBlock, maxTransactions } = opts
  const notes = [
    `Collected with parallel-evm-lab collect-block-range over ${chain} blocks ${startBlock}-${endBlock}`,
    tracerNotes[tracer],
  ]
  if (maxTransactions !== undefined)
    notes.push(`At most ${maxTransactions} transactions per block (--max-transactions)`)
  return {
    schemaVersion: TracePack.SCHEMA_VERSION,
    chain,
    source: 'rpc-debug-tracing',
    provenance: 'user-collected RPC trace pack',
    startBlock,
    endBlock,
    createdByToolVersion: VERSION,
    tracerKind: tracerKindOf[tracer],
    notes,
    warnings: [
      'Provider trace completeness varies; verify tracer support before making claims',
      ...(tracer === 'bal' ? BalPack.warnings : []),
    ],
  }
}

/** The EIP-7928 hash (ethereumjs's codec), loaded only when collecting BALs. */
async function balHash(): Promise<(bal: Bal.Bal) => string> {
  const BalCodec = await import('../../evm/BalCodec.ts')
  return BalCodec.hash
}

/** The package's JavaScript tracer file (same relative place from src/ and dist/). */
function tracerPath(): string {
  return fileURLToPath(new URL('../../../tracers/geth-storage-access-tracer.js', import.meta.url))
}

function existingManifest(out: string): TracePack.Manifest | undefined {
  const file = join(out, 'manifest.json')
  if (!existsSync(file)) return undefined
  const parsed = Wire.manifestFromJson(readJson(file, 'trace-pack manifest'), file)
  if (parsed.value === undefined) {
    throw new CollectCliError(`cannot resume: ${file} is not a trace-pack manifest`, {
      hints: parsed.issues.slice(0, 5).map((i) => `${i.path || '(root)'}: ${i.message}`),
    })
  }
  return TracePack.normalizeManifest(parsed.value)
}

/** A resumed directory must hold the same pack: every manifest field but the tool version must match. */
function checkSamePack(have: TracePack.Manifest, want: TracePack.Manifest, file: string): void {
  const a = Wire.manifestToWire(have) as Record<string, unknown>
  const b = Wire.manifestToWire(want) as Record<string, unknown>
  for (const key of Object.keys(b)) {
    if (key === 'created_by_tool_version') continue
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) {
      throw new CollectCliError(
        `cannot resume: ${file} has ${key} ${JSON.stringify(a[key])}, expected ${JSON.stringify(b[key])}`,
        {
          hints: [
            'use a new --out directory, or rerun with the same --chain, range, --tracer and --max-transactions',
          ],
        },
      )
    }
  }
}

function fromManifest(m: TracePack.Manifest | undefined): Collect.Tracer | undefined {
  const kinds: readonly Collect.Tracer[] = [...Tracers.tracerKinds, 'bal']
  return kinds.find((k) => m !== undefined && tracerKindOf[k] === m.tracerKind)
}

/** True when `<out>/blocks/<n>.json` is a valid block of this chain; throws when it belongs elsewhere. */
function keepExisting(out: string, n: number, chain: string): boolean {
  const file = Dir.blockPath(out, n)
  if (!existsSync(file)) return false
  let json: unknown
  try {
    json = readJson(file, 'block file')
  } catch (err) {
    const why = err instanceof BaseError ? err.shortMessage : String(err)
    printErr(`resume: re-collecting block ${n}: ${why}`)
    return false
  }
  const parsed = Wire.blockFromJson(json, file)
  const block = parsed.value === undefined ? undefined : TracePack.normalizeBlock(parsed.value)
  const issues = block === undefined ? parsed.issues : TracePack.validateBlock(block)
  if (block === undefined || issues.length > 0) {
    printErr(
      `resume: re-collecting block ${n}: ${file} is invalid (${issues[0]?.message ?? 'unknown'})`,
    )
    return false
  }
  if (block.blockNumber !== n)
    throw new CollectCliError(
      `resumed block file ${file} contains block ${block.blockNumber}, expected ${n}`,
    )
  if (block.chain !== chain.trim().toLowerCase()) {
    throw new CollectCliError(
      `resumed block file ${file} has chain ${block.chain}, expected ${chain}`,
    )
  }
  return true
}

/** `collect-block-range` failed on its own checks. */
export class CollectCliError extends BaseError {
  override name = 'CollectBlockRange.Error'
  constructor(
    message: string,
    options: { hints?: readonly string[]; code?: 'TRACE_PACK_INVALID' | 'RPC_REQUEST_FAILED' } = {},
  ) {
    super(message, { code: options.code ?? 'TRACE_PACK_INVALID', hints: options.hints })
  }
}
