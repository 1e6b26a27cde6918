import {
  bytesToHex,
  generateAddress,
  hexToBytes,
  privateToAddress,
  setLengthLeft,
} from '@ethereumjs/util'
import { BaseError } from '../primitives/Errors.ts'
import * as Transaction from '../trace/Transaction.ts'
import * as Contracts from './Contracts.ts'
import * as Execute from './Execute.ts'
import type * as Genesis from './Genesis.ts'

/** A funded sender: its deterministic test key and address. */
export type User = { readonly key: Uint8Array; readonly address: string }

/** The deployed world a generated block runs against. */
export type World = {
  readonly genesis: Genesis.Genesis
  readonly deployer: string
  readonly weth: string
  readonly factory: string
  readonly router: string
  /** ERC-20 tokens, in popularity-rank order (token k pairs with WETH in `pairs[k]`). */
  readonly tokens: readonly string[]
  readonly pairs: readonly string[]
  readonly users: readonly User[]
}

/** The block environment of generated blocks (Prague rules, fixed time, non-zero fee recipient). */
export const env: Genesis.Env = {
  hardfork: 'prague',
  chainId: 1n,
  number: 1n,
  timestamp: 1_750_000_000n,
  coinbase: '0xfee0000000000000000000000000000000000001',
  gasLimit: 1_000_000_000n,
  baseFeePerGas: 1_000_000_000n,
  difficulty: 0n,
  prevRandao: null,
  excessBlobGas: null,
  blockHashes: [],
}

/** The base fee of generated blocks. */
const baseFee = 1_000_000_000n

const e18 = 10n ** 18n
const maxUint = (1n << 256n) - 1n

/**
 * Deploys WETH9, the Uniswap V2 factory and router, `pools` ERC-20s each with a WETH pair seeded
 * with liquidity, and funds `users` accounts with ETH, WETH and every token (router pre-approved),
 * by executing the setup transactions in ethereumjs; the committed state becomes the genesis.
 * Memoized per (pools, users) unless `cache: 'fresh'`: the world is immutable plain data.
 */
export function build(options: {
  readonly pools: number
  readonly users: number
  readonly cache?: 'reuse' | 'fresh'
}): Promise<World> {
  if (options.cache === 'fresh') return deploy(options.pools, options.users)
  const key = `${options.pools}/${options.users}`
  let world = worlds.get(key)
  if (world === undefined) {
    world = deploy(options.pools, options.users)
    worlds.set(key, world)
    world.catch(() => worlds.delete(key))
  }
  return world
}

const worlds = new Map<string, Promise<World>>()

async function deploy(poolCount: number, userCount: number): Promise<World> {
  const deployer = addressOf(keyOf(0, 0))
  const users = Array.from({ length: userCount }, (_, i): User => {
    const key = keyOf(1, i)
    return { key, address: addressOf(key) }
  })
  const weth = createdAddress(deployer, 0n)
  const factory = createdAddress(deployer, 1n)
  const router = createdAddress(deployer, 2n)
  const tokens = Array.from({ length: poolCount }, (_, k) =>
    createdAddress(deployer, 3n + BigInt(k)),
  )
  const chain = stager([
    funded(deployer, 10n ** 12n * e18),
    ...users.map((u) => funded(u.address, 10_000n * e18)),
  ])
  const code = Contracts.load()
  await chain.stage([
    chain.tx(deployer, null, Contracts.deployment(code.weth9)),
    chain.tx(deployer, null, Contracts.deployment(code.factory, [deployer])),
    chain.tx(deployer, null, Contracts.deployment(code.router02, [factory, weth])),
    ...tokens.map(() =>
      chain.tx(deployer, null, Contracts.deployment(code.erc20, [10n ** 15n * e18])),
    ),
  ])
  const created = await chain.stage(
    tokens.map((t) =>
      chain.tx(deployer, factory, Contracts.calldata(code.factory, 'createPair', [t, weth])),
    ),
  )
  const pairs = created.map((r) => `0x${r.output.slice(-40)}`)
  await chain.stage(liquidityTxs(chain.tx, { deployer, router, tokens }))
  await chain.stage(fundingTxs(chain.tx, { deployer, weth, router, tokens, users }))
  return { genesis: chain.genesis(), deployer, weth, factory, router, tokens, pairs, users }
}

type MakeTx = (from: string, to: string | null, data: string, value?: bigint) => Execute.Tx

/** Runs setup stages one after another on an evolving state; every setup tx must succeed. */
function stager(accounts: readonly Genesis.Account[]) {
  let genesis: Genesis.Genesis = { env, accounts }
  const nonces = new Map<string, bigint>()
  const tx: MakeTx = (from, to, data, value = 0n) => {
    const nonce = nonces.get(from) ?? 0n
    nonces.set(from, nonce + 1n)
    const hash = `0x${'0'.repeat(64)}`
    const fees = { maxFeePerGas: baseFee, maxPriorityFeePerGas: 0n }
    const unsigned = { txIndex: 0, hash, from, to, value, nonce, data, chainId: env.chainId }
    return { kind: 'setup', ...Transaction.eip1559({ ...unsigned, gasLimit: 8_000_000n, ...fees }) }
  }
  const stage = async (txs: readonly Execute.Tx[]): Promise<readonly Execute.TxResult[]> => {
    const indexed = txs.map((t, txIndex) => ({ ...t, txIndex }))
    const result = await Execute.run(genesis, indexed, { stateRoot: 'skip' })
    const failed = result.results.find((r) => r.status !== 'success')
    if (failed) {
      const message = `generated-block setup transaction ${failed.txIndex} failed: ${failed.error}`
      throw new BaseError(message, { code: 'INTERNAL' })
    }
    genesis = result.postState
    return result.results
  }
  return { tx, stage, genesis: () => genesis }
}

/** Pool k gets 10,000/(k+1) ETH against 10,000,000/(k+1) tokens. */
function liquidityTxs(
  tx: MakeTx,
  w: { readonly deployer: string; readonly router: string; readonly tokens: readonly string[] },
): Execute.Tx[] {
  const { erc20, router02 } = Contracts.load()
  const deadline = env.timestamp + 3600n
  return w.tokens.flatMap((token, k) => [
    tx(w.deployer, token, Contracts.calldata(erc20, 'approve', [w.router, maxUint])),
    tx(
      w.deployer,
      w.router,
      Contracts.calldata(router02, 'addLiquidityETH', [
        token,
        (10_000_000n * e18) / BigInt(k + 1),
        0n,
        0n,
        w.deployer,
        deadline,
      ]),
      (10_000n * e18) / BigInt(k + 1),
    ),
  ])
}

/** Each user: 100 WETH, 1,000,000 of every token, unlimited router approval for all of them. */
function fundingTxs(
  tx: MakeTx,
  w: Pick<World, 'deployer' | 'weth' | 'router' | 'tokens' | 'users'>,
): Execute.Tx[] {
  const { erc20, weth9 } = Contracts.load()
  const perUserWeth = 100n * e18
  const transfer = (to: string, amount: bigint) =>
    Contracts.calldata(erc20, 'transfer', [to, amount])
  const approve = Contracts.calldata(erc20, 'approve', [w.router, maxUint])
  return [
    tx(
      w.deployer,
      w.weth,
      Contracts.calldata(weth9, 'deposit'),
      perUserWeth * BigInt(w.users.length),
    ),
    ...w.users.flatMap((user) => [
      tx(w.deployer, w.weth, transfer(user.address, perUserWeth)),
      ...w.tokens.map((token) => tx(w.deployer, token, transfer(user.address, 1_000_000n * e18))),
      ...[w.weth, ...w.tokens].map((token) => tx(user.address, token, approve)),
    ]),
  ]
}

function funded(address: string, balance: bigint): Genesis.Account {
  return { address, balance, nonce: 0n, code: '0x', storage: [] }
}

/** Deterministic private key of account `i` in `group` (public test keys: never use them on a real chain). */
export function keyOf(group: number, i: number): Uint8Array {
  const value = (BigInt(group + 1) << 128n) + (0x5eedn << 64n) + BigInt(i) + 1n
  return setLengthLeft(hexToBytes(`0x${value.toString(16).padStart(64, '0')}`), 32)
}

/** The address of private key `key`. */
export function addressOf(key: Uint8Array): string {
  return bytesToHex(privateToAddress(key))
}

/** The address a CREATE from `from` at `nonce` yields. */
export function createdAddress(from: string, nonce: bigint): string {
  const hex = nonce.toString(16)
  const nonceBytes =
    nonce === 0n ? new Uint8Array(0) : hexToBytes(`0x${hex.length % 2 ? `0${hex}` : hex}`)
  return bytesToHex(generateAddress(hexToBytes(from as `0x${string}`), nonceBytes))
}
