import { createBlock } from '@ethereumjs/block'
import { createTx } from '@ethereumjs/tx'
import { bytesToHex, createAddressFromString } from '@ethereumjs/util'
import { createVM, runTx } from '@ethereumjs/vm'
import { encodeAbiParameters, keccak256, toFunctionSelector } from 'viem'
import { describe, expect, test } from 'vitest'
import * as Rng from '../primitives/Rng.ts'
import type * as TracePack from '../trace/TracePack.ts'
import * as Chain from './Chain.ts'
import * as Contracts from './Contracts.ts'
import * as Execute from './Execute.ts'
import * as Generate from './Generate.ts'
import * as Genesis from './Genesis.ts'
import * as Mix from './Mix.ts'
import * as Setup from './Setup.ts'

// Storage layouts (solc 0.5/0.4 sources): UniswapV2ERC20 balanceOf = slot 1 (the v2-core test ERC20
// and the pair inherit it); UniswapV2Pair reserve0/reserve1/blockTimestampLast pack into slot 8;
// WETH9 balanceOf = slot 3.
const mappingSlot = (holder: string, index: bigint) =>
  keccak256(
    encodeAbiParameters(
      [{ type: 'address' }, { type: 'uint256' }],
      [holder as `0x${string}`, index],
    ),
  )
const word = (n: number) => `0x${n.toString(16).padStart(64, '0')}`
const storageOf = (accesses: readonly TracePack.Access[] | null, address: string) =>
  (accesses ?? [])
    .filter((a) => a.address === address && a.slot !== null)
    .map((a) => `${a.slot} ${a.kind}`)

const small = { txs: 40, users: 6, pools: 3, seed: 7 } as const
const generated = Generate.block(small)
const executed = generated.then((g) => Execute.run(g.genesis, g.txs, { capture: 'accesses' }))

describe('block', () => {
  test('default: every generated tx succeeds and kinds follow the mix', async () => {
    const g = await generated
    const { results } = await executed
    expect(results.filter((r) => r.status !== 'success')).toEqual([])
    expect(g.txs.map((t) => t.txIndex)).toEqual([...Array(40).keys()])
    expect([...new Set(g.txs.map((t) => t.kind))].sort()).toEqual(['erc20', 'eth', 'swap', 'weth'])
    expect(g.txs.every((t) => /^0x[0-9a-f]{64}$/.test(t.hash))).toBe(true)
    expect(new Set(g.txs.map((t) => t.hash)).size).toBe(40)
  })

  test('behavior: an ERC-20 transfer touches exactly the two balance slots of the token (read + write)', async () => {
    const g = await generated
    const { results } = await executed
    const t = g.txs.find((x) => x.kind === 'erc20')!
    const recipient = `0x${t.data.slice(10 + 24, 10 + 64)}`
    const expected = [
      `${mappingSlot(t.from, 1n)} read`,
      `${mappingSlot(t.from, 1n)} write`,
      `${mappingSlot(recipient, 1n)} read`,
      `${mappingSlot(recipient, 1n)} write`,
    ]
    expect(storageOf(results[t.txIndex]!.accesses, t.to!).sort()).toEqual(expected.sort())
  })

  test('behavior: a token→ETH swap touches the pair reserves and both token balances of the pair', async () => {
    const g = await generated
    const { results } = await executed
    const selector = toFunctionSelector(
      'swapExactTokensForETH(uint256,uint256,address[],address,uint256)',
    )
    const t = g.txs.find((x) => x.kind === 'swap' && x.data.startsWith(selector))!
    expect(t).toBeDefined()
    const token = `0x${t.data.slice(10 + 64 * 6 + 24, 10 + 64 * 7)}`
    const pair = g.world.pairs[g.world.tokens.indexOf(token)]!
    const accesses = results[t.txIndex]!.accesses
    expect(storageOf(accesses, pair)).toEqual(
      expect.arrayContaining([`${word(8)} read`, `${word(8)} write`]),
    )
    expect(storageOf(accesses, token)).toEqual(
      expect.arrayContaining([`${mappingSlot(pair, 1n)} read`, `${mappingSlot(pair, 1n)} write`]),
    )
    expect(storageOf(accesses, g.world.weth)).toEqual(
      expect.arrayContaining([`${mappingSlot(pair, 3n)} read`, `${mappingSlot(pair, 3n)} write`]),
    )
  })

  test('behavior: gas_used and tx hashes equal a plain ethereumjs run of the signed txs', async () => {
    const g = await generated
    const { results } = await executed
    const common = await Chain.common(g.genesis.env)
    const vm = await createVM({ common, stateManager: await Genesis.toStateManager(g.genesis) })
    const env = g.genesis.env
    const header = {
      number: env.number,
      timestamp: env.timestamp,
      gasLimit: env.gasLimit,
      baseFeePerGas: 1_000_000_000n,
    }
    const block = createBlock(
      { header: { ...header, coinbase: createAddressFromString(env.coinbase) } },
      { common },
    )
    const keys = new Map(g.world.users.map((u) => [u.address, u.key]))
    let cumulative = 0n
    for (const t of g.txs) {
      const signed = createTx(Execute.txData(t), { common }).sign(keys.get(t.from)!)
      expect(bytesToHex(signed.hash())).toBe(t.hash)
      const r = await runTx(vm, { tx: signed, block, blockGasUsed: cumulative })
      expect(results[t.txIndex]!.gasUsed).toBe(r.receipt.cumulativeBlockGasUsed - cumulative)
      cumulative = r.receipt.cumulativeBlockGasUsed
    }
  })

  test('behavior: same options → identical genesis, txs and state root', async () => {
    const again = await Generate.block(small)
    const g = await generated
    expect(again.txs).toEqual(g.txs)
    // The world is memoized per (pools, users); deploy it again from scratch to compare.
    const fresh = await Setup.build({ pools: small.pools, users: small.users, cache: 'fresh' })
    expect(fresh).not.toBe(g.world)
    expect(fresh.genesis).toEqual(g.genesis)
    const a = await executed
    const b = await Execute.run(again.genesis, again.txs, { capture: 'accesses' })
    expect(b.stateRoot).toBe(a.stateRoot)
    expect(b.results).toEqual(a.results)
  })

  test('options: mix restricts the kinds drawn', async () => {
    const only = await Generate.block({ ...small, txs: 5, mix: Mix.parse('approve=1,eth=0') })
    expect(only.txs.map((t) => t.kind)).toEqual([
      'approve',
      'approve',
      'approve',
      'approve',
      'approve',
    ])
    const { results } = await Execute.run(only.genesis, only.txs)
    expect(results.map((r) => r.status)).toEqual(Array(5).fill('success'))
  })

  test('options: seed changes the block', async () => {
    const other = await Generate.block({ ...small, seed: 8 })
    expect(other.txs.map((t) => t.hash)).not.toEqual((await generated).txs.map((t) => t.hash))
  })

  test('error: out-of-range options are usage errors', async () => {
    await expect(Generate.block({ txs: 0 })).rejects.toThrow(
      'txs must be an integer in 1..=100000, got 0',
    )
    await expect(Generate.block({ pools: 0 })).rejects.toThrow(
      'pools must be an integer in 1..=64, got 0',
    )
    await expect(Generate.block({ skew: -1 })).rejects.toThrow(
      'skew must be a number in 0..=10, got -1',
    )
  })
})

describe('Contracts.calldata', () => {
  test("default: the selectors of every call the generator makes, from the contracts' own ABIs", () => {
    const c = Contracts.load()
    const a = '0x1111111111111111111111111111111111111111'
    const selector = (data: string) => data.slice(0, 10)
    // The well-known 4-byte selectors of these functions (keccak256 of the signature).
    expect(
      [
        Contracts.calldata(c.erc20, 'transfer', [a, 1n]),
        Contracts.calldata(c.erc20, 'approve', [a, 1n]),
        Contracts.calldata(c.weth9, 'deposit'),
        Contracts.calldata(c.weth9, 'withdraw', [1n]),
        Contracts.calldata(c.factory, 'createPair', [a, a]),
        Contracts.calldata(c.router02, 'addLiquidityETH', [a, 1n, 0n, 0n, a, 1n]),
        Contracts.calldata(c.router02, 'swapExactTokensForTokens', [1n, 0n, [a, a], a, 1n]),
        Contracts.calldata(c.router02, 'swapExactETHForTokens', [0n, [a, a], a, 1n]),
        Contracts.calldata(c.router02, 'swapExactTokensForETH', [1n, 0n, [a, a], a, 1n]),
      ].map(selector),
    ).toEqual([
      '0xa9059cbb',
      '0x095ea7b3',
      '0xd0e30db0',
      '0x2e1a7d4d',
      '0xc9c65396',
      '0xf305d719',
      '0x38ed1739',
      '0x7ff36ab5',
      '0x18cbafe5',
    ])
  })

  test('behavior: a dynamic address[] argument is encoded after the head words', () => {
    const path = [
      '0x1111111111111111111111111111111111111111',
      '0x2222222222222222222222222222222222222222',
    ] as const
    const data = Contracts.calldata(Contracts.load().router02, 'swapExactETHForTokens', [
      5n,
      path,
      path[0],
      9n,
    ])
    const word = (hex: string) => hex.padStart(64, '0')
    expect(data).toBe(
      [
        '0x7ff36ab5',
        word('5'),
        word((4 * 32).toString(16)), // offset of the array: after the four head words
        word(path[0].slice(2)),
        word('9'),
        word('2'),
        word(path[0].slice(2)),
        word(path[1].slice(2)),
      ].join(''),
    )
  })
})

describe('Mix.parse', () => {
  test('default: canonical order, round-trips through format', () => {
    const mix = Mix.parse('swap=35, erc20=30,eth=0')
    expect(mix).toEqual([
      { kind: 'erc20', weight: 30 },
      { kind: 'swap', weight: 35 },
      { kind: 'eth', weight: 0 },
    ])
    expect(Mix.format(mix)).toBe('erc20=30,swap=35,eth=0')
  })

  test('error: unknown kind, duplicate kind, all-zero weights', () => {
    expect(() => Mix.parse('nft=3')).toThrow('invalid --mix entry `nft=3`; expected kind=weight')
    expect(() => Mix.parse('eth=1,eth=2')).toThrow('kind `eth` is listed twice')
    expect(() => Mix.parse('eth=0')).toThrow('at least one weight must be positive')
  })
})

describe('Mix.zipf', () => {
  test('behavior: skew 0 is uniform; skew 1 is 1/k', () => {
    expect(Mix.zipf(3, 0)).toEqual([1, 2, 3])
    expect(Mix.zipf(3, 1)).toEqual([1, 1.5, 1.5 + 1 / 3])
  })
})

describe('Mix.sample', () => {
  test('behavior: draws follow the Zipf weights (rank 0 most popular)', () => {
    const rng = Rng.fromSeed(1)
    const counts = [0, 0, 0, 0]
    for (let i = 0; i < 4000; i++) counts[Mix.sample(Mix.zipf(4, 1), rng)]! += 1
    // Expected shares 1 : 1/2 : 1/3 : 1/4 of 4000/2.0833 = 1920, 960, 640, 480 (±10%).
    expect(counts.map((c, k) => Math.abs(c - 1920 / (k + 1)) < 192 / (k + 1))).toEqual([
      true,
      true,
      true,
      true,
    ])
  })
})
