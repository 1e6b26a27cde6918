/**
 * Turns one finished partition's staged CSV rows into Parquet files (zstd), through DuckDB: one
 * `COPY (SELECT … FROM read_csv(…)) TO … (FORMAT parquet)` per table, with the column types of
 * `Schema`, written to a temp name and renamed, so a staged file is always complete.
 */
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import * as Dir from '../trace/Dir.ts'
import * as Duck from './Duck.ts'
import * as Schema from './Schema.ts'
import * as Staging from './Staging.ts'

/**
 * Writes the staged Parquet file of every table for the partition starting at `rangeStart` (an
 * empty table still gets a file, so its schema is always there), then removes the CSV parts.
 */
export async function writePartition(
  session: Duck.Session,
  tables: string,
  rangeStart: number,
): Promise<void> {
  for (const table of Schema.tables) {
    const csv = Staging.csvFile(tables, table.name, rangeStart)
    if (!existsSync(csv)) writeFileSync(csv, '')
    const target = Staging.partitionFile(Staging.dir(tables), table.name, rangeStart)
    const temp = `${target}.tmp`
    Dir.makeDirs(dirname(target))
    rmSync(temp, { force: true })
    await session.connection.run(copy(table, csv, temp))
    renameSync(temp, target)
  }
  Staging.removeCsv(tables, rangeStart)
}

function copy(table: Schema.Table, csv: string, target: string): string {
  const columns = table.columns.map((c) => `${Duck.literal(c.name)}: ${Duck.literal(c.type)}`)
  const source = [
    Duck.literal(csv),
    'header = false',
    "delim = ','",
    `quote = '"'`,
    `escape = '"'`,
    'allow_quoted_nulls = false',
    'auto_detect = false',
    `columns = {${columns.join(', ')}}`,
  ].join(', ')
  return `COPY (SELECT * FROM read_csv(${source})) TO ${Duck.literal(target)} (FORMAT parquet, COMPRESSION zstd)`
}
