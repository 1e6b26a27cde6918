import { type Command, Option } from 'commander'
import { UsageError } from '../../primitives/Errors.ts'
import * as QueryTable from '../../report/QueryTable.ts'
import * as parse from '../parsers.ts'

type Flags = { readonly tables: string; readonly json?: boolean; readonly maxRows: number }

/** Registers `query`. */
export function register(program: Command): void {
  program
    .command('query')
    .description('run SQL (DuckDB) over the Parquet tables analyze-range --tables wrote')
    .argument(
      '<sql>',
      'SQL over the views blocks, txs, keys and edges (quote it); with several statements, the last one is printed',
    )
    .requiredOption('--tables <dir>', 'tables directory written by analyze-range --tables')
    .option('--json', 'print a JSON array of row objects instead of a text table')
    .addOption(
      new Option('--max-rows <n>', `rows printed at most, 1..=${parse.limits.queryRows}`)
        .argParser(parse.intIn(1, parse.limits.queryRows))
        .default(1000),
    )
    .addHelpText(
      'after',
      '\nExample: query --tables out/tables "SELECT block_number, ceiling_by_gas FROM blocks WHERE ceiling_by_gas < 1.5 ORDER BY 1"\nColumns and more queries: docs/tables.md. Needs the optional dependency @duckdb/node-api.',
    )
    .action(async (sql: string, flags: Flags) => {
      if (sql.trim() === '')
        throw new UsageError('the SQL statement is empty', {
          hints: ['example: query --tables DIR "SELECT count(*) FROM txs"'],
        })
      const Query = await import('../../tables/Query.ts')
      const result = await Query.run(flags.tables, sql, { maxRows: flags.maxRows })
      const { columns, rows, truncated } = result
      process.stdout.write(
        flags.json ? QueryTable.json(columns, rows) : QueryTable.text(columns, rows, truncated),
      )
      if (flags.json && truncated)
        process.stderr.write(
          `note: only the first ${flags.maxRows} rows were printed (--max-rows)\n`,
        )
    })
}
