/**
 * The staging area of a tables directory, `<tables>/.partial/`: per partition, the CSV rows of each
 * table as the range appends them (`csv/<table>-<range_start>.csv`), and each finished partition's
 * Parquet files (`<table>/range_start=<n>/part-0.parquet`). Nothing is visible under
 * `<tables>/<table>/` until `publish` moves the finished tables into place, so an interrupted run
 * leaves no partial table; `--resume` continues from the staged files.
 */
import { appendFileSync, existsSync, renameSync, rmSync, statSync, truncateSync } from 'node:fs'
import { join } from 'node:path'
import * as Dir from '../trace/Dir.ts'
import type { Csv } from './Rows.ts'
import * as Schema from './Schema.ts'

/** Byte length of each table's CSV part of one partition (where a resumed run cuts back to). */
export type Offsets = Readonly<Record<Schema.Name, number>>

/** The staging directory of `tables`. */
export function dir(tables: string): string {
  return join(tables, '.partial')
}

/** The CSV part of `table` for the partition starting at `rangeStart`. */
export function csvFile(tables: string, table: Schema.Name, rangeStart: number): string {
  return join(dir(tables), 'csv', `${table}-${rangeStart}.csv`)
}

/** Where a table's partition lands, under `root` (the tables directory or its staging area). */
export function partitionFile(root: string, table: Schema.Name, rangeStart: number): string {
  return join(root, table, `${Schema.PARTITION_COLUMN}=${rangeStart}`, 'part-0.parquet')
}

/** Appends one block's rows to its partition's CSV parts; returns their lengths afterwards. */
export function append(tables: string, rangeStart: number, csv: Csv): Offsets {
  Dir.makeDirs(join(dir(tables), 'csv'))
  const sizes: Partial<Record<Schema.Name, number>> = {}
  for (const table of Schema.names) {
    const file = csvFile(tables, table, rangeStart)
    appendFileSync(file, csv[table])
    sizes[table] = statSync(file).size
  }
  return sizes as Offsets
}

/**
 * Cuts a partition's CSV parts back to `offsets` (the last block a resumed run keeps); `undefined`
 * removes them (no block of the partition is kept).
 */
export function truncate(tables: string, rangeStart: number, offsets: Offsets | undefined): void {
  for (const table of Schema.names) {
    const file = csvFile(tables, table, rangeStart)
    if (offsets === undefined) rmSync(file, { force: true })
    else if (existsSync(file)) truncateSync(file, offsets[table])
  }
}

/** Removes a partition's CSV parts (after its Parquet files are staged). */
export function removeCsv(tables: string, rangeStart: number): void {
  truncate(tables, rangeStart, undefined)
}

/** Removes the whole staging area (a fresh run, or after `publish`). */
export function clear(tables: string): void {
  rmSync(dir(tables), { recursive: true, force: true })
}

/**
 * Moves every staged table into place, replacing `<tables>/<table>/` (a table with no staged
 * partition is removed: it would belong to another run), then removes the staging area.
 */
export function publish(tables: string): void {
  Dir.makeDirs(tables)
  for (const table of Schema.names) {
    const target = join(tables, table)
    const staged = join(dir(tables), table)
    const old = join(dir(tables), `${table}.old`)
    if (existsSync(target)) renameSync(target, old)
    if (existsSync(staged)) renameSync(staged, target)
    rmSync(old, { recursive: true, force: true })
  }
  clear(tables)
}
