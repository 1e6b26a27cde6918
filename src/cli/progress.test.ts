import { describe, expect, test } from 'vitest'
import * as Progress from './progress.ts'

describe('create', () => {
  test('default: a live TTY line with done/total, the detail count, rate and ETA', () => {
    let t = 0
    const out: string[] = []
    const p = Progress.create({ total: 4, write: (s) => out.push(s), tty: true, now: () => t })
    t = 2000
    p.block(10)
    expect(out.at(-1)).toBe('\rprogress: 1/4 blocks, 10 txs, 0.50 blocks/s, ETA 6s\u001b[K')
    p.done()
    expect(out.at(-1)).toBe('\n')
  })

  test('options: unit, no detail', () => {
    const out: string[] = []
    const p = Progress.create({
      total: 2,
      write: (s) => out.push(s),
      tty: true,
      now: () => 1000,
      unit: 'runs',
      detail: null,
    })
    p.tick()
    expect(out.at(-1)).toMatch(/^\rprogress: 1\/2 runs, [0-9.]+ runs\/s, ETA/)
  })
})

describe('enabled', () => {
  test('default: only on a terminal, and never with --json', () => {
    expect(Progress.enabled({}, { isTTY: true })).toBe(true)
    expect(Progress.enabled({ json: true }, { isTTY: true })).toBe(false)
    expect(Progress.enabled({}, { isTTY: false })).toBe(false)
    expect(Progress.enabled({}, {})).toBe(false)
  })
})

describe('phases', () => {
  test('default: names the phase with its elapsed seconds, then erases the line', () => {
    let t = 0
    const out: string[] = []
    const p = Progress.phases({ write: (s) => out.push(s), now: () => t, tickMs: 60_000 })
    p.start('generating')
    t = 3500
    p.start('measuring')
    expect(out).toEqual(['\rgenerating … 0s\u001b[K', '\rmeasuring … 0s\u001b[K'])
    p.done()
    expect(out.at(-1)).toBe('\r\u001b[K')
  })
})
