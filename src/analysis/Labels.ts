import { BaseError } from '../primitives/Errors.ts'
import * as Order from '../primitives/Order.ts'
import * as DossierHash from './Dossier.ts'
import type { Dossier } from './DossierTypes.ts'

/** Contract labels: lowercase address → display name, sorted by address. Display metadata only. */
export type Labels = readonly (readonly [address: string, label: string])[]

const ADDRESS = /^0x[0-9a-f]{40}$/

/**
 * Parses a flat `{ "<address>": "<label>" }` object (keys lowercased); throws `InvalidError`
 * naming the file, the JSON path, what was expected and the offending value.
 */
export function parse(json: unknown, file: string): Labels {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InvalidError(file, '$', 'an object mapping addresses to labels', json)
  }
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(json)) {
    const address = key.trim().toLowerCase()
    if (!ADDRESS.test(address)) {
      throw new InvalidError(file, `$[${JSON.stringify(key)}]`, 'a key of 0x + 40 hex digits', key)
    }
    if (typeof value !== 'string' || value.trim() === '') {
      throw new InvalidError(file, `$[${JSON.stringify(key)}]`, 'a non-empty string label', value)
    }
    out.set(address, value)
  }
  return [...out].sort(([a], [b]) => Order.strings(a, b))
}

/** Sets every hot-contract `label` and hot-slot `address_label` (range and blocks); recomputes the hash. Metrics never change. */
export function apply(dossier: Dossier, labels: Labels): Dossier {
  const map = new Map(labels)
  const name = (address: string) => map.get(address.toLowerCase()) ?? 'unknown'
  const contracts = (rows: Dossier['top_hot_contracts']) =>
    rows.map((r) => ({ ...r, label: name(r.address) }))
  const slots = (rows: Dossier['top_hot_storage_slots']) =>
    rows.map((r) => ({ ...r, address_label: name(r.address) }))
  return DossierHash.withHash({
    ...dossier,
    top_hot_contracts: contracts(dossier.top_hot_contracts),
    top_hot_storage_slots: slots(dossier.top_hot_storage_slots),
    blocks: dossier.blocks.map((b) => ({
      ...b,
      top_hot_contracts: contracts(b.top_hot_contracts),
      top_hot_slots: slots(b.top_hot_slots),
    })),
  })
}

/** A labels file that is not a flat address → label object. */
export class InvalidError extends BaseError {
  override name = 'Labels.InvalidError'
  constructor(file: string, path: string, expected: string, value: unknown) {
    super(
      `invalid contract labels ${file} at ${path}: expected ${expected}, got ${JSON.stringify(value) ?? String(value)}`,
      { code: 'LABELS_INVALID' },
    )
  }
}
