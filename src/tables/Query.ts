/**
 * SQL over a tables directory (`query --tables DIR "SQL"`): each table present becomes a view of
 * its Parquet files (`read_parquet('<dir>/<table>/**\/*.parquet', hive_partitioning = true)`, so
 * `range_start` is a column too), the statement runs in DuckDB, and at most `maxRows` rows are
 * read back. Values come back as plain JSON values (BIGINT and HUGEINT as bigint, other DuckDB
 * types as their text).
 */
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { BaseError, describe } from '../primitives/Errors.ts'
import * as Duck from './Duck.ts'
import * as Schema from './Schema.ts'

/** One cell of a result. */
export type Value = null | boolean | number | bigint | string

/** A query's result: column names, the rows read, and whether more rows were left unread. */
export type Result = {
  readonly columns: readonly string[]
  readonly rows: readonly (readonly Value[])[]
  readonly truncated: boolean
}

/** Tables of `dir` that hold at least one Parquet file, in `Schema.names` order. */
export function present(dir: string): Schema.Name[] {
  return Schema.names.filter((table) => {
    try {
      const files = readdirSync(join(dir, table), { recursive: true, encoding: 'utf8' })
      return files.some((f) => f.endsWith('.parquet'))
    } catch {
      return false
    }
  })
}

/**
 * Runs `sql` over the tables in `dir`. Throws `NotFoundError` when `dir` holds no table,
 * `QueryError` (DuckDB's message, plus the tables there are) when the statement fails.
 * @example const { columns, rows } = await Query.run('out/tables', 'SELECT count(*) FROM txs', { maxRows: 10 })
 */
export async function run(dir: string, sql: string, options: run.Options): Promise<Result> {
  const tables = present(dir)
  if (tables.length === 0) throw new NotFoundError(dir)
  const session = await Duck.open()
  try {
    const { connection } = session
    for (const table of tables) {
      const files = Duck.literal(join(dir, table, '**', '*.parquet'))
      await connection.run(
        `CREATE VIEW ${table} AS SELECT * FROM read_parquet(${files}, hive_partitioning = true)`,
      )
    }
    try {
      const result = await connection.stream(sql)
      const rows: Value[][] = []
      let truncated = false
      for (;;) {
        const chunk = await result.fetchChunk()
        if (chunk === null || chunk.rowCount === 0) break
        for (const row of chunk.getRows()) {
          if (rows.length === options.maxRows) truncated = true
          else rows.push(row.map(plain))
        }
        if (truncated) break
      }
      return { columns: result.columnNames(), rows, truncated }
    } catch (err) {
      throw new QueryError(err, dir, tables)
    }
  } finally {
    session.close()
  }
}

export declare namespace run {
  type Options = {
    /** Most rows read back; more set `truncated`. */
    readonly maxRows: number
  }
}

function plain(value: unknown): Value {
  if (value === null || value === undefined) return null
  if (typeof value === 'boolean' || typeof value === 'number' || typeof value === 'bigint')
    return value
  return String(value)
}

/** The tables directory holds no table. */
export class NotFoundError extends BaseError {
  override name = 'Query.NotFoundError'
  constructor(dir: string) {
    const what = isDirectory(dir) ? 'holds no table' : 'does not exist'
    super(`no tables in ${dir}: the directory ${what}`, {
      code: 'TABLES_NOT_FOUND',
      hints: [
        `expected ${join(dir, '<table>', 'range_start=<n>', 'part-0.parquet')} for the tables ${Schema.names.join(', ')}`,
        'write them with: parallel-evm-lab analyze-range --trace-dir PACK --out-dir OUT --tables DIR',
      ],
    })
  }
}

/** DuckDB rejected or failed the statement. */
export class QueryError extends BaseError {
  override name = 'Query.QueryError'
  constructor(cause: unknown, dir: string, tables: readonly string[]) {
    const [first = '', ...rest] = describe(cause)
      .replace(/^Failed to extract statements: /, '')
      .split('\n')
    const details = rest.join('\n').trim()
    super(`query failed: ${first}`, {
      code: 'QUERY_FAILED',
      cause,
      details: details === '' ? undefined : `\n${details}`,
      hints: [
        `tables in ${dir}: ${tables.join(', ')} (columns: docs/tables.md)`,
        'quote the whole statement: query --tables DIR "SELECT …"',
      ],
    })
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}
