#!/usr/bin/env node
import { main } from './program.ts'

// A closed pipe (`… | head`) is a normal way to stop reading, not an error worth a stack trace;
// any other failure to write the output is reported in one line (where stderr still works).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    if (stream === process.stdout)
      process.stderr.write(`error[IO_FAILED]: cannot write to stdout: ${err.code ?? err.message}\n`)
    process.exit(1)
  })
}

process.exitCode = await main(process.argv.slice(2))
