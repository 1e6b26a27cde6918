import type { Command } from 'commander'
import * as Json from '../../primitives/Json.ts'
import * as Capability from '../../rpc/Capability.ts'
import * as Url from '../../rpc/Url.ts'
import { print, writeFiles } from '../io.ts'
import * as parse from '../parsers.ts'
import { addRpcOptions, createRpc, type RpcFlags } from '../rpc.ts'

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
