import { describe, expect, test } from 'vitest'
import * as Bal from '../trace/Bal.ts'
import * as BalBuild from './BalBuild.ts'
import * as BalCodec from './BalCodec.ts'
import * as BalRecord from './BalRecord.ts'
import * as Build from './Build.ts'
import * as Contracts from './Contracts.ts'
import * as Execute from './Execute.ts'
import * as Generate from './Generate.ts'
import * as Mix from './Mix.ts'

/**
 * The lab builds a block's access list from the state (`BalRecord`); ethereumjs records its own
 * while its block builder seals the block, by the EIP-7928 rules spread through its EVM. Both
 * must agree to the byte: same hash as the header's `blockAccessListHash`, same entries.
 */
const ZERO = `0x${'0'.repeat(64)}`

async function labAndEthereumjs(generated: Generate.Generated) {
  const parts: Bal.Part[] = []
  const result = await Execute.run(generated.genesis, generated.txs, {
    stateRoot: 'skip',
    instrument: BalRecord.into(parts),
  })
  const sealed = await Build.seal(generated)
  const { bal } = BalBuild.ofGenerated(generated.genesis, parts, {
    parentHash: sealed.parentHash,
    parentBeaconBlockRoot: ZERO,
    withdrawals: null,
  })
  return { bal, sealed, result }
}

const base = { txs: 40, users: 12, pools: 3, hardfork: 'amsterdam' } as const

describe('BalRecord on generated Amsterdam blocks', () => {
  test.each([
    { seed: 1, mix: 'erc20=30,weth=15,swap=35,eth=15,approve=5' },
    { seed: 2, mix: 'token-swap=60,eth=20,weth=20' },
    { seed: 3, mix: 'swap=70,approve=30' },
    { seed: 4, mix: 'eth=50,weth=50' },
  ])(
    'behavior: seed $seed, mix $mix: the lab BAL has the header hash ethereumjs computed',
    async ({ seed, mix }) => {
      const generated = await Generate.block({ ...base, seed, mix: Mix.parse(mix) })
      const { bal, sealed, result } = await labAndEthereumjs(generated)
      expect(sealed.blockAccessListHash).toMatch(/^0x[0-9a-f]{64}$/)
      expect(BalCodec.hash(bal)).toBe(sealed.blockAccessListHash)
      expect(bal).toEqual(sealed.bal)
      expect(result.results.map((r) => r.gasUsed)).toEqual(sealed.gasUsed)
      expect(Bal.maxIndex(bal)).toBe(generated.txs.length)
    },
  )

  test('behavior: failing transactions (out of gas mid-call) give the same BAL: reverted writes are reads', async () => {
    const generated = await Generate.block({ ...base, seed: 5 })
    const starved = {
      ...generated,
      txs: generated.txs.map((t, i) =>
        i % 2 === 1 && t.kind !== 'eth' ? { ...t, gasLimit: (t.gasLimit * 2n) / 9n } : t,
      ),
    }
    const { bal, sealed, result } = await labAndEthereumjs(starved)
    expect(result.results.filter((r) => r.status !== 'success').length).toBeGreaterThan(3)
    expect(BalCodec.hash(bal)).toBe(sealed.blockAccessListHash)
    expect(bal).toEqual(sealed.bal)
  })

  test('behavior: contract creations (code changes) give the same BAL', async () => {
    const generated = await Generate.block({ ...base, txs: 12, seed: 6 })
    const user = generated.world.users[0]!
    const nonce = generated.txs.filter((t) => t.from === user.address).length
    const create = (i: number, data: string, value: bigint): Execute.Tx => ({
      ...generated.txs[0]!,
      kind: 'create',
      txIndex: generated.txs.length + i,
      from: user.address,
      to: null,
      nonce:
        BigInt(nonce + i) +
        (generated.genesis.accounts.find((a) => a.address === user.address)?.nonce ?? 0n),
      value,
      gasLimit: 6_000_000n,
      data,
    })
    const erc20 = Contracts.deployment(Contracts.load().erc20, [10n ** 24n])
    // CALLER SELFDESTRUCT: created and destroyed in one transaction, with value.
    const withTwo = {
      ...generated,
      txs: [...generated.txs, create(0, erc20, 0n), create(1, '0x33ff', 5n)],
    }
    const { bal, sealed, result } = await labAndEthereumjs(withTwo)
    expect(result.results.slice(-2).map((r) => r.status)).toEqual(['success', 'success'])
    expect(bal.some((a) => a.codeChanges.length > 0)).toBe(true)
    expect(BalCodec.hash(bal)).toBe(sealed.blockAccessListHash)
    expect(bal).toEqual(sealed.bal)
  })
})
