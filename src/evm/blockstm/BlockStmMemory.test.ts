import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import * as Key from '../../trace/Key.ts'
import * as Mv from './BlockStmMemory.ts'

const slot = (address: string) => Key.storageId(address, `0x${'0'.repeat(64)}`)
const [sa, sb, sc, sx] = ['0xa', '0xb', '0xc', '0xd'].map(slot) as [string, string, string, string]

/** The pre-block state: 0xa has 100 wei and one storage slot (`sa`), 0xe does not exist. */
const base: Mv.Base = {
  balance: (address) => (address === '0xa' ? 100n : 0n),
  exists: (address) => address === '0xa',
  storageOf: (address) => new Map(address === '0xa' ? [[Key.slotOf(sa) ?? '', '0x05']] : []),
}

const record = (tx: number, inc: number, writes: [string, string][]): Mv.Update => ({
  type: 'record',
  tx,
  inc,
  writes,
})

describe('apply', () => {
  test('default: reads see the highest version below the reader', () => {
    const m = Mv.create()
    expect(Mv.apply(m, record(2, 0, [[sx, '0x02']]))).toBe(true)
    expect(Mv.apply(m, record(5, 0, [[sx, '0x05']]))).toBe(true)
    expect(Mv.latestBelow(m, sx, 2)).toBeUndefined()
    expect(Mv.latestBelow(m, sx, 3)?.value).toBe('0x02')
    expect(Mv.latestBelow(m, sx, 9)).toMatchObject({ tx: 5, inc: 0, value: '0x05' })
  })

  test('behavior: a new incarnation replaces the old write set and reports new locations only', () => {
    const m = Mv.create()
    Mv.apply(
      m,
      record(1, 0, [
        [sa, '0x01'],
        [sb, '0x01'],
      ]),
    )
    expect(Mv.apply(m, record(1, 1, [[sa, '0x11']]))).toBe(false)
    expect(Mv.latestBelow(m, sb, 4)).toBeUndefined()
    expect(Mv.latestBelow(m, sa, 4)).toMatchObject({ inc: 1, value: '0x11' })
    expect(
      Mv.apply(
        m,
        record(1, 2, [
          [sa, '0x21'],
          [sc, '0x21'],
        ]),
      ),
    ).toBe(true)
  })

  test('behavior: estimates invalidate readers until the next record', () => {
    const m = Mv.create()
    Mv.apply(m, record(1, 0, [[sa, '0x01']]))
    const reads: [string, Mv.Version][] = [[sa, { tx: 1, inc: 0 }]]
    expect(Mv.validate(m, 3, reads, base)).toBe(true)
    Mv.apply(m, { type: 'estimate', tx: 1 })
    expect(Mv.latestBelow(m, sa, 3)?.estimate).toBe(true)
    expect(Mv.validate(m, 3, reads, base)).toBe(false)
    Mv.apply(m, record(1, 1, [[sa, '0x01']]))
    expect(Mv.validate(m, 3, reads, base)).toBe(false)
    expect(Mv.validate(m, 3, [[sa, { tx: 1, inc: 1 }]], base)).toBe(true)
  })

  test('behavior: a read of the pre-block state fails once a lower tx writes the key', () => {
    const m = Mv.create()
    const reads: [string, Mv.Version][] = [[sa, { tx: -1, inc: 0 }]]
    expect(Mv.validate(m, 3, reads, base)).toBe(true)
    Mv.apply(m, record(4, 0, [[sa, '0x04']]))
    expect(Mv.validate(m, 3, reads, base)).toBe(true)
    Mv.apply(m, record(0, 0, [[sa, '0x00']]))
    expect(Mv.validate(m, 3, reads, base)).toBe(false)
    expect(Mv.finalValues(m, base)).toEqual([[sa, '0x04']])
  })
})

describe('versions', () => {
  test('property: the version below a reader is the highest current writer below it, for any order of records, drops and aborts', () => {
    const step = fc.record({
      tx: fc.nat(30),
      writes: fc.boolean(),
      abort: fc.boolean(),
      reader: fc.nat(32),
    })
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), (steps) => {
        const m = Mv.create()
        /** Per tx that currently writes the key: its incarnation and whether it is aborted. */
        const model = new Map<number, { inc: number; estimate: boolean }>()
        const incarnations = new Map<number, number>()
        for (const s of steps) {
          if (s.abort && model.has(s.tx)) {
            Mv.apply(m, { type: 'estimate', tx: s.tx })
            model.set(s.tx, { ...(model.get(s.tx) as { inc: number }), estimate: true })
          } else {
            const inc = (incarnations.get(s.tx) ?? -1) + 1
            incarnations.set(s.tx, inc)
            Mv.apply(m, record(s.tx, inc, s.writes ? [[sa, `0x${s.tx}`]] : []))
            if (s.writes) model.set(s.tx, { inc, estimate: false })
            else model.delete(s.tx)
          }
          const below = [...model.keys()].filter((t) => t < s.reader)
          const want = below.length === 0 ? undefined : Math.max(...below)
          const got = Mv.latestBelow(m, sa, s.reader)
          expect(got?.tx).toBe(want)
          if (want !== undefined) expect(got).toMatchObject(model.get(want) as object)
        }
        const list = m.versions.get(sa) ?? []
        expect(list.map((e) => e.tx)).toEqual([...model.keys()].sort((a, b) => a - b))
      }),
      { seed: 7, numRuns: Number(process.env.FC_NUM_RUNS ?? 0) || 1000 },
    )
  })
})

describe('storage below', () => {
  test('behavior: only words outside the pre-block slots count, estimates included; a no-storage read fails once a lower tx writes one', () => {
    const m = Mv.create()
    const none: [string, Mv.Read][] = [[Key.storageId('0xb', ''), { noStorageBelow: true }]]
    Mv.apply(m, record(1, 0, [[sa, '0x05']]))
    expect(Mv.storageBelow(m, '0xa', 5, base)).toBe(false)
    expect(Mv.validate(m, 5, none, base)).toBe(true)
    Mv.apply(m, record(2, 0, [[sb, '0x07']]))
    expect(Mv.storageBelow(m, '0xb', 2, base)).toBe(false)
    expect(Mv.storageBelow(m, '0xb', 3, base)).toBe(true)
    expect(Mv.validate(m, 5, none, base)).toBe(false)
    expect(Mv.validate(m, 2, none, base)).toBe(true)
    Mv.apply(m, { type: 'estimate', tx: 2 })
    expect(Mv.storageBelow(m, '0xb', 3, base)).toBe(true)
    // The next incarnation of tx 2 writes elsewhere: nothing of 0xb lies below any more.
    Mv.apply(m, record(2, 1, [[sc, '0x01']]))
    expect(Mv.validate(m, 5, none, base)).toBe(true)
    Mv.clear(m)
    Mv.apply(m, record(0, 0, [[sc, '0x01']]))
    expect(Mv.storageBelow(m, '0xb', 3, base)).toBe(false)
  })
})

describe('balances', () => {
  const ba = Key.balanceId('0xa')
  const aa = Key.accountId('0xa')
  const ae = Key.accountId('0xe')

  test('default: a balance is the last set below the reader plus every addition above it', () => {
    const m = Mv.create()
    Mv.apply(m, record(1, 0, [[ba, { add: 5n }]] as never))
    Mv.apply(m, record(2, 0, [[ba, { set: 7n }]] as never))
    Mv.apply(m, record(3, 0, [[ba, { add: 1n }]] as never))
    Mv.apply(m, record(5, 0, [[ba, { add: 2n }]] as never))
    expect(Mv.balanceBelow(m, '0xa', 0, base)).toEqual({ value: 100n, estimate: -1 })
    expect(Mv.balanceBelow(m, '0xa', 2, base)).toEqual({ value: 105n, estimate: -1 })
    expect(Mv.balanceBelow(m, '0xa', 3, base)).toEqual({ value: 7n, estimate: -1 })
    expect(Mv.balanceBelow(m, '0xa', 5, base)).toEqual({ value: 8n, estimate: -1 })
    expect(Mv.finalValues(m, base)).toEqual([[ba, { set: 10n }]])
  })

  test('behavior: additions commute: a reader that saw a value fails only when that value changes', () => {
    const m = Mv.create()
    Mv.apply(m, record(1, 0, [[ba, { add: 5n }]] as never))
    const observed: [string, Mv.Read][] = [[ba, { balance: 105n }]]
    expect(Mv.validate(m, 4, observed, base)).toBe(true)
    // A new incarnation of tx 1 adding the same amount changes nothing the reader saw.
    Mv.apply(m, record(1, 1, [[ba, { add: 5n }]] as never))
    expect(Mv.validate(m, 4, observed, base)).toBe(true)
    Mv.apply(m, record(2, 0, [[ba, { add: 1n }]] as never))
    expect(Mv.validate(m, 4, observed, base)).toBe(false)
    // Writers above the reader never matter.
    expect(Mv.validate(m, 2, observed, base)).toBe(true)
  })

  test('behavior: a sufficiency read holds while the balance below covers it; debits are additions', () => {
    // WETH's ETH balance (pre-block 100): tx 1 deposits 5, tx 2 withdraws 30 (it checked the
    // balance covered 30: it reads `atLeast: 30` and writes `add: -30`), tx 3 deposits 1.
    const m = Mv.create()
    Mv.apply(m, record(1, 0, [[ba, { add: 5n }]] as never))
    Mv.apply(m, record(2, 0, [[ba, { add: -30n }]] as never))
    Mv.apply(m, record(3, 0, [[ba, { add: 1n }]] as never))
    expect(Mv.balanceBelow(m, '0xa', 3, base)).toEqual({ value: 75n, estimate: -1 })
    expect(Mv.finalValues(m, base)).toEqual([[ba, { set: 76n }]])
    const covered: [string, Mv.Read][] = [[ba, { atLeast: 30n }]]
    expect(Mv.validate(m, 2, covered, base)).toBe(true)
    // Tx 1 re-executes and withdraws 80 instead: 20 below tx 2 no longer covers its 30.
    Mv.apply(m, record(1, 1, [[ba, { add: -80n }]] as never))
    expect(Mv.validate(m, 2, covered, base)).toBe(false)
    // Exactly enough still holds.
    Mv.apply(m, record(1, 2, [[ba, { add: -70n }]] as never))
    expect(Mv.validate(m, 2, covered, base)).toBe(true)
    // An aborted writer below fails it (its next value is unknown).
    Mv.apply(m, { type: 'estimate', tx: 1 })
    expect(Mv.validate(m, 2, covered, base)).toBe(false)
    // A negative addition on top is no proof of a non-zero balance.
    expect(Mv.surelyNonzero(m, '0xa', 3)).toBe(false)
  })

  test('behavior: an aborted writer below fails balance readers until it writes again', () => {
    const m = Mv.create()
    Mv.apply(m, record(1, 0, [[ba, { add: 5n }]] as never))
    Mv.apply(m, { type: 'estimate', tx: 1 })
    expect(Mv.balanceBelow(m, '0xa', 3, base).estimate).toBe(1)
    expect(Mv.validate(m, 3, [[ba, { zero: false }]], base)).toBe(false)
    Mv.apply(m, record(1, 1, [[ba, { add: 5n }]] as never))
    expect(Mv.validate(m, 3, [[ba, { zero: false }]], base)).toBe(true)
  })

  test('behavior: a zero-ness read need not wait for an aborted writer under a positive credit', () => {
    // A fee recipient: every tx credits it. Tx 1 aborted; tx 2's credit above it keeps the balance
    // non-zero whatever tx 1 writes again, so tx 3's emptiness read stays valid.
    const be = Key.balanceId('0xe')
    const m = Mv.create()
    Mv.apply(m, record(1, 0, [[be, { add: 5n }]] as never))
    Mv.apply(m, record(2, 0, [[be, { add: 3n }]] as never))
    Mv.apply(m, { type: 'estimate', tx: 1 })
    expect(Mv.balanceBelow(m, '0xe', 3, base).estimate).toBe(1)
    expect(Mv.surelyNonzero(m, '0xe', 3)).toBe(true)
    expect(Mv.validate(m, 3, [[be, { zero: false }]], base)).toBe(true)
    expect(Mv.validate(m, 3, [[be, { zero: true }]], base)).toBe(false)
    // A reader of the value itself still waits, and so does a zero-ness read right above the
    // aborted writer (tx 2 reads what tx 1 leaves).
    expect(Mv.validate(m, 3, [[be, { balance: 8n }]], base)).toBe(false)
    expect(Mv.surelyNonzero(m, '0xe', 2)).toBe(false)
    expect(Mv.validate(m, 2, [[be, { zero: false }]], base)).toBe(false)
    // A credit of zero proves nothing.
    Mv.apply(m, record(2, 1, [[be, { add: 0n }]] as never))
    expect(Mv.validate(m, 3, [[be, { zero: false }]], base)).toBe(false)
  })

  test('behavior: zero-ness and existence reads ignore value changes that keep the predicate', () => {
    const m = Mv.create()
    expect(Mv.validate(m, 3, [[aa, { exists: true }]], base)).toBe(true)
    expect(Mv.validate(m, 3, [[ae, { exists: false }]], base)).toBe(true)
    Mv.apply(m, record(1, 0, [[aa, { nonce: 9n, storageRoot: '0x', codeHash: '0x' }]] as never))
    expect(Mv.validate(m, 3, [[aa, { exists: true }]], base)).toBe(true)
    expect(Mv.validate(m, 3, [[aa, { tx: -1, inc: 0 }]], base)).toBe(false)
    Mv.apply(m, record(2, 0, [[aa, null]] as never))
    expect(Mv.validate(m, 3, [[aa, { exists: true }]], base)).toBe(false)
    Mv.apply(m, record(2, 1, [[ba, { set: 0n }]] as never))
    expect(Mv.validate(m, 3, [[ba, { zero: true }]], base)).toBe(true)
    expect(Mv.validate(m, 3, [[ba, { zero: false }]], base)).toBe(false)
  })

  test('property: the cached sum equals a fresh walk, and a surely non-zero balance stays so, for any order of writes (debits too), aborts and reads', () => {
    /** The balance below `tx` folded from scratch: the definition the cache must keep. */
    const naive = (m: Mv.Memory, tx: number) => {
      let value = 100n
      let estimate = -1
      for (const e of m.versions.get(ba) ?? []) {
        if (e.tx >= tx) break
        const w = e.value as Mv.BalanceWrite
        value = 'set' in w ? w.set : value + w.add
        if ('set' in w) estimate = -1
        if (e.estimate) estimate = e.tx
      }
      return { value, estimate }
    }
    /**
     * The balance below `tx` when every aborted writer below turns into `set 0`. No balance is
     * ever negative on a chain (a debit's check fails first), so none is here either.
     */
    const worstCase = (m: Mv.Memory, tx: number) => {
      let value = 100n
      for (const e of m.versions.get(ba) ?? []) {
        if (e.tx >= tx) break
        const w = e.value as Mv.BalanceWrite
        value = e.estimate ? 0n : 'set' in w ? w.set : value + w.add
        if (value < 0n) value = 0n
      }
      return value
    }
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('write' as const),
        tx: fc.nat(15),
        set: fc.boolean(),
        // Negative additions: debits a tx only checked it could cover.
        amount: fc.bigInt({ min: -50n, max: 50n }),
      }),
      fc.record({ kind: fc.constant('abort' as const), tx: fc.nat(15) }),
      // A new incarnation that no longer writes the balance.
      fc.record({ kind: fc.constant('drop' as const), tx: fc.nat(15) }),
      fc.record({ kind: fc.constant('read' as const), tx: fc.nat(16) }),
    )
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const m = Mv.create()
        const incarnations = new Map<number, number>()
        for (const s of steps) {
          if (s.kind === 'read') {
            const got = Mv.balanceBelow(m, '0xa', s.tx, base)
            const want = naive(m, s.tx)
            expect(got.value).toBe(want.value)
            expect(got.estimate).toBe(want.estimate)
            // Surely non-zero: still non-zero if every aborted writer below writes `set 0`.
            if (Mv.surelyNonzero(m, '0xa', s.tx)) expect(worstCase(m, s.tx)).toBeGreaterThan(0n)
          } else if (s.kind === 'abort') Mv.apply(m, { type: 'estimate', tx: s.tx })
          else {
            const inc = (incarnations.get(s.tx) ?? -1) + 1
            incarnations.set(s.tx, inc)
            if (s.kind === 'drop') Mv.apply(m, record(s.tx, inc, []))
            else {
              const write = s.set
                ? { set: s.amount < 0n ? -s.amount : s.amount }
                : { add: s.amount }
              Mv.apply(m, record(s.tx, inc, [[ba, write]] as never))
            }
          }
        }
      }),
      { seed: 4242, numRuns: Number(process.env.FC_NUM_RUNS ?? 0) || 2000 },
    )
  })
})
