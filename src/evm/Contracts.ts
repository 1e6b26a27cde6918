import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { type Abi, encodeDeployData, encodeFunctionData } from 'viem'
import { BaseError } from '../primitives/Errors.ts'

/** A compiled contract: its creation bytecode (`0x`-prefixed hex) and its ABI. */
export type Artifact = { readonly bytecode: `0x${string}`; readonly abi: Abi }

/** Every contract the generated blocks deploy or call. */
export type Contracts = {
  readonly erc20: Artifact
  readonly weth9: Artifact
  readonly factory: Artifact
  readonly router02: Artifact
  readonly pair: Artifact
}

/** Where each artifact comes from: npm package + path of a Waffle/solc `build/*.json` file (bytecode and ABI). */
export const artifactPaths = {
  erc20: '@uniswap/v2-core/build/ERC20.json',
  weth9: '@uniswap/v2-periphery/build/WETH9.json',
  factory: '@uniswap/v2-core/build/UniswapV2Factory.json',
  router02: '@uniswap/v2-periphery/build/UniswapV2Router02.json',
  pair: '@uniswap/v2-core/build/UniswapV2Pair.json',
} as const satisfies Record<keyof Contracts, string>

let cached: Contracts | undefined

/** Loads (once) the bytecode and ABI of every contract from the installed npm artifacts. */
export function load(): Contracts {
  if (cached) return cached
  const require = createRequire(import.meta.url)
  const read = (specifier: string): Artifact => {
    let path = specifier
    try {
      path = require.resolve(specifier)
      const json: unknown = JSON.parse(readFileSync(path, 'utf8'))
      const bytecode = creationCode(json)
      if (bytecode === undefined) throw new Error('no `bytecode` or `evm.bytecode.object` string')
      return { bytecode, abi: abiOf(json) }
    } catch (err) {
      throw new BaseError(`failed to load contract artifact ${path}: ${(err as Error).message}`, {
        code: 'EVM_REPLAY_FAILED',
        cause: err,
        hints: ['the @uniswap/v2-core and @uniswap/v2-periphery packages must be installed'],
      })
    }
  }
  cached = {
    erc20: read(artifactPaths.erc20),
    weth9: read(artifactPaths.weth9),
    factory: read(artifactPaths.factory),
    router02: read(artifactPaths.router02),
    pair: read(artifactPaths.pair),
  }
  return cached
}

/**
 * Calldata of a call to `functionName` with `args`, encoded by viem from the contract's own ABI
 * (selector included).
 * @example Contracts.calldata(Contracts.load().erc20, 'transfer', [to, 10n ** 18n])
 */
export function calldata(
  contract: Artifact,
  functionName: string,
  args: readonly unknown[] = [],
): `0x${string}` {
  return encodeFunctionData({ abi: contract.abi, functionName, args })
}

/** Creation code followed by the ABI-encoded constructor arguments (viem). */
export function deployment(contract: Artifact, args: readonly unknown[] = []): `0x${string}` {
  const { abi, bytecode } = contract
  return args.length === 0 ? bytecode : encodeDeployData({ abi, bytecode, args })
}

function creationCode(json: unknown): `0x${string}` | undefined {
  if (typeof json !== 'object' || json === null) return undefined
  const record = json as { bytecode?: unknown; evm?: { bytecode?: { object?: unknown } } }
  const raw = typeof record.bytecode === 'string' ? record.bytecode : record.evm?.bytecode?.object
  if (typeof raw !== 'string' || !/^(0x)?[0-9a-fA-F]+$/.test(raw)) return undefined
  return `0x${raw.replace(/^0x/, '').toLowerCase()}`
}

function abiOf(json: unknown): Abi {
  const abi = (json as { abi?: unknown }).abi
  if (!Array.isArray(abi)) throw new Error('no `abi` array')
  // A solc/Waffle artifact's `abi` is the JSON ABI viem reads.
  return abi as Abi
}
