/**
 * The columnar tables a range writes (`analyze-range --tables DIR`): names, column order, DuckDB
 * types and meanings. docs/tables.md documents the same schema (a test keeps the two equal), and
 * `Rows.ts` encodes rows in exactly this column order.
 */

/** A DuckDB column type the tables use. */
export type ColumnType = 'BIGINT' | 'INTEGER' | 'DOUBLE' | 'VARCHAR' | 'BOOLEAN'

/** One column. */
export type Column = {
  readonly name: string
  readonly type: ColumnType
  /** True when the column can be NULL. */
  readonly nullable: boolean
  readonly description: string
}

/** One table. */
export type Table = {
  readonly name: Name
  readonly description: string
  readonly columns: readonly Column[]
}

/** Table names, in write order. */
export const names = ['blocks', 'txs', 'keys', 'edges'] as const
export type Name = (typeof names)[number]

/**
 * The partition column of every table: the first block number of the partition's block range
 * (`range_start=<n>` directories, Hive style; not stored inside the files).
 */
export const PARTITION_COLUMN = 'range_start'

const c = (name: string, type: ColumnType, description: string): Column => ({
  name,
  type,
  nullable: false,
  description,
})
const n = (name: string, type: ColumnType, description: string): Column => ({
  name,
  type,
  nullable: true,
  description,
})

/** Every table, in `names` order. */
export const tables: readonly Table[] = [
  {
    name: 'blocks',
    description: 'one row per analyzed block',
    columns: [
      c('block_number', 'BIGINT', 'block number'),
      n('block_hash', 'VARCHAR', 'block hash (null when the pack has none)'),
      c('tx_count', 'INTEGER', 'transactions analyzed'),
      n('gas_used', 'BIGINT', 'total gas used (null without complete gas)'),
      c('total_accesses', 'BIGINT', 'observed accesses'),
      c('distinct_keys', 'INTEGER', 'distinct keys touched'),
      c('shared_keys', 'INTEGER', 'keys touched by two or more transactions (rows in `keys`)'),
      c(
        'conflict_pair_count',
        'BIGINT',
        'conflicting transaction pairs (rows per pair in `edges`)',
      ),
      c('conflict_percentage', 'DOUBLE', 'conflicting pairs / possible pairs × 100'),
      n(
        'gas_weighted_conflict_percentage',
        'DOUBLE',
        'conflicts weighted by gas (null without complete gas)',
      ),
      c('overlapping_tx_count', 'INTEGER', 'transactions sharing any key with another'),
      c('wave_count', 'INTEGER', 'waves of mutually independent transactions'),
      c('max_wave_width', 'INTEGER', 'transactions in the widest wave'),
      c('critical_path_length', 'INTEGER', 'longest dependency chain, in transactions'),
      n('gas_critical_path', 'BIGINT', 'longest dependency chain, in gas (null without gas)'),
      c('ceiling_by_tx', 'DOUBLE', 'tx_count / critical_path_length'),
      n('ceiling_by_gas', 'DOUBLE', 'gas_used / gas_critical_path (null without gas)'),
      c('read_after_write_pairs', 'BIGINT', 'pairs with a read-after-write dependency'),
      c('write_after_write_pairs', 'BIGINT', 'pairs with a write-after-write dependency'),
      c('write_after_read_pairs', 'BIGINT', 'pairs with a write-after-read dependency'),
      n('top_key', 'VARCHAR', 'key with the largest conflict contribution (null: no conflicts)'),
      n('top_key_contribution', 'BIGINT', 'conflicting pairs whose keys include top_key'),
      n('top_contract', 'VARCHAR', 'contract with the largest conflict contribution'),
      n('top_contract_label', 'VARCHAR', 'label of top_contract (null when unlabelled)'),
      n(
        'ceiling_every_conflict',
        'DOUBLE',
        'execution ladder rung 1: gas ceiling with every conflict, fee recipient included (null without gas)',
      ),
      n(
        'ceiling_lazy_fee_recipient',
        'DOUBLE',
        'rung 2: fee-recipient credits lazy (= ceiling_by_gas unless --include-fee-recipient)',
      ),
      n(
        'ceiling_lazy_balance_credits',
        'DOUBLE',
        'rung 3: balance credits commutative too (an upper bound, docs/analysis.md)',
      ),
      n(
        'ceiling_bal_parallel',
        'DOUBLE',
        'rung 4: BAL-parallel with unbounded workers, gas_used / the longest transaction',
      ),
    ],
  },
  {
    name: 'txs',
    description: 'one row per analyzed transaction',
    columns: [
      c('block_number', 'BIGINT', 'block number'),
      c('tx_index', 'INTEGER', 'position in the block'),
      c('tx_hash', 'VARCHAR', 'transaction hash'),
      n('from_address', 'VARCHAR', 'sender (null when the pack has none)'),
      n('to_address', 'VARCHAR', 'recipient (null for a contract creation or when unknown)'),
      n('gas_used', 'BIGINT', 'receipt gas (null when the pack has none)'),
      c('wave', 'INTEGER', 'wave index (0-based): 1 + the latest wave it depends on'),
      c('conflict_degree', 'INTEGER', 'transactions of the block it conflicts with'),
      c(
        'on_critical_path',
        'BOOLEAN',
        'lies on a longest duration-weighted dependency chain of its block',
      ),
    ],
  },
  {
    name: 'keys',
    description:
      'one row per block and key touched by two or more transactions (a key one transaction touches cannot conflict)',
    columns: [
      c('block_number', 'BIGINT', 'block number'),
      c(
        'key',
        'VARCHAR',
        'key text: storage:<address>:<slot>, balance:, nonce:, code: or account:',
      ),
      c('key_type', 'VARCHAR', 'storage, balance, nonce, code or account'),
      c('address', 'VARCHAR', 'contract or account address'),
      n('slot', 'VARCHAR', 'storage slot (null for account-level keys)'),
      n('label', 'VARCHAR', 'label of the address (null when unlabelled)'),
      c('readers', 'INTEGER', 'transactions that read the key (read_write included)'),
      c('writers', 'INTEGER', 'transactions that write the key (read_write included)'),
      c('conflict_contribution', 'BIGINT', 'conflicting pairs whose conflict keys include it'),
    ],
  },
  {
    name: 'edges',
    description:
      'one row per conflicting transaction pair and dependency type (a pair with several types has several rows)',
    columns: [
      c('block_number', 'BIGINT', 'block number'),
      c('from_tx', 'INTEGER', 'tx_index of the earlier transaction'),
      c('to_tx', 'INTEGER', 'tx_index of the later transaction (it waits for from_tx)'),
      c('edge_type', 'VARCHAR', 'read_after_write, write_after_write or write_after_read'),
      c('key_count', 'INTEGER', 'keys that give this dependency type between the two'),
    ],
  },
]

/** The table named `name`. */
export function table(name: Name): Table {
  return tables.find((t) => t.name === name)!
}
