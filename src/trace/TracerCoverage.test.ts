import { describe, expect, test } from 'vitest'
import * as TracerCoverage from './TracerCoverage.ts'

describe('of', () => {
  test('default: the EVM capture and prestate see account reads; storage tracers do not', () => {
    expect(TracerCoverage.of('ethereumjs-step-hook+state-manager-wrapper').readsComplete).toBe(true)
    expect(TracerCoverage.of('geth-prestate-diff').readsComplete).toBe(true)
    for (const kind of ['geth-js-storage', 'geth-struct-logs', 'sanitized-geth-js-storage'])
      expect(TracerCoverage.of(kind)).toMatchObject({ tracerKind: kind, readsComplete: false })
  })

  test('behavior: an unknown (or prototype-named) kind is treated as incomplete', () => {
    for (const kind of ['my-custom-tracer', 'constructor', '__proto__'])
      expect(TracerCoverage.of(kind)).toMatchObject({ tracerKind: kind, readsComplete: false })
  })
})
