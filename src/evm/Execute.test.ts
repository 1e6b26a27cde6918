import { createBlock } from '@ethereumjs/block'
import { createTx } from '@ethereumjs/tx'
import { createAddressFromString } from '@ethereumjs/util'
import { createVM, runTx } from '@ethereumjs/vm'
import { describe, expect, test } from 'vitest'
import type * as TracePack from '../trace/TracePack.ts'
import * as Transaction from '../trace/Transaction.ts'
import * as Chain from './Chain.ts'
import * as Execute from './Execute.ts'
import * as Genesis from './Genesis.ts'
import * as Setup from './Setup.ts'

// Hand-written fixtures of the original smoke bridge (docs/original-lab.md §9.2).
const hotSlot = (s: number) => `0x60${hex(s)}5460010160${hex(s)}5500` // PUSH1 s SLOAD PUSH1 1 ADD PUSH1 s SSTORE STOP
const writeSlot = (s: number) => `0x600160${hex(s)}5500` // PUSH1 1 PUSH1 s SSTORE STOP
const selfBalance = '0x4760005500' // SELFBALANCE PUSH1 0 SSTORE STOP
const hex = (n: number) => n.toString(16).padStart(2, '0')
const word = (n: number) => `0x${n.toString(16).padStart(64, '0')}`

const keyA = Setup.keyOf(9, 0)
const keyB = Setup.keyOf(9, 1)
const callerA = Setup.addressOf(keyA)
const callerB = Setup.addressOf(keyB)
const hot = '0x2222222222222222222222222222222222222222'
const write = '0x3333333333333333333333333333333333333333'
const selfBal = '0x4444444444444444444444444444444444444444'
const coinbase = Setup.env.coinbase

const genesis: Genesis.Genesis = {
  env: Setup.env,
  accounts: [
    { address: callerA, balance: 10n ** 21n, nonce: 0n, code: '0x', storage: [] },
    { address: callerB, balance: 10n ** 21n, nonce: 0n, code: '0x', storage: [] },
    {
      address: hot,
      balance: 0n,
      nonce: 1n,
      code: hotSlot(7),
      storage: [{ slot: word(7), value: word(41) }],
    },
    { address: write, balance: 0n, nonce: 1n, code: writeSlot(8), storage: [] },
    { address: selfBal, balance: 5n, nonce: 1n, code: selfBalance, storage: [] },
  ].sort((a, b) => (a.address < b.address ? -1 : 1)),
}

const tx = (txIndex: number, from: string, nonce: bigint, to: string, value = 0n): Execute.Tx => ({
  kind: 'test',
  ...Transaction.eip1559({
    txIndex,
    hash: word(txIndex),
    from,
    to,
    value,
    nonce,
    gasLimit: 100_000n,
    maxFeePerGas: 3_000_000_000n,
    maxPriorityFeePerGas: 1_000_000_000n,
    data: '0x',
    chainId: 1n,
  }),
})

const txs = [
  tx(0, callerA, 0n, hot),
  tx(1, callerB, 0n, write),
  tx(2, callerA, 1n, hot),
  tx(3, callerB, 1n, selfBal, 9n),
]

const storage = (accesses: readonly TracePack.Access[] | null) =>
  (accesses ?? [])
    .filter((a) => a.slot !== null)
    .map((a) => `${a.address} ${a.slot} ${a.kind} ${a.op} pc=${a.pc} depth=${a.depth}`)
const account = (accesses: readonly TracePack.Access[] | null) =>
  (accesses ?? []).filter((a) => a.slot === null).map((a) => `${a.address} ${a.kind} ${a.op}`)

describe('run', () => {
  test('default: HotSlot reads then writes its slot; WriteSlot only writes', async () => {
    const { results } = await Execute.run(genesis, txs, { capture: 'accesses' })
    expect(results.map((r) => r.status)).toEqual(['success', 'success', 'success', 'success'])
    expect(storage(results[0]!.accesses)).toEqual([
      `${hot} ${word(7)} read SLOAD pc=2 depth=1`,
      `${hot} ${word(7)} write SSTORE pc=8 depth=1`,
    ])
    expect(storage(results[1]!.accesses)).toEqual([`${write} ${word(8)} write SSTORE pc=4 depth=1`])
    expect(storage(results[2]!.accesses)).toEqual(storage(results[0]!.accesses))
  })

  test('behavior: account fields — sender balance+nonce, fee credit, code load, value transfer, SELFBALANCE', async () => {
    const { results } = await Execute.run(genesis, txs, { capture: 'accesses' })
    expect(account(results[0]!.accesses)).toEqual([
      `${hot} read CODE`,
      `${callerA} read_write BALANCE`,
      `${callerA} read_write NONCE`,
      `${coinbase} write FEE_CREDIT`,
    ])
    expect(account(results[3]!.accesses)).toEqual([
      `${selfBal} read CODE`,
      `${selfBal} read BALANCE`,
      `${callerB} read_write BALANCE`,
      `${callerB} read_write NONCE`,
      `${selfBal} read_write BALANCE`,
      `${coinbase} write FEE_CREDIT`,
    ])
  })

  test('behavior: state carries across txs and the post-state is exact', async () => {
    const { postState, totalGasUsed, results } = await Execute.run(genesis, txs)
    const slots = (address: string) =>
      postState.accounts.find((a) => a.address === address)?.storage
    expect(slots(hot)).toEqual([{ slot: word(7), value: word(43) }])
    expect(slots(write)).toEqual([{ slot: word(8), value: word(1) }])
    expect(slots(selfBal)).toEqual([{ slot: word(0), value: word(14) }])
    expect(results.every((r) => r.accesses === null)).toBe(true)
    expect(totalGasUsed).toBe(results.reduce((sum, r) => sum + r.gasUsed, 0n))
  })

  test('behavior: transactions built once serve repeated runs with the same outcome', async () => {
    const common = await Chain.common(genesis.env)
    const built = txs.map((t) => Execute.buildTx(t, common))
    const fresh = await Execute.run(genesis, txs)
    for (let i = 0; i < 2; i++) {
      const again = await Execute.run(genesis, txs, { built })
      expect(again.results).toEqual(fresh.results)
      expect(again.postState).toEqual(fresh.postState)
      expect(again.stateRoot).toBe(fresh.stateRoot)
    }
    await expect(Execute.run(genesis, txs, { built: built.slice(1) })).rejects.toThrow(
      'run got 3 built transactions for 4',
    )
  })

  test('behavior: gas_used equals the receipt of an independently signed, recovered run', async () => {
    const mine = await Execute.run(genesis, txs, { capture: 'accesses' })
    const common = await Chain.common(genesis.env)
    const vm = await createVM({ common, stateManager: await Genesis.toStateManager(genesis) })
    const block = createBlock(
      {
        header: {
          number: 1n,
          timestamp: Setup.env.timestamp,
          coinbase: createAddressFromString(coinbase),
          gasLimit: Setup.env.gasLimit,
          baseFeePerGas: 1_000_000_000n,
        },
      },
      { common },
    )
    const receipts: bigint[] = []
    let cumulative = 0n
    for (const t of txs) {
      const signed = createTx(Execute.txData(t), { common }).sign(t.from === callerA ? keyA : keyB)
      const r = await runTx(vm, { tx: signed, block, blockGasUsed: cumulative })
      receipts.push(r.receipt.cumulativeBlockGasUsed - cumulative)
      cumulative = r.receipt.cumulativeBlockGasUsed
    }
    expect(mine.results.map((r) => r.gasUsed)).toEqual(receipts)
    // 21000 intrinsic + SLOAD/SSTORE costs: a hand check that the numbers are EVM gas, not noise.
    expect(receipts[1]).toBe(21_000n + 3n + 3n + 22_100n)
  })

  test('behavior: the state root is the Merkle root of the post-state and is stable', async () => {
    const a = await Execute.run(genesis, txs)
    const b = await Execute.run(genesis, txs, { capture: 'accesses' })
    expect(a.stateRoot).toMatch(/^0x[0-9a-f]{64}$/)
    expect(b.stateRoot).toBe(a.stateRoot)
    expect(await Genesis.stateRoot(a.postState)).toBe(a.stateRoot)
    const genesisRoot = await Genesis.stateRoot(genesis)
    expect(a.stateRoot).not.toBe(genesisRoot)
  })

  test('behavior: a revert is an outcome, not an exception', async () => {
    const reverter = '0x5555555555555555555555555555555555555555'
    const g: Genesis.Genesis = {
      ...genesis,
      accounts: [
        ...genesis.accounts,
        { address: reverter, balance: 0n, nonce: 1n, code: '0x600160075560006000fd', storage: [] },
      ],
    }
    const { results, postState } = await Execute.run(g, [tx(0, callerA, 0n, reverter)], {
      capture: 'accesses',
    })
    expect(results[0]!.status).toBe('revert')
    expect(results[0]!.gasUsed > 21_000n).toBe(true)
    expect(storage(results[0]!.accesses)).toEqual([
      `${reverter} ${word(7)} write SSTORE pc=4 depth=1`,
    ])
    expect(postState.accounts.find((a) => a.address === reverter)?.storage).toEqual([])
  })

  test('error: an invalid transaction (nonce gap) names the tx', async () => {
    await expect(Execute.run(genesis, [tx(0, callerA, 5n, hot)])).rejects.toThrow(
      /transaction 0 \(test\) is invalid/,
    )
  })
})
