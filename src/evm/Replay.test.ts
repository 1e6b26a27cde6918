import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { tempDir } from '../../test/golden/cli.ts'
import { extract, MAINNET, write } from '../../test/replay/packs.ts'
import { BaseError } from '../primitives/Errors.ts'
import * as ReplayDir from '../trace/ReplayDir.ts'
import * as Chain from './Chain.ts'
import * as DaoFork from './DaoFork.ts'
import * as Execute from './Execute.ts'
import * as Replay from './Replay.ts'

/**
 * Real blocks are the judge: every fork from Frontier to Cancun, and the blocks that catch state
 * layers out (a self-destruct then a call or a re-creation: 1796867, 11743952, 12159808), a
 * 30-Mgas single transaction (15537393), the point-evaluation precompile with a real KZG
 * (19932703), a blob transaction (19933122), access-list transactions (12459406, 18085863).
 */
const SUBSET = [
  930196, 1150000, 1796867, 2462997, 2674998, 2688148, 4370000, 9069000, 11743952, 12159808,
  12459406, 15537393, 15537394, 18085863, 19932703, 19933122,
]

describe('run', () => {
  const pack = ReplayDir.open(MAINNET)

  test('behavior: a block per fork matches its header (gas used, logs bloom, receipts root)', async () => {
    const seen: string[] = []
    for (const n of SUBSET) {
      const replayed = await Replay.run(ReplayDir.readBlock(pack, n), pack)
      seen.push(replayed.input.genesis.env.hardfork)
      expect({ n, checks: replayed.verdict.checks }).toEqual({
        n,
        checks: {
          gasUsed: 'match',
          logsBloom: 'match',
          receiptsRoot: n < 4_370_000 ? 'n/a' : 'match',
        },
      })
    }
    expect(new Set(seen)).toEqual(
      new Set([
        'chainstart',
        'homestead',
        'dao',
        'tangerineWhistle',
        'spuriousDragon',
        'byzantium',
        'istanbul',
        'muirGlacier',
        'berlin',
        'grayGlacier',
        'paris',
        'shanghai',
        'cancun',
      ]),
    )
  })

  test('behavior: a header that disagrees with the execution is a mismatch, not an error', async () => {
    const block = ReplayDir.readBlock(pack, 1150000)
    const header = { ...block.header, gasUsed: block.header.gasUsed + 1n }
    const replayed = await Replay.run({ ...block, header }, pack)
    expect(replayed.verdict.checks).toEqual({
      gasUsed: 'mismatch',
      logsBloom: 'match',
      receiptsRoot: 'n/a',
    })
    expect(Replay.mismatches(replayed.verdict)).toEqual(['gas_used'])
  })

  test('behavior: --verify-signatures recovers legacy, EIP-155, access-list, 1559 and blob senders', async () => {
    for (const n of [930196, 12459406, 19933122]) {
      const replayed = await Replay.run(ReplayDir.readBlock(pack, n), pack, {
        verifySignatures: true,
      })
      expect(Replay.mismatches(replayed.verdict)).toEqual([])
    }
    const block = ReplayDir.readBlock(pack, 930196)
    const forged = block.transactions.map((t, i) =>
      i === 3 ? { ...t, from: '0x00000000000000000000000000000000000000aa' } : t,
    )
    await expect(
      Replay.run({ ...block, transactions: forged }, pack, { verifySignatures: true }),
    ).rejects.toThrow(/transaction 3 .*recovers 0x[0-9a-f]{40}, the block says from 0x0+aa/)
    // Transactions built beforehand without the check (the baseline worker's) are checked by the run.
    const { genesis, txs } = Replay.input({ ...block, transactions: forged }, pack)
    const common = await Chain.common(genesis.env)
    const built = txs.map((t) => Execute.buildTx(t, common))
    await expect(Execute.run(genesis, txs, { built, verifySignatures: true })).rejects.toThrow(
      /transaction 3 .*recovers 0x[0-9a-f]{40}, the block says from 0x0+aa/,
    )
  })

  test('error: code the pack lacks fails the replay naming the account and hash, only when run', async () => {
    const dir = tempDir('replay-nocode-')
    extract(dir, [1150000, 46147])
    write(dir, { 'bytecodes.json': '{}' })
    const lacking = ReplayDir.open(dir)
    // 46147 is a plain transfer: it never needs code.
    const plain = await Replay.run(ReplayDir.readBlock(lacking, 46147), lacking)
    expect(Replay.mismatches(plain.verdict)).toEqual([])
    const error = await Replay.run(ReplayDir.readBlock(lacking, 1150000), lacking).catch((e) => e)
    expect(error).toBeInstanceOf(BaseError)
    expect(error.message).toMatch(
      /^account 0x[0-9a-f]{40} has code \(hash 0x[0-9a-f]{64}\) that the input does not hold/,
    )
  })

  test('error: BLOCKHASH of a block the pack has no hash for is an error, never a zero', async () => {
    const dir = tempDir('replay-nohash-')
    const files = extract(dir, [9069000])
    const hashes = JSON.parse(files['block_hashes.json']!) as Record<string, string>
    expect(Object.keys(hashes)).toContain('9068996')
    delete hashes['9068996']
    write(dir, { 'block_hashes.json': JSON.stringify(hashes) })
    const lacking = ReplayDir.open(dir)
    await expect(Replay.run(ReplayDir.readBlock(lacking, 9069000), lacking)).rejects.toThrow(
      'block 9069000 executes BLOCKHASH(9068996), and the input has no hash for block 9068996',
    )
  })
})

describe('DaoFork', () => {
  test('behavior: the drained accounts and refund contract are the ones ethereumjs applies', () => {
    const require = createRequire(import.meta.url)
    const vm = join(require.resolve('@ethereumjs/vm'), '..', '..', 'esm', 'runBlock.js')
    const source = readFileSync(vm, 'utf8')
    const config = source.slice(source.indexOf('const DAOConfig = {'))
    const listed = [...config.matchAll(/'([0-9a-f]{40})'/g)].map((m) => `0x${m[1]}`)
    expect(listed.slice(0, -1)).toEqual(DaoFork.ACCOUNTS)
    expect(listed.at(-1)).toBe(DaoFork.REFUND_CONTRACT)
  })
})
