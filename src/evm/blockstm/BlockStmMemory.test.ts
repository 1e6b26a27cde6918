import { describe, expect, test } from 'vitest'
import * as Key from '../../trace/Key.ts'
import * as Mv from './BlockStmMemory.ts'

const slot = (address: string) => Key.storageId(address, `0x${'0'.repeat(64)}`)
const [sa, sb, sc, sx] = ['0xa', '0xb', '0xc', '0xd'].map(slot) as [string, string, string, string]

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
    expect(Mv.validate(m, 3, reads)).toBe(true)
    Mv.apply(m, { type: 'estimate', tx: 1 })
    expect(Mv.latestBelow(m, sa, 3)?.estimate).toBe(true)
    expect(Mv.validate(m, 3, reads)).toBe(false)
    Mv.apply(m, record(1, 1, [[sa, '0x01']]))
    expect(Mv.validate(m, 3, reads)).toBe(false)
    expect(Mv.validate(m, 3, [[sa, { tx: 1, inc: 1 }]])).toBe(true)
  })

  test('behavior: a read of the pre-block state fails once a lower tx writes the key', () => {
    const m = Mv.create()
    const reads: [string, Mv.Version][] = [[sa, { tx: -1, inc: 0 }]]
    expect(Mv.validate(m, 3, reads)).toBe(true)
    Mv.apply(m, record(4, 0, [[sa, '0x04']]))
    expect(Mv.validate(m, 3, reads)).toBe(true)
    Mv.apply(m, record(0, 0, [[sa, '0x00']]))
    expect(Mv.validate(m, 3, reads)).toBe(false)
    expect(Mv.finalValues(m)).toEqual([[sa, '0x04']])
  })
})
