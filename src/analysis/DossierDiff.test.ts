import { describe, expect, test } from 'vitest'
import { addr, block, manifest, slot } from '../../test/golden/packs.ts'
import * as DossierDiff from './DossierDiff.ts'
import * as Pipeline from './Pipeline.ts'

const a = addr('a1')
const b = addr('b2')
function dossier(hotSlot: number) {
  const blocks = [
    block(1, [
      { gas: 10, accesses: [['write', a, slot(hotSlot)]] },
      { gas: 10, accesses: [['read', a, slot(hotSlot)]] },
      { gas: 10, accesses: [['write', b, slot(9)]] },
    ]),
  ]
  const input = {
    manifest: manifest(blocks),
    blocks,
    workers: [1, 2],
    feeRecipient: 'excluded' as const,
  }
  return JSON.parse(JSON.stringify(Pipeline.analyze(input).dossier)) as unknown
}

describe('diff', () => {
  test('default: metrics side by side, keys that appeared, vanished or stayed', () => {
    const d = DossierDiff.diff(
      DossierDiff.parse(dossier(1), 'a.json'),
      DossierDiff.parse(dossier(2), 'b.json'),
    )
    expect(d.metrics.find((m) => m.metric === 'conflict_pair_count')).toEqual({
      metric: 'conflict_pair_count',
      a: 1,
      b: 1,
      delta: 0,
    })
    expect(d.hot_keys.map((k) => [k.change, k.id, k.rank_a, k.rank_b])).toEqual([
      ['appeared', `storage:${a}:${slot(2)}`, null, 1],
      ['unchanged', `storage:${b}:${slot(9)}`, 2, 2],
      ['vanished', `storage:${a}:${slot(1)}`, 1, null],
    ])
    expect(d.hot_contracts.every((c) => c.change === 'unchanged')).toBe(true)
  })

  test('behavior: a dossier without top_hot_keys (older versions) falls back to its storage slots', () => {
    const old = dossier(1) as Record<string, unknown>
    delete old.top_hot_keys
    const side = DossierDiff.parse(old, 'old.json')
    expect(side.keys.map((k) => k.id)).toEqual([
      `storage:${a}:${slot(1)}`,
      `storage:${b}:${slot(9)}`,
    ])
  })

  test('error: names the file, the JSON path, what was expected and the value', () => {
    expect(() => DossierDiff.parse({ report_version: 'x' }, 'f.json')).toThrow(
      'f.json: $.report_version: expected "trace-pack-dossier-v1", got "x"',
    )
    const bad = dossier(1) as Record<string, unknown>
    bad.tx_count = 'many'
    expect(() => DossierDiff.parse(bad, 'f.json')).toThrow(
      'f.json: $.tx_count: expected a number or null, got "many"',
    )
    expect(() => DossierDiff.parse([], 'f.json')).toThrow(
      'f.json: $: expected a trace-pack-dossier-v1 object',
    )
  })
})
