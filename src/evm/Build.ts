import { createBlock } from '@ethereumjs/block'
import { createTx } from '@ethereumjs/tx'
import { bytesToHex, createAddressFromString, hexToBytes } from '@ethereumjs/util'
import { buildBlock, createVM } from '@ethereumjs/vm'
import { BaseError } from '../primitives/Errors.ts'
import type * as Json from '../primitives/Json.ts'
import type * as Bal from '../trace/Bal.ts'
import * as BalCodec from './BalCodec.ts'
import * as Chain from './Chain.ts'
import * as Execute from './Execute.ts'
import type * as Generate from './Generate.ts'
import * as Genesis from './Genesis.ts'

/**
 * Seals a generated block with ethereumjs's own block builder (`buildBlock`): every transaction
 * signed with its sender's key, the system calls and every header root computed by ethereumjs,
 * and from Amsterdam on the header's `blockAccessListHash`: the hash of the access list
 * ethereumjs recorded while building. The lab's own BAL of the block (`BalRecord`) must have
 * exactly that hash.
 */
export type Sealed = {
  /** The block as `eth_getBlockByNumber(n, true)` would return it (hex quantities). */
  readonly block: Json.Value
  readonly hash: string
  readonly parentHash: string
  /** The root the system call of EIP-4788 stores (zero: the generator has no beacon chain). */
  readonly parentBeaconBlockRoot: string | null
  /** The header's BAL hash (null before Amsterdam). */
  readonly blockAccessListHash: string | null
  /** The access list ethereumjs recorded (null before Amsterdam). */
  readonly bal: Bal.Bal | null
  /** Receipt gas of each transaction, in order. */
  readonly gasUsed: readonly bigint[]
}

/**
 * Builds and seals `generated` on a fresh state (the parent is a synthetic block just before).
 * @example const { blockAccessListHash } = await Build.seal(await Generate.block({ hardfork: 'amsterdam' }))
 */
export async function seal(generated: Generate.Generated): Promise<Sealed> {
  const { genesis, txs, world } = generated
  const env = genesis.env
  const common = await Chain.common(env)
  const state = await Genesis.toStateManager(genesis)
  // The header's state root: the Merkle root of the plain post-state, computed once at the end.
  state.getStateRoot = async () =>
    hexToBytes((await Genesis.stateRoot(Genesis.fromStateManager(env, state))) as `0x${string}`)
  const vm = await createVM({ common, stateManager: state, blockchain: Chain.blockchain(env) })
  const parent = createBlock(
    {
      header: {
        number: env.number - 1n,
        timestamp: env.timestamp - 12n,
        gasLimit: env.gasLimit,
        ...(env.baseFeePerGas === null ? {} : { baseFeePerGas: env.baseFeePerGas }),
      },
    },
    { common, skipConsensusFormatValidation: true },
  )
  const beaconRoot = common.isActivatedEIP(4788) ? new Uint8Array(32) : undefined
  const builder = await buildBlock(vm, {
    parentBlock: parent,
    headerData: {
      number: env.number,
      timestamp: env.timestamp,
      coinbase: createAddressFromString(env.coinbase),
      gasLimit: env.gasLimit,
      ...(env.baseFeePerGas === null ? {} : { baseFeePerGas: env.baseFeePerGas }),
      ...(beaconRoot === undefined ? {} : { parentBeaconBlockRoot: beaconRoot }),
    },
    blockOpts: { putBlockIntoBlockchain: false },
  })
  const keys = new Map(world.users.map((u) => [u.address, u.key]))
  const gasUsed: bigint[] = []
  for (const tx of txs) {
    const key = keys.get(tx.from)
    if (key === undefined)
      throw new BaseError(`no key for sender ${tx.from} of transaction ${tx.txIndex}`, {
        code: 'INTERNAL',
      })
    const signed = createTx(Execute.txData(tx), { common }).sign(key)
    const result = await builder.addTransaction(signed, { skipHardForkValidation: true })
    gasUsed.push(result.totalGasSpent)
  }
  const { block, blockLevelAccessList } = await builder.build()
  const header = block.header
  const hash = bytesToHex(block.hash())
  return {
    block: rpcBlock(block, hash),
    hash,
    parentHash: bytesToHex(header.parentHash),
    parentBeaconBlockRoot: beaconRoot === undefined ? null : bytesToHex(beaconRoot),
    blockAccessListHash:
      header.blockAccessListHash === undefined ? null : bytesToHex(header.blockAccessListHash),
    bal: blockLevelAccessList === undefined ? null : BalCodec.fromEthereumjs(blockLevelAccessList),
    gasUsed,
  }
}

/** A sealed block in the JSON-RPC form (`miner`, `transactionsRoot`, full transactions). */
function rpcBlock(block: ReturnType<typeof createBlock>, hash: string): Json.Value {
  const { coinbase, transactionsTrie, receiptTrie, uncleHash, ...rest } = block.header.toJSON()
  const number = rest.number ?? '0x0'
  return {
    ...rest,
    hash,
    miner: coinbase,
    sha3Uncles: uncleHash,
    transactionsRoot: transactionsTrie,
    receiptsRoot: receiptTrie,
    transactions: block.transactions.map((tx, i) => {
      const { gasLimit, data, ...fields } = tx.toJSON()
      return {
        ...fields,
        hash: bytesToHex(tx.hash()),
        from: tx.getSenderAddress().toString(),
        gas: gasLimit,
        input: data,
        blockHash: hash,
        blockNumber: number,
        transactionIndex: `0x${i.toString(16)}`,
      } as Json.Value
    }),
    withdrawals: [],
  } as Json.Value
}

/**
 * Checks the lab's view of a sealed block against ethereumjs's: the same receipt gas for every
 * transaction, and (from Amsterdam on) the lab's BAL hashing to the header's `blockAccessListHash`.
 * A difference is an internal error naming the first transaction or both hashes.
 */
export function verify(sealed: Sealed, bal: Bal.Bal, results: readonly Execute.TxResult[]): void {
  for (const [i, r] of results.entries())
    if (r.gasUsed !== sealed.gasUsed[i])
      throw new BaseError(
        `transaction ${i} used ${r.gasUsed} gas in the lab's run and ${sealed.gasUsed[i]} in ethereumjs's block builder`,
        { code: 'INTERNAL' },
      )
  const hash = BalCodec.hash(bal)
  if (sealed.blockAccessListHash !== null && hash !== sealed.blockAccessListHash)
    throw new BaseError(
      `the lab's BAL hashes to ${hash}; the header ethereumjs built commits to ${sealed.blockAccessListHash}`,
      { code: 'INTERNAL' },
    )
}
