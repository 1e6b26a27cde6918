import { describe, expect, test } from 'vitest'
import { addr, demoMini, manifest } from '../../test/golden/packs.ts'
import * as Dossier from './Dossier.ts'
import * as Labels from './Labels.ts'

describe('parse', () => {
  test('default: keys are lowercased and sorted', () => {
    const labels = Labels.parse(
      { [`0x${'AB'.repeat(20)}`]: 'Upper', [addr('11')]: 'One' },
      'l.json',
    )
    expect(labels).toEqual([
      [addr('11'), 'One'],
      [addr('ab'), 'Upper'],
    ])
  })
  test('error: names the file, the JSON path, the expectation and the value', () => {
    expect(() => Labels.parse({ nope: 'x' }, 'l.json')).toThrowError(
      'invalid contract labels l.json at $["nope"]: expected a key of 0x + 40 hex digits, got "nope"',
    )
    expect(() => Labels.parse({ [addr('11')]: 7 }, 'l.json')).toThrowError(
      'a non-empty string label, got 7',
    )
    expect(() => Labels.parse([], 'l.json')).toThrowError('at $: expected an object')
  })
})

describe('apply', () => {
  const blocks = demoMini()
  const dossier = Dossier.build({
    manifest: manifest(blocks),
    blocks,
    workers: [1, 2],
    feeRecipient: 'excluded',
  })
  test('behavior: only labels and the hash change; re-applying is stable', () => {
    const labels = Labels.parse({ [addr('11')]: 'Hot' }, 'l.json')
    const once = Labels.apply(dossier, labels)
    expect(once.top_hot_contracts[0]).toMatchObject({ address: addr('11'), label: 'Hot' })
    expect(once.top_hot_storage_slots[0]!.address_label).toBe('Hot')
    expect(once.blocks[0]!.top_hot_contracts[0]!.label).toBe('Hot')
    expect(once.deterministic_hash).not.toBe(dossier.deterministic_hash)
    expect(Labels.apply(once, labels)).toEqual(once)
    const unlabel = Labels.apply(once, [])
    expect(unlabel).toEqual(dossier)
  })
})
