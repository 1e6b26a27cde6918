/**
 * The one place that loads DuckDB (`@duckdb/node-api`, an optional dependency with a native
 * binary). It is imported dynamically, only by the commands that write or query tables, so the
 * core analysis, its JSON/Markdown/HTML reports and every other command work without it.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import { BaseError, describe } from '../primitives/Errors.ts'

/** An open in-memory DuckDB database and its one connection. */
export type Session = {
  readonly connection: DuckDBConnection
  readonly close: () => void
}

/**
 * Opens an in-memory database: one DuckDB thread (the range's own workers use the cores; one
 * thread also keeps Parquet output identical run to run), a memory cap, and no extension
 * auto-install or auto-load (nothing reaches the network; Parquet and CSV are built in).
 */
export async function open(): Promise<Session> {
  const duck = await load()
  const instance = await duck.DuckDBInstance.create(':memory:', {
    threads: '1',
    memory_limit: '512MB',
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  })
  const connection = await instance.connect()
  return {
    connection,
    close: () => {
      connection.closeSync()
      instance.closeSync()
    },
  }
}

/** A SQL string literal (single quotes doubled). */
export function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`
}

async function load(): Promise<typeof import('@duckdb/node-api')> {
  try {
    return await import('@duckdb/node-api')
  } catch (err) {
    throw new UnavailableError(err)
  }
}

/** DuckDB could not be loaded (the optional dependency is missing or has no binary here). */
export class UnavailableError extends BaseError {
  override name = 'Duck.UnavailableError'
  constructor(cause: unknown) {
    super(`DuckDB is not available: ${describe(cause)}`, {
      code: 'TABLES_UNAVAILABLE',
      cause,
      hints: [
        'tables need the optional dependency @duckdb/node-api (a prebuilt native binary); install it with `npm install @duckdb/node-api@1.5.6-r.1`',
        'everything else (the range dossier, Markdown, HTML, blocks.csv) works without it: drop --tables',
      ],
    })
  }
}
