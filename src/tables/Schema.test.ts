import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import * as Schema from './Schema.ts'

describe('tables', () => {
  test('behavior: docs/tables.md documents exactly this schema (names, types, nullability, order)', () => {
    const doc = readFileSync('docs/tables.md', 'utf8')
    for (const table of Schema.tables) {
      const start = doc.indexOf(`\n### ${table.name}\n`)
      expect(start, table.name).toBeGreaterThan(0)
      const section = doc.slice(start + 1).split('\n### ')[0]!
      const rows = [...section.matchAll(/^\| `([a-z_]+)` \| ([A-Z]+) \| (yes|no) \|/gm)].map(
        (m) => [m[1], m[2], m[3] === 'yes'],
      )
      expect(rows, table.name).toEqual(table.columns.map((c) => [c.name, c.type, c.nullable]))
    }
  })
})
