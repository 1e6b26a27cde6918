/**
 * The EIP-7928 codec, ethereumjs's: a plain `Bal.Bal` becomes ethereumjs's
 * `BlockLevelAccessList`, whose `serialize()` is the canonical RLP and whose `hash()` is the
 * header commitment. Nothing here writes RLP by hand: encoding is ethereumjs's, and decoding
 * walks the item tree `@ethereumjs/rlp` returns, then re-encodes with ethereumjs and demands the
 * same bytes (so a non-minimal encoding is refused).
 */
import { RLP } from '@ethereumjs/rlp'
import {
  type BALJSONBlockAccessList,
  type BlockLevelAccessList,
  bytesToHex,
  createBlockLevelAccessListFromJSON,
  equalsBytes,
} from '@ethereumjs/util'
import * as Bal from '../trace/Bal.ts'
import * as Issue from '../trace/Issue.ts'

/** A plain BAL as ethereumjs's access list (its order is re-derived: give it a canonical BAL). */
export function toEthereumjs(bal: Bal.Bal): BlockLevelAccessList {
  const hex = (n: bigint | number) => `0x${n.toString(16)}` as `0x${string}`
  const json: BALJSONBlockAccessList = bal.map((a) => ({
    address: a.address as `0x${string}`,
    storageChanges: a.storageChanges.map((s) => ({
      slot: s.slot as `0x${string}`,
      slotChanges: s.changes.map((c) => ({
        blockAccessIndex: hex(c.index),
        postValue: c.value as `0x${string}`,
      })),
    })),
    storageReads: a.storageReads.map((s) => s as `0x${string}`),
    balanceChanges: a.balanceChanges.map((c) => ({
      blockAccessIndex: hex(c.index),
      postBalance: hex(c.value),
    })),
    nonceChanges: a.nonceChanges.map((c) => ({
      blockAccessIndex: hex(c.index),
      postNonce: hex(c.value),
    })),
    codeChanges: a.codeChanges.map((c) => ({
      blockAccessIndex: hex(c.index),
      newCode: c.value as `0x${string}`,
    })),
  }))
  return createBlockLevelAccessListFromJSON(json)
}

/** The canonical RLP of a BAL (ethereumjs's `serialize`). */
export function encode(bal: Bal.Bal): Uint8Array {
  return toEthereumjs(bal).serialize()
}

/** The BAL hash a header commits to: keccak-256 of the RLP (ethereumjs's `hash`), as hex. */
export function hash(bal: Bal.Bal): string {
  return bytesToHex(toEthereumjs(bal).hash())
}

/** ethereumjs's access list (e.g. the one its block builder recorded) as a plain BAL. */
export function fromEthereumjs(list: BlockLevelAccessList): Bal.Bal {
  const decoded = decode(list.serialize(), 'ethereumjs block access list')
  if (decoded.value === undefined)
    throw new Error(
      `ethereumjs produced an access list the lab cannot read: ${decoded.issues[0]?.message}`,
    )
  return decoded.value
}

/** A decode result: `value` only when the bytes are a canonical BAL. */
export type Decoded = { readonly value?: Bal.Bal; readonly issues: readonly Issue.Issue[] }

type Item = Uint8Array | Item[]

/**
 * Decodes RLP bytes (`file` names them in issues). Paths follow the execution-apis JSON form
 * (`[3].storageChanges[1].changes[0].index`), so a problem reads the same whichever form the BAL
 * came in. The entry order must be canonical (`Bal.check`), and ethereumjs must re-encode the
 * result to exactly these bytes.
 */
export function decode(bytes: Uint8Array, file: string): Decoded {
  const r = reader(file)
  let root: Item
  try {
    root = RLP.decode(bytes) as Item
  } catch (err) {
    r.bad(
      '',
      'an RLP list of account entries',
      `${bytes.length} bytes`,
      `not RLP: ${(err as Error).message}`,
    )
    return { issues: r.issues }
  }
  const out: Bal.Account[] = []
  for (const [i, entry] of (r.list(root, '', 'account entries') ?? []).entries()) {
    const account = accountOf(r, entry, `[${i}]`)
    if (account !== undefined) out.push(account)
  }
  if (r.issues.length > 0) return { issues: r.issues }
  const order = Bal.check(out, file)
  if (order.length > 0) return { issues: order }
  if (!equalsBytes(encode(out), bytes))
    return {
      issues: [
        Issue.from({
          file,
          path: '',
          code: 'non_canonical',
          expected: 'the canonical RLP (minimal integers, no leading zero bytes)',
          value: `${bytes.length} bytes`,
          message: 'the RLP is not canonical: ethereumjs re-encodes the decoded BAL to other bytes',
        }),
      ],
    }
  return { value: out, issues: [] }
}

type Reader = ReturnType<typeof reader>

/** Typed reads of RLP items that record an issue (and return undefined) on a mismatch. */
function reader(file: string) {
  const issues: Issue.Issue[] = []
  const bad = (path: string, expected: string, value: unknown, message: string): undefined => {
    issues.push(Issue.from({ file, path, code: 'invalid_rlp', expected, value, message }))
    return undefined
  }
  const list = (item: Item | undefined, path: string, what: string): Item[] | undefined =>
    Array.isArray(item)
      ? item
      : bad(path, `a list (${what})`, hexOf(item), `expected a list: ${what}`)
  const bytes = (item: Item | undefined, path: string, max: number, what: string) =>
    item instanceof Uint8Array && item.length <= max
      ? item
      : bad(path, `${what} (at most ${max} bytes)`, hexOf(item), `expected ${what}`)
  const scalar = (item: Item | undefined, path: string, max: number, what: string) => {
    const b = bytes(item, path, max, what)
    return b === undefined ? undefined : b.length === 0 ? 0n : BigInt(bytesToHex(b))
  }
  const word = (item: Item | undefined, path: string, what: string) => {
    const n = scalar(item, path, 32, what)
    return n === undefined ? undefined : `0x${n.toString(16).padStart(64, '0')}`
  }
  /** A list of exactly `size` items. */
  const tuple = (item: Item | undefined, path: string, size: number, what: string) => {
    const items = list(item, path, what)
    if (items === undefined || items.length === size) return items
    return bad(path, what, `a list of ${items.length}`, `expected ${size} items: ${what}`)
  }
  return { issues, bad, list, bytes, scalar, word, tuple }
}

function accountOf(r: Reader, entry: Item, at: string): Bal.Account | undefined {
  const what = '[address, storageChanges, storageReads, balanceChanges, nonceChanges, codeChanges]'
  const fields = r.tuple(entry, at, 6, what)
  if (fields === undefined) return undefined
  const address = r.bytes(fields[0], `${at}.address`, 20, 'a 20-byte address')
  if (address !== undefined && address.length !== 20)
    r.bad(`${at}.address`, 'a 20-byte address', hexOf(address), 'expected a 20-byte address')
  const storageChanges: Bal.SlotChanges[] = []
  for (const [j, s] of (
    r.list(fields[1], `${at}.storageChanges`, 'slot changes') ?? []
  ).entries()) {
    const here = `${at}.storageChanges[${j}]`
    const pair = r.tuple(s, here, 2, '[key, changes]')
    if (pair === undefined) continue
    const slot = r.word(pair[0], `${here}.key`, 'a storage key')
    const cs = changesOf(r, pair[1], `${here}.changes`, (v, p) => r.word(v, p, 'a storage value'))
    if (slot !== undefined && cs !== undefined) storageChanges.push({ slot, changes: cs })
  }
  const reads = r.list(fields[2], `${at}.storageReads`, 'storage reads') ?? []
  const storageReads = reads.flatMap(
    (item, j) => r.word(item, `${at}.storageReads[${j}]`, 'a storage key') ?? [],
  )
  const balanceChanges = changesOf(r, fields[3], `${at}.balanceChanges`, (v, p) =>
    r.scalar(v, p, 32, 'a balance'),
  )
  const nonceChanges = changesOf(r, fields[4], `${at}.nonceChanges`, (v, p) =>
    r.scalar(v, p, 8, 'a nonce'),
  )
  const codeChanges = changesOf(r, fields[5], `${at}.codeChanges`, (v, p) => {
    const b = r.bytes(v, p, Number.MAX_SAFE_INTEGER, 'code bytes')
    return b === undefined ? undefined : bytesToHex(b)
  })
  if (address === undefined || !balanceChanges || !nonceChanges || !codeChanges) return undefined
  const addressHex = bytesToHex(address)
  return {
    address: addressHex,
    storageChanges,
    storageReads,
    balanceChanges,
    nonceChanges,
    codeChanges,
  }
}

function changesOf<T>(
  r: Reader,
  item: Item | undefined,
  path: string,
  value: (v: Item | undefined, here: string) => T | undefined,
): Bal.Change<T>[] | undefined {
  const entries = r.list(item, path, 'changes')
  if (entries === undefined) return undefined
  const out: Bal.Change<T>[] = []
  for (const [k, entry] of entries.entries()) {
    const here = `${path}[${k}]`
    const pair = r.tuple(entry, here, 2, '[index, value]')
    if (pair === undefined) continue
    const index = r.scalar(pair[0], `${here}.index`, 4, 'a block access index')
    const v = value(pair[1], `${here}.value`)
    if (index !== undefined && v !== undefined) out.push({ index: Number(index), value: v })
  }
  return out
}

function hexOf(item: Item | undefined): string {
  if (item === undefined) return '<missing>'
  return item instanceof Uint8Array ? bytesToHex(item) : `a list of ${item.length}`
}
