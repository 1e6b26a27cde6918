import { createAddressFromString, createContractAddress2, hexToBytes } from '@ethereumjs/util'
import fc from 'fast-check'
import { afterAll, describe, expect, test } from 'vitest'
import * as Order from '../../primitives/Order.ts'
import * as Key from '../../trace/Key.ts'
import * as Transaction from '../../trace/Transaction.ts'
import * as Execute from '../Execute.ts'
import * as Generate from '../Generate.ts'
import type * as Genesis from '../Genesis.ts'
import * as Mix from '../Mix.ts'
import * as Setup from '../Setup.ts'
import * as BlockStm from './BlockStm.ts'
import * as BlockStmBase from './BlockStmBase.ts'
import * as BlockStmExec from './BlockStmExec.ts'
import type * as Mv from './BlockStmMemory.ts'
import * as BlockStmPool from './BlockStmPool.ts'

const pool = BlockStmPool.create({ size: 4 })
afterAll(() => pool.close())

/** Runs sequential once, then Block-STM at each thread count; every receipt and the root must match. */
async function expectSequential(
  genesis: Genesis.Genesis,
  txs: readonly Execute.Tx[],
  threads: readonly number[],
) {
  const sequential = await Execute.run(genesis, txs)
  const runs: BlockStm.Result[] = []
  for (const t of threads) {
    const run = await BlockStm.run(genesis, txs, { threads: t, pool, planner: false })
    expect(run.stateRoot).toBe(sequential.stateRoot)
    expect(run.postState).toEqual(sequential.postState)
    expect(run.totalGasUsed).toBe(sequential.totalGasUsed)
    expect(run.results.map(receipt)).toEqual(sequential.results.map(receipt))
    runs.push(run)
  }
  return { sequential, runs }
}

const receipt = (r: Execute.TxResult) =>
  `${r.txIndex} ${r.gasUsed} ${r.status} ${r.error} ${r.output}`

describe('plan', () => {
  test("behavior: too few transactions, too little gas limit (in all or per transaction), or one sender's chain run sequentially; one thread never", () => {
    const [a, b] = [keyOf(0), keyOf(1)]
    const big = (t: Execute.Tx) => ({ ...t, gasLimit: 3_000_000n })
    const chain = [0, 1, 2, 3].map((i) => big(tx(i, a, BigInt(i), hot)))
    expect(BlockStm.plan(chain.slice(0, 3), 2)).toMatch(/^3 transactions: fewer than 2 per thread/)
    expect(BlockStm.plan(chain, 2)).toMatch(
      /one sender's transactions hold 100% of the block's gas limit/,
    )
    expect(BlockStm.plan(chain, 1)).toBeNull()
    const c = keyOf(2)
    const mixed = [a, b, c, a, b, c].map((from, i) => tx(i, from, i < 3 ? 0n : 1n, hot))
    const two = (t: Execute.Tx) => ({ ...t, gasLimit: 2_000_000n })
    // 6 × 2 Mgas: enough for 2 threads (10 Mgas), not for 3 (15 Mgas).
    expect(BlockStm.plan(mixed.map(two), 2)).toBeNull()
    expect(BlockStm.plan(mixed.map(two), 3)).toMatch(
      /^12 Mgas of gas limit: less than 5 Mgas per thread/,
    )
    expect(BlockStm.plan(mixed, 2)).toMatch(/^0.6 Mgas of gas limit: less than 5 Mgas per thread/)
    // 600 transfers from 300 senders: 18 Mgas in all, 30,000 gas each on average.
    const transfers = Array.from({ length: 600 }, (_, i) => ({
      ...tx(i, keyOf(i % 300), BigInt(Math.floor(i / 300)), hot),
      gasLimit: 30_000n,
    }))
    expect(BlockStm.plan(transfers, 2)).toMatch(
      /^30000 gas of limit per transaction on average: less than 40000/,
    )
    expect(
      BlockStm.plan(
        transfers.map((t) => ({ ...t, gasLimit: 50_000n })),
        2,
      ),
    ).toBeNull()
  })
})

describe('run', () => {
  test('default: a low-contention generated block equals sequential at 1, 2 and 4 threads', async () => {
    const g = await Generate.block({ txs: 48, pools: 16, skew: 0, users: 64, seed: 5 })
    const { runs } = await expectSequential(g.genesis, g.txs, [1, 2, 4])
    expect(runs[0]?.stats).toMatchObject({
      threads: 1,
      executions: 48,
      aborts: 0,
      reexecutions: 0,
      fallback: null,
    })
  })

  test('behavior: a high-contention block (one pool, few senders) equals sequential', async () => {
    const g = await Generate.block({
      txs: 48,
      pools: 1,
      skew: 0,
      users: 4,
      seed: 9,
      mix: Mix.parse('swap=3,weth=1,erc20=1'),
    })
    const { runs } = await expectSequential(g.genesis, g.txs, [2, 4])
    for (const run of runs) expect(run.stats.fallback).toBeNull()
  })

  test("behavior: the ETH↔token swap block (every swap moves WETH's ETH balance) equals sequential at 1, 2 and 4 threads", async () => {
    // The benchmark's block (400 txs, 64 pools, 512 users) scaled down to set up quickly: swaps
    // through the router all credit or debit WETH's ETH balance.
    const g = await Generate.block({
      txs: 120,
      pools: 16,
      skew: 0,
      users: 64,
      seed: 42,
      mix: Mix.parse('swap=1'),
    })
    const { runs } = await expectSequential(g.genesis, g.txs, [1, 2, 4])
    for (const run of runs) expect(run.stats.fallback).toBeNull()
  })

  test("behavior: withdrawals and ETH-out swaps only check WETH's ETH balance covers them: no exact read, an addition", async () => {
    // Executed one by one on this thread against the pre-block state: what each tx reads and
    // writes of WETH's ETH balance. A withdrawal checks that WETH holds what it sends (and the
    // EVM that the debit leaves no negative balance); it never reads the exact value, so it
    // orders nothing against deposits and other withdrawals.
    const g = await Generate.block({
      txs: 60,
      pools: 4,
      skew: 0,
      users: 32,
      seed: 7,
      mix: Mix.parse('swap=1,weth=1'),
    })
    const executor = BlockStmExec.create()
    await BlockStmExec.handle(executor, {
      type: 'load',
      block: BlockStmBase.encode(g.genesis, g.txs),
    })
    const loaded = executor.loaded as BlockStmExec.Loaded
    const key = Key.balanceId(g.world.weth.toLowerCase())
    let debits = 0
    for (let i = 0; i < g.txs.length; i++) {
      const reply = await BlockStmExec.execute(loaded, i, 0)
      if (reply.type !== 'executed') throw new Error(`tx ${i}: ${reply.type}`)
      expect(reply.blocking).toBe(-1)
      const read = new Map(reply.reads).get(key)
      const write = new Map(reply.writes).get(key) as Mv.BalanceWrite | undefined
      if (read !== undefined) expect(read).toHaveProperty('atLeast')
      if (write === undefined) continue
      expect(write).toHaveProperty('add')
      if ('add' in write && write.add < 0n) {
        debits += 1
        expect(read).toEqual({ atLeast: -write.add })
      }
    }
    expect(debits).toBeGreaterThan(5)
  })

  test('property: generated blocks of any mix, contention and seed equal sequential at 2 and 4 threads', async () => {
    // Few users and pools make sender chains, hot pools, WETH's balance and the fee recipient
    // collide; which aborts happen depends on timing, so every case is a fresh interleaving.
    const weight = fc.integer({ min: 0, max: 3 })
    const mix = fc
      .tuple(weight, weight, weight, weight, weight, weight)
      .filter((w) => w.some((x) => x > 0))
      .map((w) => Mix.parse(Mix.kinds.map((k, i) => `${k}=${w[i]}`).join(',')))
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.nat(1_000_000),
          users: fc.integer({ min: 2, max: 24 }),
          pools: fc.integer({ min: 1, max: 8 }),
          mix,
          threads: fc.constantFrom(2, 4),
        }),
        async ({ threads, ...options }) => {
          const g = await Generate.block({ txs: 24, skew: 0, ...options })
          await expectSequential(g.genesis, g.txs, [threads])
        },
      ),
      { seed: 7928, numRuns: Number(process.env.FC_NUM_RUNS ?? 0) || 12 },
    )
  }, 120_000)

  test('behavior: a prepared block serves repeated runs; another block reloads the workers', async () => {
    const a = await Generate.block({ txs: 24, pools: 2, skew: 0, users: 6, seed: 11 })
    const b = await Generate.block({ txs: 24, pools: 2, skew: 0, users: 6, seed: 12 })
    await BlockStm.prepare(a.genesis, a.txs, { pool })
    await expectSequential(a.genesis, a.txs, [2, 2, 4])
    await expectSequential(b.genesis, b.txs, [2])
    await expectSequential(a.genesis, a.txs, [3])
  })

  test('behavior: hand-built hot-slot chains, reverts and value transfers equal sequential', async () => {
    await expectSequential(fixture.genesis, fixture.txs, [1, 2, 3])
  })

  test('behavior: a tx that reads the fee recipient sees every earlier fee credit: exact, no fallback', async () => {
    const txs = [...fixture.txs, tx(fixture.txs.length, keyOf(2), 6n, coinbaseReader)]
    const { runs } = await expectSequential(fixture.genesis, txs, [1, 2])
    for (const run of runs) expect(run.stats.fallback).toBeNull()
  })

  test('behavior: contract creations, a contract destroyed in its own tx and EOA payments stay on Block-STM', async () => {
    const [a, b, c] = [keyOf(0), keyOf(1), keyOf(2)]
    const txs = [
      // CREATE: init code stores 1 in slot 0 and returns no code.
      { ...tx(0, a, 0n, hot), to: null, data: '0x600160005500' },
      // CREATE whose init code self-destructs: created and deleted in one tx (EIP-6780 deletes it).
      { ...tx(1, b, 0n, hot), to: null, data: '0x33ff' },
      // Value to the same fresh recipient from three senders, then to a sender.
      tx(2, c, 0n, '0x7777777777777777777777777777777777777777', 10n ** 15n),
      tx(3, a, 1n, '0x7777777777777777777777777777777777777777', 10n ** 15n),
      tx(4, b, 1n, '0x7777777777777777777777777777777777777777', 10n ** 15n),
      tx(5, c, 1n, a, 10n ** 15n),
    ]
    const { runs } = await expectSequential(fixture.genesis, txs, [1, 2, 4])
    for (const run of runs) expect(run.stats.fallback).toBeNull()
  })

  test('behavior: deleting a contract that existed before its tx (pre-block storage included) is exact, no fallback', async () => {
    // Before Cancun, SELFDESTRUCT deletes any contract: its code goes, its pre-block slot becomes
    // zero; a later tx pays the emptied address, and a call to it finds no code.
    const genesis = shanghai()
    const txs = [
      tx(0, keyOf(0), 0n, hot),
      tx(1, keyOf(1), 0n, killer),
      tx(2, keyOf(2), 0n, killer, 10n ** 15n),
      tx(3, keyOf(3), 0n, hot),
      tx(4, keyOf(0), 1n, killer),
    ]
    const { sequential, runs } = await expectSequential(genesis, txs, [1, 2, 4])
    for (const run of runs) expect(run.stats.fallback).toBeNull()
    const after = sequential.postState.accounts.find((a) => a.address === killer)
    expect(after).toMatchObject({ balance: 10n ** 15n, nonce: 0n, code: '0x', storage: [] })
  })

  test('behavior: a contract deleted then re-created by CREATE2 at its address (pre-block storage zeroed) is exact, no fallback', async () => {
    // The factory deploys `CALLER SELFDESTRUCT` with CREATE2 (salt 0); the copy at that address
    // exists before the block with a storage slot. Deleted by tx 1, re-created by tx 2 (CREATE
    // clears storage the deletion already zeroed), deleted and re-created again by txs 3 and 4.
    const init = '6133ff6000526002601ef3' // PUSH2 0x33ff PUSH1 0 MSTORE PUSH1 2 PUSH1 30 RETURN
    const factory = '0x9999999999999999999999999999999999999999'
    const target = createContractAddress2(
      createAddressFromString(factory),
      new Uint8Array(32),
      hexToBytes(`0x${init}`),
    ).toString()
    const copy = {
      address: target,
      balance: 0n,
      nonce: 1n,
      code: '0x33ff',
      storage: [{ slot: word(1), value: word(3) }],
    }
    // PUSH11 init PUSH1 0 MSTORE, CREATE2(value 0, offset 21, size 11, salt 0) STOP
    const deployer = `0x6a${init}6000526000600b60156000f500`
    const genesis = shanghai(copy, {
      address: factory,
      balance: 0n,
      nonce: 1n,
      code: deployer,
      storage: [],
    })
    const create = (i: number, from: string, nonce: bigint) => ({
      ...tx(i, from, nonce, factory),
      gasLimit: 200_000n,
    })
    const txs = [
      tx(0, keyOf(0), 0n, hot),
      tx(1, keyOf(1), 0n, target),
      create(2, keyOf(2), 0n),
      tx(3, keyOf(3), 0n, target),
      create(4, keyOf(0), 1n),
      tx(5, keyOf(1), 1n, hot),
    ]
    const { sequential, runs } = await expectSequential(genesis, txs, [1, 2, 4])
    for (const run of runs) expect(run.stats.fallback).toBeNull()
    const after = sequential.postState.accounts.find((a) => a.address === target)
    expect(after).toMatchObject({ nonce: 1n, code: '0x33ff', storage: [] })
    // Each CREATE2 made the contract: no collision, no revert.
    expect(sequential.results.map((r) => r.status)).toEqual(txs.map(() => 'success'))
  })

  test('behavior: deleting a contract whose storage an earlier tx wrote falls back to sequential, still exact', async () => {
    const genesis = shanghai()
    const txs = [stores(0, keyOf(0), 0n), tx(1, keyOf(1), 0n, killer), tx(2, keyOf(2), 0n, hot)]
    const { runs } = await expectSequential(genesis, txs, [1, 2])
    for (const run of runs) expect(run.stats.fallback).toMatch(/deleted \(SELFDESTRUCT\)/)
  })

  test('behavior: the first unsupported execution stops the run at once; the pool then runs the next block exactly', async () => {
    const genesis = shanghai()
    // The contract is written by tx 0 and deleted by tx 1 of 26: one thread executes in order,
    // so it stops after two.
    const longer = thenFixture([stores(0, keyOf(2), 0n), tx(1, keyOf(3), 0n, killer)])
    const { runs } = await expectSequential(genesis, longer, [1, 2, 4])
    expect(runs[0]?.stats.executions).toBe(2)
    for (const run of runs) expect(run.stats.fallback).toMatch(/deleted \(SELFDESTRUCT\)/)
    // Remote tasks of the abandoned runs are skipped or dropped: the same pool stays exact.
    await expectSequential(fixture.genesis, fixture.txs, [2, 4])
  })

  test('behavior: calls that each update one counter wait behind the previous call once they abort, instead of aborting on', async () => {
    // 40 senders each call a contract that increments slot 7, then spins for 2,000 loops: each
    // call run beside the previous one reads a stale counter. Once 4 pairs of consecutive calls
    // (and half of those counted) wrote the same word, a call waits for the previous one.
    const counter = '0x7777777777777777777777777777777777777777'
    // PUSH1 7 SLOAD PUSH1 1 ADD PUSH1 7 SSTORE PUSH2 2000 JUMPDEST PUSH1 1 SWAP1 SUB DUP1 PUSH1 12 JUMPI STOP
    const code = '0x6007546001016007556107d05b600190038060' + '0c5700'
    const { senders, genesis } = fortySenders(100, {
      address: counter,
      balance: 0n,
      nonce: 1n,
      code,
      storage: [],
    })
    const txs = senders.map((from, i) => ({ ...tx(i, from, 0n, counter), gasLimit: 200_000n }))
    const { runs } = await expectSequential(genesis, txs, [2, 2, 2])
    for (const run of runs) {
      expect(run.stats.fallback).toBeNull()
      // Without the waits 33–37 of the 40 calls aborted (4 runs, 2 of them beside a busy
      // process); with them 4–12 (the first calls of the chain, before it counts as contended).
      expect(run.stats.aborts).toBeLessThan(20)
    }
  })

  test('behavior: calls to one contract that update different words are not parked, even when some pairs conflict', async () => {
    // Each call increments the slot its calldata names, then spins. Calls 0–1, 2–3 and 4–5 share
    // a slot (3 chained pairs, fewer than 4); the other 34 calls each have their own. No sender
    // sends twice, and the fee recipient has a nonce (no emptiness check waits on its credits),
    // so any dependency wait would be the recipient rule parking a call.
    const bumper = '0x7878787878787878787878787878787878787878'
    // PUSH1 0 CALLDATALOAD DUP1 SLOAD PUSH1 1 ADD SWAP1 SSTORE PUSH2 2000 JUMPDEST PUSH1 1 SWAP1 SUB DUP1 PUSH1 13 JUMPI STOP
    const code = '0x60003580546001019055' + '6107d05b600190038060' + '0d5700'
    const { senders, genesis } = fortySenders(
      200,
      { address: bumper, balance: 0n, nonce: 1n, code, storage: [] },
      { address: Setup.env.coinbase, balance: 0n, nonce: 1n, code: '0x', storage: [] },
    )
    const txs = senders.map((from, i) => ({
      ...tx(i, from, 0n, bumper),
      gasLimit: 200_000n,
      data: word(i < 6 ? 1 + Math.floor(i / 2) : 100 + i),
    }))
    const { runs } = await expectSequential(genesis, txs, [2, 2, 2])
    for (const run of runs) expect(run.stats.dependencyWaits).toBe(0)
  })

  test('error: an invalid transaction (nonce gap) fails like sequential does', async () => {
    const txs = [tx(0, keyOf(0), 0n, hot), tx(1, keyOf(0), 5n, hot)]
    await expect(Execute.run(fixture.genesis, txs)).rejects.toThrow(
      /transaction 1 \(test\) is invalid/,
    )
    await expect(BlockStm.run(fixture.genesis, txs, { threads: 2, pool })).rejects.toThrow(
      /transaction 1 \(test\) is invalid/,
    )
    // The pool stays usable: the next runs (fresh leader memory, remotes reset) are exact again.
    await expectSequential(fixture.genesis, fixture.txs, [4, 2])
  })

  test('error: the watchdog fails a run whose remote is slower than the deadline; the next run is exact', async () => {
    // Tx 1 spins until it runs out of 3 Mgas (tens of ms). The leader takes tx 0 (the lowest)
    // and hands the remote the next ones, tx 1 first; sender 0's later txs are parked behind tx 1,
    // so the leader runs out of work of its own while the remote is still busy, whatever the
    // timing; 0.01 ms later the watchdog fires.
    const spinner = '0x9191919191919191919191919191919191919191'
    // JUMPDEST PUSH1 0 JUMP
    const loop = { address: spinner, balance: 0n, nonce: 1n, code: '0x5b600056', storage: [] }
    const genesis = withAccounts(fixture.genesis, loop)
    const spin = { ...tx(1, keyOf(0), 0n, spinner), gasLimit: 3_000_000n }
    const txs = thenFixture([tx(0, keyOf(1), 0n, hot), spin])
    const options = { threads: 2, pool, deadlineMs: 0.01, planner: false }
    await expect(BlockStm.run(genesis, txs, options)).rejects.toThrow(
      /evm block-stm made no progress for 0.01 ms: execution_idx=/,
    )
    // The remote's late replies to the failed run carry its epoch and are dropped.
    await expectSequential(genesis, txs, [2, 4])
  })

  test('error: more threads than the pool has is a RangeError, not a silent clamp', async () => {
    await expect(BlockStm.run(fixture.genesis, fixture.txs, { threads: 5, pool })).rejects.toThrow(
      RangeError,
    )
  })

  test('error: closing a pool rejects a run still in flight instead of leaving it pending', async () => {
    const small = BlockStmPool.create({ size: 2 })
    await BlockStm.prepare(fixture.genesis, fixture.txs, { pool: small })
    const options = { threads: 2, pool: small, planner: false }
    const running = BlockStm.run(fixture.genesis, fixture.txs, options)
    const rejected = expect(running).rejects.toThrow(/pool was closed with requests pending/)
    await new Promise((resolve) => setImmediate(resolve)) // the run request is now posted
    await small.close()
    await rejected
  })

  test('behavior: the sequential baseline on a worker equals Execute.run on this thread, run after run', async () => {
    // The worker parses the pre-state once and reverts to it per run: a run must not leak into the next.
    const here = await Execute.run(fixture.genesis, fixture.txs)
    for (let run = 0; run < 3; run++) {
      const there = await BlockStm.sequential(fixture.genesis, fixture.txs, { pool })
      expect(there.stateRoot).toBe(here.stateRoot)
      expect(there.postState).toEqual(here.postState)
      expect(there.results.map(receipt)).toEqual(here.results.map(receipt))
    }
  })
})

const word = (n: number) => `0x${n.toString(16).padStart(64, '0')}`
const keyOf = (i: number) => Setup.addressOf(Setup.keyOf(11, i))
const hot = '0x2222222222222222222222222222222222222222'
const reverter = '0x5555555555555555555555555555555555555555'
const coinbaseReader = '0x6666666666666666666666666666666666666666'
const killer = '0x8888888888888888888888888888888888888888'

const byAddress = Order.by((a: Genesis.Account) => a.address, Order.strings)

/** `genesis` with `extra` accounts, in address order. */
function withAccounts(genesis: Genesis.Genesis, ...extra: Genesis.Account[]): Genesis.Genesis {
  return { ...genesis, accounts: [...genesis.accounts, ...extra].sort(byAddress) }
}

/** The fixture's pre-state plus `accounts` and 40 funded senders (keys from `first` on). */
function fortySenders(first: number, ...accounts: Genesis.Account[]) {
  const senders = Array.from({ length: 40 }, (_, i) => keyOf(first + i))
  const funded = senders.map((address) => ({
    address,
    balance: 10n ** 18n,
    nonce: 0n,
    code: '0x',
    storage: [],
  }))
  return { senders, genesis: withAccounts(fixture.genesis, ...accounts, ...funded) }
}

/** The fixture's pre-state before Cancun (SELFDESTRUCT deletes any contract), plus `extra`. */
function shanghai(...extra: Genesis.Account[]): Genesis.Genesis {
  const env = { ...fixture.genesis.env, hardfork: 'shanghai' }
  return withAccounts({ ...fixture.genesis, env }, ...extra)
}

/** `first` (one tx per sender), then the fixture's txs renumbered, those senders' nonces one up. */
function thenFixture(first: readonly Execute.Tx[]): Execute.Tx[] {
  const senders = new Set(first.map((t) => t.from))
  const rest = fixture.txs.map((t, i) => {
    const nonce = senders.has(t.from) ? t.nonce + 1n : t.nonce
    return tx(first.length + i, t.from, nonce, t.to ?? hot, t.value)
  })
  return [...first, ...rest]
}

/** A call that makes the killer contract write its slot 0 (any calldata does). */
function stores(txIndex: number, from: string, nonce: bigint): Execute.Tx {
  return { ...tx(txIndex, from, nonce, killer), data: '0x01' }
}

function tx(txIndex: number, from: string, nonce: bigint, to: string, value = 0n): Execute.Tx {
  return {
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
  }
}

/** Four senders; every tx increments one hot slot, some revert, some move ETH between senders. */
const fixture = (() => {
  const senders = [0, 1, 2, 3].map(keyOf)
  const genesis: Genesis.Genesis = {
    env: Setup.env,
    accounts: [
      ...senders.map((address) => ({
        address,
        balance: 10n ** 21n,
        nonce: 0n,
        code: '0x',
        storage: [],
      })),
      // PUSH1 7 SLOAD PUSH1 1 ADD PUSH1 7 SSTORE STOP
      {
        address: hot,
        balance: 0n,
        nonce: 1n,
        code: '0x6007546001016007' + '5500',
        storage: [{ slot: word(7), value: word(41) }],
      },
      // PUSH1 1 PUSH1 7 SSTORE PUSH1 0 PUSH1 0 REVERT
      { address: reverter, balance: 0n, nonce: 1n, code: '0x600160075560006000fd', storage: [] },
      // COINBASE BALANCE PUSH1 0 SSTORE STOP
      { address: coinbaseReader, balance: 0n, nonce: 1n, code: '0x413160005500', storage: [] },
      // With calldata: PUSH1 1 PUSH1 0 SSTORE STOP; without: CALLER SELFDESTRUCT (a contract
      // with pre-block storage, so deleting it wipes state).
      {
        address: killer,
        balance: 5n,
        nonce: 1n,
        code: '0x3660065733ff5b600160005500',
        storage: [{ slot: word(1), value: word(3) }],
      },
    ].sort(byAddress),
  }
  const nonces = [0n, 0n, 0n, 0n]
  const txs: Execute.Tx[] = []
  for (let i = 0; i < 24; i++) {
    const s = i % 4
    const to = i % 5 === 0 ? reverter : i % 7 === 0 ? (senders[(s + 1) % 4] as string) : hot
    txs.push(tx(i, senders[s] as string, nonces[s] as bigint, to, i % 7 === 0 ? 10n ** 15n : 0n))
    nonces[s] = (nonces[s] as bigint) + 1n
  }
  return { genesis, txs }
})()
