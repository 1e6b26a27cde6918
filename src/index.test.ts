import { describe, expect, test } from 'vitest'
import * as lib from './index.ts'

describe('public API', () => {
  test('behavior: the entry exports exactly these namespaces (a change here is a reviewed diff)', () => {
    expect(Object.keys(lib).sort()).toMatchInlineSnapshot(`
      [
        "AccessHints",
        "AccessKey",
        "Bal",
        "BalPack",
        "BalWire",
        "Bench",
        "BlockReport",
        "BlockStm",
        "BlockTrace",
        "ChromeTrace",
        "Conflict",
        "ConflictGraph",
        "Csv",
        "Dir",
        "Dossier",
        "Errors",
        "Explain",
        "Fixture",
        "Fmt",
        "Format",
        "FromTracePack",
        "Geth",
        "Hash",
        "HtmlDossier",
        "Issue",
        "Json",
        "Key",
        "Labels",
        "MarkdownDossier",
        "Memo",
        "Normalized",
        "Optimistic",
        "Order",
        "Pipeline",
        "Planned",
        "Pool",
        "Rng",
        "Schedule",
        "Sequential",
        "Simulation",
        "State",
        "TracePack",
        "Tx",
        "Verify",
        "Wire",
        "Workload",
      ]
    `)
  })
  test('behavior: the entry does not load the EVM or the network stack', () => {
    expect(Object.keys(lib)).not.toContain('Execute')
    expect(Object.keys(lib)).not.toContain('Transport')
  })
})
