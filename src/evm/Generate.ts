import type { Common } from '@ethereumjs/common'
import { createTx } from '@ethereumjs/tx'
import { bytesToHex } from '@ethereumjs/util'
import { UsageError } from '../primitives/Errors.ts'
import * as Rng from '../primitives/Rng.ts'
import * as Transaction from '../trace/Transaction.ts'
import * as Chain from './Chain.ts'
import * as Contracts from './Contracts.ts'
import * as Execute from './Execute.ts'
import type * as Genesis from './Genesis.ts'
import * as Mix from './Mix.ts'
import * as Setup from './Setup.ts'

/** A generated block: genesis (with the deployed contracts), the tx list, and where things live. */
export type Generated = {
  readonly options: Required<block.Options>
  readonly genesis: Genesis.Genesis
  readonly txs: readonly Execute.Tx[]
  readonly world: Setup.World
}

/** Default generator options (every CLI flag but `--out`). */
export const defaults = {
  txs: 500,
  mix: Mix.defaultMix,
  pools: 8,
  skew: 1.0,
  seed: 42,
  users: 128,
  hardfork: 'prague',
} as const

/** Hardforks a generated block can run under. */
export const hardforks = ['prague', 'amsterdam'] as const

/**
 * Gas limits under Amsterdam are this many times the Prague ones: EIP-8037 charges state growth
 * apart, and with the Prague limits 11 of the 60 transactions of seed 1 (swaps and approvals) ran
 * out of gas; none did at 3× (4 at 2×).
 */
const AMSTERDAM_GAS_FACTOR = 3n

/**
 * Builds a realistic block: deploys WETH9, Uniswap V2 factory/router, `pools` ERC-20s each paired
 * with WETH, funds `users` accounts, then draws `txs` transactions from the seeded `mix`, picking
 * pools/tokens by Zipf(`skew`) popularity. Same options → identical genesis and txs.
 * @example
 * const { genesis, txs } = await Generate.block({ txs: 100, seed: 7 })
 */
export async function block(options: block.Options = {}): Promise<Generated> {
  const resolved = { ...defaults, ...options }
  validate(resolved)
  const world = await Setup.build({ pools: resolved.pools, users: resolved.users })
  const genesis: Genesis.Genesis =
    resolved.hardfork === world.genesis.env.hardfork
      ? world.genesis
      : { ...world.genesis, env: { ...world.genesis.env, hardfork: resolved.hardfork } }
  const gasFactor = resolved.hardfork === 'amsterdam' ? AMSTERDAM_GAS_FACTOR : 1n
  const rng = Rng.fromSeed(BigInt(resolved.seed))
  const popularity = Mix.zipf(resolved.pools, resolved.skew)
  const common = await Chain.common(genesis.env)
  const nonces = world.users.map((user) => nonceOf(world.genesis, user.address))
  const txs: Execute.Tx[] = []
  for (let txIndex = 0; txIndex < resolved.txs; txIndex++) {
    const kind = Mix.pick(resolved.mix, rng)
    const userIndex = Rng.index(rng, 0, world.users.length, 64)
    const user = world.users[userIndex]!
    const call = draft(kind, rng, world, popularity, userIndex)
    const nonce = nonces[userIndex]!
    nonces[userIndex] = nonce + 1n
    const unsigned = Transaction.eip1559({
      ...call,
      gasLimit: call.gasLimit * gasFactor,
      txIndex,
      hash: '',
      from: user.address,
      nonce,
      chainId: common.chainId(),
      ...fees,
    })
    txs.push({ kind, ...unsigned, hash: sign(unsigned, user.key, common) })
  }
  return { options: resolved, genesis, txs, world }
}

export declare namespace block {
  type Options = {
    /** Number of transactions (default 500). */
    readonly txs?: number
    /** Relative weight per tx kind (default erc20=30,weth=15,swap=35,eth=15,approve=5). */
    readonly mix?: Mix.Mix
    /** Number of ERC-20/WETH pools (default 8). */
    readonly pools?: number
    /** Zipf exponent of pool and token popularity (default 1.0; 0 = uniform). */
    readonly skew?: number
    /** RNG seed (default 42). */
    readonly seed?: number
    /** Number of funded sender accounts (default 128). */
    readonly users?: number
    /**
     * Rules the block runs under (default `prague`; `amsterdam` adds EIP-7928 access lists and
     * raises every gas limit 3×, see `AMSTERDAM_GAS_FACTOR`). The deployed world is the same.
     */
    readonly hardfork?: (typeof hardforks)[number]
  }
}

const fees = { maxFeePerGas: 3_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n } as const
const e18 = 10n ** 18n

type Call = Pick<Execute.Tx, 'to' | 'value' | 'gasLimit' | 'data'>

function draft(
  kind: Mix.Kind,
  rng: Rng.Rng,
  world: Setup.World,
  popularity: readonly number[],
  userIndex: number,
): Call {
  const user = world.users[userIndex]!.address
  const other = () => world.users[otherIndex(rng, world.users.length, userIndex)]!.address
  const amount = (unit: bigint) => BigInt(1 + Rng.index(rng, 0, 1000, 64)) * unit
  const token = () => world.tokens[Mix.sample(popularity, rng)]!
  const deadline = world.genesis.env.timestamp + 3600n
  const { erc20, weth9 } = Contracts.load()
  switch (kind) {
    case 'erc20':
      return call(token(), 80_000n, Contracts.calldata(erc20, 'transfer', [other(), amount(e18)]))
    case 'approve':
      return call(token(), 60_000n, Contracts.calldata(erc20, 'approve', [other(), amount(e18)]))
    case 'eth':
      return { to: other(), value: amount(e18 / 1000n), gasLimit: 21_000n, data: '0x' }
    case 'weth':
      if (Rng.index(rng, 0, 2, 64) === 0)
        return {
          ...call(world.weth, 60_000n, Contracts.calldata(weth9, 'deposit')),
          value: amount(e18 / 1000n),
        }
      return call(world.weth, 60_000n, Contracts.calldata(weth9, 'withdraw', [amount(e18 / 1000n)]))
    case 'swap':
      return swap(rng, world, popularity, user, deadline, amount)
    case 'token-swap':
      return tokenSwap(world, token(), user, deadline, amount(e18))
  }
}

/**
 * An ERC-20-only swap of `token` for WETH through its own pool (`swapExactTokensForTokens`, path
 * [token, WETH]): no ETH moves, so swaps on different pools touch disjoint state. Blocks of these
 * are the "independent swaps" workload of parallel-EVM benchmarks.
 */
function tokenSwap(
  world: Setup.World,
  token: string,
  user: string,
  deadline: bigint,
  amountIn: bigint,
): Call {
  const data = Contracts.calldata(Contracts.load().router02, 'swapExactTokensForTokens', [
    amountIn,
    0n,
    [token, world.weth],
    user,
    deadline,
  ])
  return call(world.router, 250_000n, data)
}

function swap(
  rng: Rng.Rng,
  world: Setup.World,
  popularity: readonly number[],
  user: string,
  deadline: bigint,
  amount: (unit: bigint) => bigint,
): Call {
  const router = world.router
  const { router02 } = Contracts.load()
  const a = world.tokens[Mix.sample(popularity, rng)]!
  const route = world.tokens.length > 1 ? Rng.index(rng, 0, 5, 64) : Rng.index(rng, 0, 4, 64)
  if (route < 2) {
    const data = Contracts.calldata(router02, 'swapExactETHForTokens', [
      0n,
      [world.weth, a],
      user,
      deadline,
    ])
    return { to: router, value: amount(e18 / 1000n), gasLimit: 250_000n, data }
  }
  if (route < 4) {
    const data = Contracts.calldata(router02, 'swapExactTokensForETH', [
      amount(e18),
      0n,
      [a, world.weth],
      user,
      deadline,
    ])
    return call(router, 250_000n, data)
  }
  let b = world.tokens[Mix.sample(popularity, rng)]!
  if (b === a) b = world.tokens[(world.tokens.indexOf(a) + 1) % world.tokens.length]!
  const data = Contracts.calldata(router02, 'swapExactTokensForTokens', [
    amount(e18),
    0n,
    [a, world.weth, b],
    user,
    deadline,
  ])
  return call(router, 350_000n, data)
}

function call(to: string, gasLimit: bigint, data: string): Call {
  return { to, value: 0n, gasLimit, data }
}

function otherIndex(rng: Rng.Rng, count: number, not: number): number {
  const pick = Rng.index(rng, 0, count - 1, 64)
  return pick >= not ? pick + 1 : pick
}

function nonceOf(genesis: Genesis.Genesis, address: string): bigint {
  return genesis.accounts.find((account) => account.address === address)?.nonce ?? 0n
}

/** The hash the transaction has once signed with `key` (generated blocks run unsigned). */
function sign(tx: Transaction.Transaction, key: Uint8Array, common: Common): string {
  const signed = createTx(Execute.txData(tx), { common }).sign(key)
  return bytesToHex(signed.hash())
}

function validate(options: Required<block.Options>): void {
  const check = (ok: boolean, message: string) => {
    if (!ok) throw new UsageError(message)
  }
  check(
    Number.isSafeInteger(options.txs) && options.txs >= 1 && options.txs <= 100_000,
    `txs must be an integer in 1..=100000, got ${options.txs}`,
  )
  check(
    Number.isSafeInteger(options.pools) && options.pools >= 1 && options.pools <= 64,
    `pools must be an integer in 1..=64, got ${options.pools}`,
  )
  check(
    Number.isSafeInteger(options.users) && options.users >= 2 && options.users <= 4096,
    `users must be an integer in 2..=4096, got ${options.users}`,
  )
  check(
    Number.isFinite(options.skew) && options.skew >= 0 && options.skew <= 10,
    `skew must be a number in 0..=10, got ${options.skew}`,
  )
  check(
    (hardforks as readonly string[]).includes(options.hardfork),
    `hardfork must be one of ${hardforks.join(', ')}, got ${options.hardfork}`,
  )
  check(
    Number.isSafeInteger(options.seed) && options.seed >= 0,
    `seed must be a non-negative integer, got ${options.seed}`,
  )
}
