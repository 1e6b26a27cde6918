/**
 * The normalized single-block access trace (docs/original-lab.md §2.1): the one input shape every
 * analysis consumes. Fixtures parse into it directly; trace packs convert into one per block.
 */
import type { Key } from './Key.ts'

export type AccessKind = 'read' | 'write' | 'read_write'

export type Access = { readonly kind: AccessKind; readonly key: Key }

export type Warning = { readonly txIndex: number | null; readonly message: string }

export type Tx = {
  readonly txIndex: number
  readonly txHash: string
  readonly from: string
  readonly to: string | null
  readonly readInfoComplete: boolean
  readonly accesses: readonly Access[]
  readonly warnings: readonly Warning[]
}

export type BlockTrace = {
  readonly chain: string
  readonly block: { readonly number: number; readonly hash: string | null }
  readonly transactions: readonly Tx[]
  readonly warnings: readonly Warning[]
}
