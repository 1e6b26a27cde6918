/**
 * Test helper: a block on anvil that exercises what a replay pack must get right, built from tiny
 * hand-written contracts: storage written twice in the block (the pre-state must hold the value
 * before the first write), value transfers (one to a fresh address), a reverted call, BLOCKHASH
 * of a recent block that is not the parent, a contract created in the block whose constructor
 * writes storage and which a later transaction of the block calls, and a CREATE inside a call;
 * then a block whose gas depends on the hardfork (EIP-7623's calldata floor).
 */
import { getContractAddress } from 'viem'
import { call, send } from './anvil.ts'

/** Runtime: `sstore(0, calldata[0:32]); sstore(1, sload(1) + 1)`. */
const COUNTER = '600035600055' + '600154600101600155' + '00'
/** Runtime: `sstore(2, 1); revert(0, 0)`. */
const REVERTER = '6001600255' + '60006000fd'
/** Runtime: `sstore(0, blockhash(calldata[0:32]))`. */
const HASHER = '600035' + '40' + '600055' + '00'
/** Runtime: `sstore(0, create(0, calldata))`: deploys the init code it is called with. */
const FACTORY = '366000600037' + '3660006000f0' + '600055' + '00'

/** Init code running `prelude` (hex: the constructor body) and then returning `runtime`. */
export function initCode(runtime: string, prelude = ''): `0x${string}` {
  const byte = (n: number) => n.toString(16).padStart(2, '0')
  const length = runtime.length / 2
  const offset = prelude.length / 2 + 12
  const copy = `60${byte(length)}60${byte(offset)}600039` + `60${byte(length)}6000f3`
  return `0x${prelude}${copy}${runtime}`
}

/** What the scenario built. */
export type ReplayScenario = {
  readonly accounts: readonly string[]
  readonly counter: string
  readonly reverter: string
  readonly hasher: string
  readonly factory: string
  /** Created by the first of its two transactions in `block` (constructor: `sstore(1, 5)`). */
  readonly created: string
  /** A fresh address that receives value in `block`. */
  readonly fresh: string
  /** The block holding every case. */
  readonly block: number
  /** The block whose hash the hasher asks for (`block - 3`). */
  readonly asked: number
  /** The reverted call's transaction hash. */
  readonly reverted: string
  /**
   * `block + 1`: one transfer with 1000 bytes of calldata, priced by EIP-7623's calldata floor
   * (Prague on), so it costs more gas than under Cancun's rules.
   */
  readonly floored: number
}

/** Deploys the contracts (automine), mines empty blocks, then mines the scenario in one block. */
export async function buildReplayScenario(url: string): Promise<ReplayScenario> {
  const accounts = (await call(url, 'eth_accounts', [])) as string[]
  const [a0, a1, a2, a3, a4, a5] = accounts as [string, string, string, string, string, string]
  const deploy = async (runtime: string) =>
    (await send(url, { from: a0, data: initCode(runtime) })).contractAddress as string
  const counter = await deploy(COUNTER)
  const reverter = await deploy(REVERTER)
  const hasher = await deploy(HASHER)
  const factory = await deploy(FACTORY)
  await send(url, { from: a1, to: counter, data: word(0x42n) })
  for (let i = 0; i < 4; i++) await call(url, 'evm_mine', [])
  const block = Number(await call(url, 'eth_blockNumber', [])) + 1
  const asked = block - 3
  const nonce = Number(await call(url, 'eth_getTransactionCount', [a4, 'latest']))
  const created = getContractAddress({ from: a4 as `0x${string}`, nonce: BigInt(nonce) })
  const fresh = '0x00000000000000000000000000000000000fee01'
  const gas = '0x100000'
  await call(url, 'evm_setAutomine', [false])
  const sendRaw = (tx: Record<string, string>) =>
    call(url, 'eth_sendTransaction', [{ gas, ...tx }]) as Promise<string>
  await sendRaw({ from: a0, to: counter, data: word(0x11n) })
  await sendRaw({ from: a0, to: counter, data: word(0x22n) })
  await sendRaw({ from: a1, to: a2, value: '0xde0b6b3a7640000' })
  await sendRaw({ from: a1, to: fresh, value: '0x1234' })
  const reverted = await sendRaw({ from: a2, to: reverter })
  await sendRaw({ from: a3, to: hasher, data: word(BigInt(asked)) })
  await sendRaw({ from: a4, data: initCode(COUNTER, '6005600155') })
  await sendRaw({ from: a4, to: created, data: word(0x33n) })
  await sendRaw({ from: a5, to: factory, data: initCode(COUNTER) })
  await call(url, 'evm_mine', [])
  await call(url, 'evm_setAutomine', [true])
  const mined = Number(await call(url, 'eth_blockNumber', []))
  if (mined !== block) throw new Error(`scenario block is ${mined}, expected ${block}`)
  await send(url, { from: a1, to: a2, data: `0x${'ff'.repeat(1000)}`, gas: '0x20000' })
  return {
    accounts,
    counter,
    reverter,
    hasher,
    factory,
    created: created.toLowerCase(),
    fresh,
    block,
    asked,
    reverted,
    floored: block + 1,
  }
}

/** A 32-byte calldata word. */
function word(value: bigint): string {
  return `0x${value.toString(16).padStart(64, '0')}`
}
