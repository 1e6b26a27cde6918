import { type Command, Option } from 'commander'
import * as Json from '../../primitives/Json.ts'
import * as Capability from '../../rpc/Capability.ts'
import * as Redact from '../../rpc/Redact.ts'
import * as Transport from '../../rpc/Transport.ts'
import * as Url from '../../rpc/Url.ts'
import { print, writeFiles } from '../io.ts'
import * as parse from '../parsers.ts'

/** Options shared by the RPC commands: timeout and retry policy. */
export type RpcFlags = {
  readonly rpcUrl?: string
  readonly timeoutMs: number
  readonly retries: number
  readonly retryDelayMs: number
}

/** Registers `rpc-capability-check`. */
export function register(program: Command): void {
  const command = program
    .command('rpc-capability-check')
    .description(
      'probe an RPC provider for the block, receipt and debug-tracing methods collection needs',
    )
    .requiredOption('--chain <name>', 'chain label (base → BASE_RPC_URL, else ETH_RPC_URL)')
    .requiredOption('--block <n>', 'block number to probe', parse.count)
    .option('--out <file>', 'write the capability report JSON here')
  addRpcOptions(command).action(
    async (opts: RpcFlags & { chain: string; block: number; out?: string }) => {
      const url = Url.resolve('rpc-capability-check', opts.chain, opts.rpcUrl, process.env)
      const rpc = createRpc(url, opts)
      const report = await Capability.check(rpc, opts.chain, opts.block)
      if (opts.out !== undefined) writeFiles([{ path: opts.out, content: Json.stringify(report) }])
      for (const line of Capability.summary(report)) print(line)
    },
  )
}

/** Adds `--rpc-url`, `--timeout-ms`, `--retries`, `--retry-delay-ms` to a command. */
export function addRpcOptions(command: Command): Command {
  return command
    .option('--rpc-url <url>', 'JSON-RPC endpoint (never printed; prefer the environment variable)')
    .addOption(
      new Option('--timeout-ms <ms>', `per-request timeout, 1..=${parse.limits.timeoutMs}`)
        .argParser(parse.intIn(1, parse.limits.timeoutMs))
        .default(30_000),
    )
    .addOption(
      new Option('--retries <n>', `retries of a transient fault, 0..=${parse.limits.retries}`)
        .argParser(parse.intIn(0, parse.limits.retries))
        .default(5),
    )
    .addOption(
      new Option('--retry-delay-ms <ms>', `base backoff delay, 0..=${parse.limits.retryDelayMs}`)
        .argParser(parse.intIn(0, parse.limits.retryDelayMs))
        .default(250),
    )
}

/** Builds the retrying, redacting RPC client for a URL. */
export function createRpc(url: string, opts: RpcFlags): Transport.Rpc {
  return Transport.create(Transport.http(url, { timeoutMs: opts.timeoutMs }), {
    retries: opts.retries,
    retryDelayMs: opts.retryDelayMs,
    redact: Redact.forUrl(url),
  })
}
