import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { BaseError } from '../primitives/Errors.ts'

/** Creation bytecode (hex, `0x`-prefixed) of every contract the generated blocks deploy. */
export type Contracts = {
  readonly erc20: string
  readonly weth9: string
  readonly factory: string
  readonly router02: string
  readonly pair: string
}

/** Where each artifact comes from: npm package + path of a Waffle/solc `build/*.json` file. */
export const artifactPaths = {
  erc20: '@uniswap/v2-core/build/ERC20.json',
  weth9: '@uniswap/v2-periphery/build/WETH9.json',
  factory: '@uniswap/v2-core/build/UniswapV2Factory.json',
  router02: '@uniswap/v2-periphery/build/UniswapV2Router02.json',
  pair: '@uniswap/v2-core/build/UniswapV2Pair.json',
} as const satisfies Record<keyof Contracts, string>

let cached: Contracts | undefined

/** Loads (once) the creation bytecode of every contract from the installed npm artifacts. */
export function load(): Contracts {
  if (cached) return cached
  const require = createRequire(import.meta.url)
  const read = (specifier: string): string => {
    let path = specifier
    try {
      path = require.resolve(specifier)
      const json: unknown = JSON.parse(readFileSync(path, 'utf8'))
      const bytecode = creationCode(json)
      if (bytecode === undefined) throw new Error('no `bytecode` or `evm.bytecode.object` string')
      return bytecode
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

function creationCode(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined
  const record = json as { bytecode?: unknown; evm?: { bytecode?: { object?: unknown } } }
  const raw = typeof record.bytecode === 'string' ? record.bytecode : record.evm?.bytecode?.object
  if (typeof raw !== 'string' || !/^(0x)?[0-9a-fA-F]+$/.test(raw)) return undefined
  return `0x${raw.replace(/^0x/, '').toLowerCase()}`
}
