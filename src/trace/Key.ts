/**
 * The one key vocabulary of the real-trace world: what a transaction read or wrote. Analyses,
 * reports and the EVM Block-STM memory all use this module; nothing else builds or takes apart a
 * key string. A key has three forms:
 *
 * - the typed `Key` that parsers build (`{ type: 'storage', address, slot }`);
 * - its canonical `Id`, a short string used as a Map/Set key: one tag character (`0` account,
 *   `1` balance, `2` nonce, `3` code, `4` storage), the address, and `:<slot>` for storage. Plain
 *   code-unit order of ids is the key order (account < balance < nonce < code < storage, then
 *   address, then slot), so ids sort with `Order.strings` and nobody ranks by type again;
 * - its display text for reports: `account:<address>`, `balance:<address>`, `nonce:<address>`,
 *   `code:<address>`, `storage:<address>:<slot>`, and `<address>:<slot>` for a storage slot.
 *
 * Addresses and slots are kept as given (trace packs and fixtures lowercase them when they
 * normalize; the EVM writes lowercase hex). The synthetic model's numeric keys are a different
 * world: `model/AccessKey.ts`.
 */
import * as Order from '../primitives/Order.ts'

/** What a key names: an account-level field of an address, or one storage slot. */
export type Type = 'account' | 'balance' | 'nonce' | 'code' | 'storage'

/** A key, typed. `account` is an account as a whole (or a field the tracer did not name). */
export type Key =
  | { readonly type: 'account' | 'balance' | 'nonce' | 'code'; readonly address: string }
  | { readonly type: 'storage'; readonly address: string; readonly slot: string }

/** The canonical string of a key (see the module comment); build it only with this module. */
export type Id = string

/** Every type, in key order. */
export const types: readonly Type[] = ['account', 'balance', 'nonce', 'code', 'storage']

const tags: Readonly<Record<Type, string>> = {
  account: '0',
  balance: '1',
  nonce: '2',
  code: '3',
  storage: '4',
}

/** The canonical id of a typed key. */
export function toId(key: Key): Id {
  return key.type === 'storage' ? `4${key.address}:${key.slot}` : `${tags[key.type]}${key.address}`
}

/** Id of an account as a whole (the EVM Block-STM's nonce, storage root, code hash and existence). */
export function accountId(address: string): Id {
  return `0${address}`
}

/** Id of an account's balance (the EVM Block-STM versions it apart: lazy credits). */
export function balanceId(address: string): Id {
  return `1${address}`
}

/** Id of an account's code. */
export function codeId(address: string): Id {
  return `3${address}`
}

/** Id of one storage slot. */
export function storageId(address: string, slot: string): Id {
  return `4${address}:${slot}`
}

/** The type of an id (from its tag). */
export function typeOf(id: Id): Type {
  const type = types[id.charCodeAt(0) - 48]
  if (type === undefined) throw new RangeError(`not a key id: ${JSON.stringify(id)}`)
  return type
}

/** The address of an id. */
export function addressOf(id: Id): string {
  const colon = id.indexOf(':', 1)
  return colon < 0 ? id.slice(1) : id.slice(1, colon)
}

/** The slot of a storage id; null for account-level keys. */
export function slotOf(id: Id): string | null {
  const colon = id.indexOf(':', 1)
  return colon < 0 ? null : id.slice(colon + 1)
}

/** The typed key of an id. */
export function fromId(id: Id): Key {
  const type = typeOf(id)
  const address = addressOf(id)
  if (type !== 'storage') return { type, address }
  return { type, address, slot: slotOf(id) ?? '' }
}

/** Display text of an id: `storage:<address>:<slot>`, `balance:<address>`, … */
export function toText(id: Id): string {
  return `${typeOf(id)}:${id.slice(1)}`
}

/** Display text of a storage id as a slot: `<address>:<slot>`; null for account-level keys. */
export function toSlotText(id: Id): string | null {
  return typeOf(id) === 'storage' ? id.slice(1) : null
}

/** Order of canonical ids (the key order). */
export const compareIds: Order.Comparator<Id> = Order.strings

/** Order of typed keys: type (account < balance < nonce < code < storage), address, slot. */
export const compare: Order.Comparator<Key> = Order.chain(
  Order.by((k: Key) => types.indexOf(k.type), Order.numbers),
  Order.by((k: Key) => k.address, Order.strings),
  Order.by((k: Key) => (k.type === 'storage' ? k.slot : ''), Order.strings),
)
