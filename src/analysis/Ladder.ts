/**
 * The execution ladder of a block and of a pack: what each engine design could reach on the
 * observed accesses, as gas ceilings (total gas / critical path), from the strictest model to the
 * most permissive. Each rung removes conflicts from the one before it, so its ceiling is never
 * lower; rung 5 (measured) comes from `Measured.ts`. The rules are documented in docs/analysis.md.
 */
import type { BlockTrace } from '../trace/BlockTrace.ts'
import * as Key from '../trace/Key.ts'
import * as Normalized from '../trace/Normalized.ts'
import type * as TracePack from '../trace/TracePack.ts'
import type { ExecutionLadder, LadderNote, LadderRung, PackLadder } from './DossierTypes.ts'
import * as KeyPath from './KeyPath.ts'
import * as Sim from './Simulation.ts'

/** One block's ladder as plain numbers (what a range summary carries). */
export type Block = {
  /** Critical paths, in duration units (gas when the block has complete gas, 1 per tx otherwise). */
  readonly everyConflict: number
  readonly lazyFeeRecipient: number
  readonly lazyBalanceCredits: number
  /** The longest transaction. */
  readonly longestTx: number
  /** BAL-parallel makespan per normalized worker count. */
  readonly makespans: readonly number[]
  /** (transaction, balance) changes the lazy-credit rung treats as commutative credits. */
  readonly creditCount: number
}

/** The rungs and what each assumes (one sentence each), in ladder order. */
export const notes: readonly LadderNote[] = [
  {
    rung: 1,
    name: 'every observed conflict',
    assumes:
      "Every observed conflict serializes, the fee recipient's balance credit (FEE_CREDIT) included: every transaction that pays the block's fee recipient writes its balance, so an engine that applies fees eagerly runs them one after another.",
  },
  {
    rung: 2,
    name: 'lazy fee recipient',
    assumes:
      "As rung 1, but fee-recipient credits are applied lazily and never conflict (the dossier's default ceiling, ceiling_by_gas, unless --include-fee-recipient).",
  },
  {
    rung: 3,
    name: 'lazy balance credits',
    assumes:
      "As rung 2, and a change a transaction makes to another account's balance that it did not read (not its sender, no BALANCE read of that account) is a commutative credit: credits to one balance do not conflict with each other, reads and other writes of it still do; the trace pack records that a balance changed, not which way, so a contract's debit (which the EVM checks against the balance) counts as a credit too and this rung is an upper bound.",
  },
  {
    rung: 4,
    name: 'BAL-parallel',
    assumes:
      "With the block's EIP-7928 access list every transaction runs on the pre-state plus the list's changes before it, so nothing waits for anything: the block takes its longest transaction (unbounded workers), or with W workers taking transactions in index order from one counter, as `replay --engine bal` does, the simulated makespan; checking each transaction's writes against the list is not counted.",
  },
  {
    rung: 5,
    name: 'measured',
    assumes:
      "Block-STM and BAL-parallel as `replay --engine block-stm|bal` ran them (read with --measured): each block's sequential replay time over the engine's time in the same report (with --engine bal that sequential replay also records the BAL, which flatters BAL-parallel: compare its 1-thread row); wall-clock timings on the machine that ran them, kept out of the deterministic hash.",
  },
]

/**
 * One block's ladder from its pack block (the raw accesses, FEE_CREDIT included), its normalized
 * trace (positions) and the durations its analysis used.
 */
export function analyze(
  block: TracePack.Block,
  trace: BlockTrace,
  durations: readonly number[],
  workers: readonly number[],
): Block {
  const byIndex = new Map(block.transactions.map((tx) => [tx.txIndex, tx]))
  const rungs = trace.transactions.map((tx) => touches(byIndex.get(tx.txIndex), tx.from))
  const empty = { txCount: durations.length, deps: durations.map(() => []) }
  return {
    everyConflict: KeyPath.length(
      rungs.map((r) => r.everyConflict),
      durations,
    ),
    lazyFeeRecipient: KeyPath.length(
      rungs.map((r) => r.lazyFee),
      durations,
    ),
    lazyBalanceCredits: KeyPath.length(
      rungs.map((r) => r.lazyCredits),
      durations,
    ),
    longestTx: durations.reduce((m, d) => Math.max(m, d), 0),
    makespans: workers.map((w) => Sim.run(empty, durations, w, 'canonical').makespan),
    creditCount: rungs.reduce((s, r) => s + r.creditCount, 0),
  }
}

/** The per-block ladder entry (ceilings against the block's gas; null without complete gas). */
export function entry(
  ladder: Block,
  totalGas: number | null,
  workers: readonly number[],
): ExecutionLadder {
  return fromSums({ ...ladder, totalGas }, workers)
}

/** Ladders summed over blocks run back to back (`totalGas` null when any block lacks gas). */
export type Sums = Block & { readonly totalGas: number | null }

/** An empty sum (no block yet) for `workerCount` worker counts. */
export function emptySums(workerCount: number): Sums {
  return {
    everyConflict: 0,
    lazyFeeRecipient: 0,
    lazyBalanceCredits: 0,
    longestTx: 0,
    makespans: new Array<number>(workerCount).fill(0),
    creditCount: 0,
    totalGas: 0,
  }
}

/** Adds one block (its gas, or null when incomplete) to a sum. */
export function add(sums: Sums, ladder: Block, gas: number | null): Sums {
  return {
    everyConflict: sums.everyConflict + ladder.everyConflict,
    lazyFeeRecipient: sums.lazyFeeRecipient + ladder.lazyFeeRecipient,
    lazyBalanceCredits: sums.lazyBalanceCredits + ladder.lazyBalanceCredits,
    longestTx: sums.longestTx + ladder.longestTx,
    makespans: sums.makespans.map((m, i) => m + (ladder.makespans[i] ?? 0)),
    creditCount: sums.creditCount + ladder.creditCount,
    totalGas: sums.totalGas === null || gas === null ? null : sums.totalGas + gas,
  }
}

/** The pack's ladder from the sums of its blocks, with what each rung assumes. */
export function pack(sums: Sums, workers: readonly number[]): PackLadder {
  return { ...fromSums(sums, workers), rungs: notes.map((n) => ({ ...n })) }
}

function fromSums(s: Sums, workers: readonly number[]): ExecutionLadder {
  const gas = s.totalGas
  const rung = (path: number): LadderRung => ({
    gas_critical_path: gas === null ? null : path,
    ceiling_by_gas: gas === null || path <= 0 ? null : gas / path,
  })
  return {
    every_conflict: rung(s.everyConflict),
    lazy_fee_recipient: rung(s.lazyFeeRecipient),
    lazy_balance_credits: { ...rung(s.lazyBalanceCredits), credit_count: s.creditCount },
    bal_parallel: {
      ...rung(s.longestTx),
      workers: workers.map((w, i) => {
        const { gas_critical_path, ceiling_by_gas } = rung(s.makespans[i] ?? 0)
        return { workers: w, makespan: gas_critical_path, ceiling_by_gas }
      }),
    },
  }
}

type TxRungs = {
  readonly everyConflict: KeyPath.Touch[]
  readonly lazyFee: KeyPath.Touch[]
  readonly lazyCredits: KeyPath.Touch[]
  readonly creditCount: number
}

/** What one key saw in one transaction. */
type Seen = { read: boolean; write: boolean; balanceChangeOnly: boolean }

/**
 * One transaction's touches under rungs 1–3. Keys are converted as the analysis converts them
 * (`Normalized.convertAccess`); a FEE_CREDIT is a balance write in rung 1 and nothing in 2 and 3;
 * in rung 3 a balance of an account other than the sender whose every access is a BALANCE change
 * record (kind write or read_write, never a plain read) is an addition.
 */
function touches(tx: TracePack.Tx | undefined, sender: string): TxRungs {
  const seen = new Map<Key.Id, Seen>()
  const fees = new Set<Key.Id>()
  for (const access of tx?.accesses ?? []) {
    const converted = Normalized.convertAccess(access, 'exclude')
    if (converted === null) {
      fees.add(Key.balanceId(access.address))
      continue
    }
    const id = Key.toId(converted.key)
    const s = seen.get(id) ?? { read: false, write: false, balanceChangeOnly: true }
    s.read ||= converted.kind !== 'write'
    s.write ||= converted.kind !== 'read'
    s.balanceChangeOnly &&=
      converted.key.type === 'balance' &&
      access.op === 'BALANCE' &&
      (access.kind === 'write' || access.kind === 'read_write')
    seen.set(id, s)
  }
  const senderBalance = Key.balanceId(sender)
  const lazyFee: KeyPath.Touch[] = []
  const lazyCredits: KeyPath.Touch[] = []
  let creditCount = 0
  for (const [id, s] of seen) {
    const mode = s.write ? 'write' : 'read'
    lazyFee.push([id, mode])
    const credit = s.balanceChangeOnly && id !== senderBalance
    if (credit) creditCount++
    lazyCredits.push([id, credit ? 'add' : mode])
  }
  const everyConflict = lazyFee.filter(([id]) => !fees.has(id))
  for (const id of fees) everyConflict.push([id, 'write'])
  return { everyConflict, lazyFee, lazyCredits, creditCount }
}
