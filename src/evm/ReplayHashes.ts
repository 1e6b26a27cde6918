import { BaseError } from '../primitives/Errors.ts'
import type * as ReplayPack from '../trace/ReplayPack.ts'
import * as Chain from './Chain.ts'
import * as Replay from './Replay.ts'

/**
 * Finding the block hashes a block's BLOCKHASH asks for, by replaying it: the replay stops at the
 * first hash the context lacks (`Chain.MissingBlockHashError`), `fetch` gets that hash, and the
 * block is replayed again with it, until a replay completes. Every hash is one the execution
 * really asked for, with the real hashes before it (a wrong or zero hash could change which
 * blocks are asked for next). BLOCKHASH only reaches the 256 blocks before the block and the
 * parent's hash comes from the header, so there are at most 255 rounds.
 */

/** A replay that completed, and the hashes fetched on the way (number → hash). */
export type Found = {
  readonly replayed: Replay.Replayed
  readonly fetched: ReadonlyMap<number, string>
}

/** The most hashes one block can ask for beyond its parent's: the rest of BLOCKHASH's window. */
export const MAX_ROUNDS = 255

/**
 * Replays `block`, fetching each missing hash BLOCKHASH asks for with `fetch` (which must return
 * the `0x` + 64 hex hash of that block) and replaying again.
 * @example const { replayed, fetched } = await ReplayHashes.run(block, context, (n) => hashOf(n))
 */
export async function run(
  block: ReplayPack.Block,
  context: Replay.Context,
  fetch: (n: number) => Promise<string>,
  options: Replay.run.Options = {},
): Promise<Found> {
  const known = new Map(context.blockHashes)
  const fetched = new Map<number, string>()
  for (let round = 0; round <= MAX_ROUNDS; round++) {
    try {
      const replayed = await Replay.run(block, { ...context, blockHashes: known }, options)
      return { replayed, fetched }
    } catch (err) {
      if (!(err instanceof Chain.MissingBlockHashError) || known.has(err.block)) throw err
      const hash = (await fetch(err.block)).toLowerCase()
      known.set(err.block, hash)
      fetched.set(err.block, hash)
    }
  }
  throw new BaseError(
    `block ${block.header.number} asked BLOCKHASH for more than ${MAX_ROUNDS} blocks, which its window cannot hold`,
    { code: 'EVM_REPLAY_FAILED' },
  )
}
