import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { type Command, InvalidArgumentError, Option } from 'commander'
import * as Chain from '../../evm/Chain.ts'
import * as Replay from '../../evm/Replay.ts'
import * as ReplayHashes from '../../evm/ReplayHashes.ts'
import { BaseError, describe, UsageError } from '../../primitives/Errors.ts'
import * as Collect from '../../rpc/Collect.ts'
import * as Eth from '../../rpc/Eth.ts'
import * as ReplayCollect from '../../rpc/ReplayCollect.ts'
import * as Url from '../../rpc/Url.ts'
import * as Dir from '../../trace/Dir.ts'
import * as Issue from '../../trace/Issue.ts'
import * as ReplayDir from '../../trace/ReplayDir.ts'
import type * as ReplayPack from '../../trace/ReplayPack.ts'
import * as ReplayWire from '../../trace/ReplayWire.ts'
import { print, printErr } from '../io.ts'
import * as parse from '../parsers.ts'
import * as Progress from '../progress.ts'
import { addRpcOptions, createRpc, type RpcFlags } from '../rpc.ts'

type Flags = RpcFlags & {
  readonly chain: string
  readonly startBlock: number
  readonly endBlock: number
  readonly out: string
  readonly hardfork?: string
  readonly compress?: boolean
  readonly resume?: boolean
  readonly concurrency: number
}

type Rpc = ReturnType<typeof createRpc>

/** The manifest's provenance: what every pack this command writes holds, nothing run-dependent. */
export const PROVENANCE =
  'collected from a JSON-RPC node by parallel-evm-lab collect-replay-pack: each block as eth_getBlockByNumber returned it, its pre-state merged from prestateTracer (default mode and diffMode) with code inline, and the hashes of the blocks its BLOCKHASH asked for'

/** Registers `collect-replay-pack`. */
export function register(program: Command): void {
  const command = program
    .command('collect-replay-pack')
    .description(
      'collect a replay pack (blocks, pre-state, code, block hashes) from a debug-capable JSON-RPC node; each block is replayed offline and must match its header',
    )
    .requiredOption('--chain <name>', 'chain label (base → BASE_RPC_URL, else ETH_RPC_URL)')
    .requiredOption('--start-block <n>', 'first block', parse.count)
    .requiredOption('--end-block <n>', 'last block (inclusive)', parse.count)
    .requiredOption('--out <dir>', 'replay-pack directory to write')
    .option(
      '--hardfork <name>',
      'the rules every block runs under, an ethereumjs hardfork name (default: mainnet schedule for chain id 1, else what the node reports via anvil_nodeInfo)',
      hardforkName,
    )
    .option('--compress', 'write Brotli-compressed files (<name>.br)')
    .option('--resume', 'keep the valid blocks already in --out; collect the rest')
    .addOption(
      new Option('--concurrency <n>', `requests in flight, 1..=${parse.limits.concurrency}`)
        .argParser(parse.intIn(1, parse.limits.concurrency))
        .default(4),
    )
    .addHelpText(
      'after',
      '\nNeeds debug_traceBlockByNumber or debug_traceTransaction with the built-in prestateTracer (default and diffMode). A block whose offline replay does not match its header is an error and is not written. Format and method: docs/collection.md.',
    )
  addRpcOptions(command).action(async (opts: Flags) => {
    checkRange(opts)
    const url = Url.resolve('collect-replay-pack', opts.chain, opts.rpcUrl, process.env)
    await collect(createRpc(url, opts), opts)
  })
}

/** `--hardfork`: a name ethereumjs knows. */
function hardforkName(text: string): string {
  if (Chain.isHardfork(text)) return text
  throw new InvalidArgumentError(
    `expected an ethereumjs hardfork (${Chain.hardforks().join(', ')})`,
  )
}

function checkRange({ startBlock, endBlock }: Flags): void {
  if (startBlock > endBlock) throw new UsageError('--start-block must be <= --end-block')
  if (endBlock - startBlock >= parse.limits.blockRange)
    throw new UsageError(
      `--start-block..--end-block spans ${endBlock - startBlock + 1} blocks; at most ${parse.limits.blockRange} per run`,
      { hints: ['collect a long range in parts, resuming into the same --out'] },
    )
}

async function collect(rpc: Rpc, opts: Flags): Promise<void> {
  const { chain, startBlock, endBlock, out } = opts
  await checkHead(rpc, opts)
  const rules = await rulesOf(rpc, opts)
  const manifest: ReplayPack.Manifest = {
    chain,
    chainId: rules.chainId,
    hardfork: rules.hardfork,
    provenance: PROVENANCE,
  }
  const existing = opts.resume === true ? resumable(out, manifest, opts) : fresh(out)
  const known = new Map(existing?.blockHashes ?? [])
  print(
    `collecting ${chain} blocks ${startBlock}-${endBlock} : chain id ${rules.chainId}, ${rules.said}`,
  )
  const progress = Progress.create({
    total: endBlock - startBlock + 1,
    write: (text) => process.stderr.write(text),
    tty: process.stderr.isTTY === true,
  })
  const session = Collect.session()
  for (let n = startBlock; n <= endBlock; n++) {
    if (existing !== undefined && (await keep(rpc, existing, n))) {
      progress.clear()
      print(`resume: kept block ${n}`)
      progress.block(0)
      continue
    }
    const done = await collectBlock(rpc, n, { manifest, known, session, opts })
    progress.clear()
    print(done.line)
    progress.block(done.txs)
  }
  progress.done()
  ReplayDir.open(out) // the whole pack must read back
  print(`wrote replay pack for ${chain} blocks ${startBlock}-${endBlock} to ${out}`)
}

type BlockJob = {
  readonly manifest: ReplayPack.Manifest
  /** Every block hash known so far (the pack's `block_hashes.json`); grows with each block. */
  readonly known: Map<number, string>
  readonly session: Collect.Session
  readonly opts: Flags
}

/**
 * Collects block `n`, replays it offline (fetching each hash BLOCKHASH asks for), requires every
 * header check to match, and writes it with the grown hash map (`ReplayDir.write`: atomic).
 */
async function collectBlock(rpc: Rpc, n: number, job: BlockJob) {
  const { manifest, known, opts } = job
  const collected = await ReplayCollect.collectBlock(
    rpc,
    n,
    { concurrency: opts.concurrency },
    job.session,
  )
  const block = parsed(collected, opts.chain)
  const { replayed, fetched } = await replay(rpc, block, { manifest, blockHashes: known })
  const failed = Replay.mismatches(replayed.verdict)
  if (failed.length > 0) throw mismatch(n, replayed, failed, manifest)
  for (const [k, hash] of fetched) known.set(k, hash)
  ReplayDir.write(
    opts.out,
    { manifest, codes: new Map(), blockHashes: known, blocks: [collected] },
    { compress: opts.compress === true },
  )
  const slots = block.preState.reduce((sum, a) => sum + a.storage.length, 0)
  const checks = Object.entries(Replay.checkNames)
    .map(
      ([key, name]) => `${name}=${replayed.verdict.checks[key as keyof Replay.Verdict['checks']]}`,
    )
    .join(' ')
  const line = `collected ${opts.chain} block ${n}: ${collected.txs} txs, ${block.preState.length} accounts, ${slots} slots, ${fetched.size} BLOCKHASH hashes; replay ${checks}`
  return { line, txs: collected.txs }
}

/**
 * Replays the block offline, fetching the hashes BLOCKHASH asks for; an error ethereumjs throws
 * (a header its rules cannot build, say) becomes one naming the block and the rules.
 */
async function replay(rpc: Rpc, block: ReplayPack.Block, context: Replay.Context) {
  try {
    return await ReplayHashes.run(block, context, (k) => ReplayCollect.blockHash(rpc, k))
  } catch (err) {
    if (err instanceof BaseError) throw err
    const rules = context.manifest.hardfork ?? 'the mainnet schedule'
    throw new BaseError(
      `block ${block.header.number} cannot be replayed under ${rules}: ${describe(err)}`,
      {
        code: 'EVM_REPLAY_FAILED',
        cause: err,
        hints: ['pass --hardfork with the rules the node runs'],
      },
    )
  }
}

/** The node's answers as replay-pack data; a block the replay cannot read is an error naming why. */
function parsed(collected: ReplayCollect.Collected, chain: string): ReplayPack.Block {
  const where = `${chain} block ${collected.number}`
  const block = ReplayWire.blockFromJson(collected.block, `${where} (eth_getBlockByNumber)`)
  const pre = ReplayWire.preStateFromJson(
    collected.preState,
    `${where} (pre-state from prestateTracer)`,
    new Map(),
  )
  const issues = [...block.issues, ...pre.issues]
  if (block.value === undefined || pre.value === undefined || issues.length > 0)
    throw new BaseError(`the node's ${where} cannot be read as a replay-pack block`, {
      code: 'REPLAY_PACK_INVALID',
      hints: Issue.hints(issues),
    })
  return { ...block.value, preState: pre.value }
}

function mismatch(
  n: number,
  replayed: Replay.Replayed,
  failed: readonly string[],
  manifest: ReplayPack.Manifest,
): BaseError {
  const { header } = replayed.input
  const gas = replayed.verdict.computed.gasUsed
  return new BaseError(
    `block ${n} does not replay to its header: ${failed.join(', ')} (gas used: replay ${gas}, header ${header.gasUsed}; rules: ${replayed.input.genesis.env.hardfork})`,
    {
      code: 'REPLAY_MISMATCH',
      hints: [
        manifest.hardfork === null
          ? 'the chain may not follow the mainnet schedule: pass --hardfork with the rules the node runs'
          : `the node may run other rules than ${manifest.hardfork}: pass --hardfork with the rules it runs`,
        `block ${n} was not written; blocks before it are in the pack (--resume continues)`,
      ],
    },
  )
}

/** Every block of the range must exist: the chain head is asked once, before any work. */
async function checkHead(rpc: Rpc, { chain, endBlock }: Flags): Promise<void> {
  const head = await Eth.blockNumber(rpc)
  if (head === null)
    throw new BaseError('eth_blockNumber returned no block number', { code: 'RPC_REQUEST_FAILED' })
  if (endBlock > head)
    throw new BaseError(
      `block ${endBlock} does not exist yet on ${chain}: the chain head is block ${head}`,
      { code: 'RPC_REQUEST_FAILED', hints: [`collect blocks at or below ${head}`] },
    )
}

/** The chain id (from the node) and the hardfork every block runs under, with where it came from. */
async function rulesOf(rpc: Rpc, opts: Flags) {
  const id = await Eth.chainId(rpc)
  if (id === null)
    throw new BaseError('eth_chainId returned no chain id', { code: 'RPC_REQUEST_FAILED' })
  const chainId = BigInt(id)
  if (opts.hardfork !== undefined)
    return { chainId, hardfork: opts.hardfork, said: `hardfork ${opts.hardfork} (--hardfork)` }
  if (chainId === 1n)
    return { chainId, hardfork: null, said: 'mainnet hardfork schedule (chain id 1)' }
  const reported = await ReplayCollect.nodeHardfork(rpc)
  const hardfork = reported === null ? null : ethereumjsName(reported)
  if (hardfork === null)
    throw new UsageError(
      reported === null
        ? `chain id ${chainId} is not Ethereum mainnet and the node does not say which hardfork it runs: pass --hardfork`
        : `the node runs hardfork \`${reported}\`, which ethereumjs does not know: pass --hardfork`,
      { hints: [`ethereumjs knows: ${Chain.hardforks().join(', ')}`] },
    )
  return {
    chainId,
    hardfork,
    said: `hardfork ${hardfork} (the node's anvil_nodeInfo says ${reported})`,
  }
}

/** anvil's hardfork spelling (`Prague`, `Bpo1`, `Merge`) → the ethereumjs name, or null. */
export function ethereumjsName(reported: string): string | null {
  const aliases: Record<string, string> = {
    frontier: 'chainstart',
    daofork: 'dao',
    tangerine: 'tangerineWhistle',
    merge: 'paris',
  }
  const key = reported
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
  return aliases[key] ?? Chain.hardforks().find((name) => name.toLowerCase() === key) ?? null
}

/** Without --resume, --out must not hold a replay pack already (its blocks would mix in). */
function fresh(out: string): undefined {
  if (existsSync(join(out, 'replay-pack.json')) || existsSync(join(out, 'blocks')))
    throw new UsageError(`${out} already holds a replay pack`, {
      hints: ['pass --resume to keep its blocks and collect the rest, or choose a new --out'],
    })
  return undefined
}

/**
 * With --resume: the pack in `out` (if any) must be the one this run writes (same manifest, same
 * compression); temp files a killed run left are removed. Undefined when `out` holds no pack.
 */
function resumable(
  out: string,
  manifest: ReplayPack.Manifest,
  opts: Flags,
): ReplayDir.Pack | undefined {
  if (!existsSync(join(out, 'replay-pack.json'))) return fresh(out)
  removeTemps(out)
  let pack: ReplayDir.Pack
  try {
    pack = ReplayDir.open(out)
  } catch (err) {
    if (!(err instanceof BaseError)) throw err
    throw new BaseError(`cannot resume: ${err.shortMessage}`, { code: err.code, hints: err.hints })
  }
  const have = pack.manifest
  for (const key of ['chain', 'chainId', 'hardfork', 'provenance'] as const)
    if (have[key] !== manifest[key])
      throw new UsageError(
        `cannot resume: ${join(out, 'replay-pack.json')} has ${key} ${String(have[key])}, this run ${String(manifest[key])}`,
        { hints: ['use a new --out, or rerun with the same --chain, node and --hardfork'] },
      )
  const compressed = existsSync(join(out, 'block_hashes.json.br'))
  if (compressed !== (opts.compress === true))
    throw new UsageError(
      `cannot resume: the pack in ${out} is ${compressed ? '' : 'not '}compressed`,
      { hints: [`rerun ${compressed ? 'with' : 'without'} --compress`] },
    )
  return pack
}

/** True when block `n` is in the pack, reads back valid and has the node's hash for `n`. */
async function keep(rpc: Rpc, pack: ReplayDir.Pack, n: number): Promise<boolean> {
  if (!pack.numbers.includes(n)) return false
  let block: ReplayPack.Block
  try {
    block = ReplayDir.readBlock(pack, n)
  } catch (err) {
    if (!(err instanceof BaseError)) throw err
    printErr(`resume: re-collecting block ${n}: ${err.hints[0] ?? err.shortMessage}`)
    return false
  }
  const hash = await ReplayCollect.blockHash(rpc, n)
  if (block.header.hash === hash) return true
  printErr(
    `resume: re-collecting block ${n}: the node's block ${n} is ${hash}, the pack holds ${block.header.hash}`,
  )
  return false
}

/** Removes the temp files a killed run left (pack files and every block directory). */
function removeTemps(out: string): void {
  const blocks = join(out, 'blocks')
  const dirs = [out, blocks]
  if (existsSync(blocks)) for (const name of readdirSync(blocks)) dirs.push(join(blocks, name))
  Dir.removeTemps(dirs)
}
