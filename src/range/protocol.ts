import type { BlockSummary } from '../analysis/RangeTypes.ts'
import type * as Rows from '../tables/Rows.ts'
import type * as Issue from '../trace/Issue.ts'
import type * as Labels from '../trace/Labels.ts'
import type * as TracePack from '../trace/TracePack.ts'

/** What every range worker needs to analyze any block of one pack. */
export type Setup = {
  readonly dir: string
  readonly manifest: TracePack.Manifest
  /** Normalized simulated worker counts. */
  readonly workers: readonly number[]
  readonly feeRecipient: 'exclude' | 'include'
  readonly labels: Labels.Labels
  /** Whether to encode the rows of every table (`--tables`), or only the block's row. */
  readonly rows: 'all-tables' | 'blocks-only'
}

/** A message to a range worker. */
export type Request =
  | { readonly kind: 'setup'; readonly setup: Setup }
  | { readonly kind: 'block'; readonly number: number }

/** The hashes of a block as parsed (its neighbours' parent-hash check reads them). */
export type Parsed = {
  readonly blockNumber: number
  readonly blockHash: string | null
  readonly parentHash: string | null
}

/** One block's outcome. */
export type BlockReply =
  | {
      readonly kind: 'analyzed'
      readonly number: number
      readonly parsed: Parsed
      readonly summary: BlockSummary
      /** The block's row of the `blocks` table (CSV). */
      readonly row: string
      /** Rows of every table, when the setup asks for them. */
      readonly csv?: Rows.Csv
    }
  | {
      readonly kind: 'invalid'
      readonly number: number
      readonly parsed?: Parsed
      readonly issues: readonly Issue.Issue[]
    }

/** A worker's reply. */
export type Reply =
  | { readonly kind: 'ready' }
  | BlockReply
  | { readonly kind: 'failed'; readonly number?: number; readonly message: string }
