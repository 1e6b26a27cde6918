import { describe, expect, test } from 'vitest'
import * as Progress from '../../src/cli/progress.ts'

describe('create', () => {
  test('default', () => {
    const lines: string[] = []
    let t = 0
    const p = Progress.create({
      total: 4,
      write: (s) => lines.push(s),
      tty: false,
      now: () => t,
      intervalMs: 5000,
    })
    t = 1000
    p.block(3)
    t = 2000
    p.block(2) // within the interval: silent
    t = 7000
    p.block(0)
    t = 8000
    p.block(1) // last block always prints
    p.done()
    expect(lines).toEqual([
      'progress: 1/4 blocks, 3 txs, 1.00 blocks/s, ETA 3s\n',
      'progress: 3/4 blocks, 5 txs, 0.43 blocks/s, ETA 2s\n',
      'progress: 4/4 blocks, 6 txs, 0.50 blocks/s, ETA 0s\n',
    ])
  })

  test('options: tty rewrites one line and ends it', () => {
    const lines: string[] = []
    const p = Progress.create({ total: 2, write: (s) => lines.push(s), tty: true, now: () => 2000 })
    p.block(1)
    p.done()
    expect(lines).toEqual(['\rprogress: 1/2 blocks, 1 txs, 1000.00 blocks/s, ETA 0s\u001b[K', '\n'])
  })
})
