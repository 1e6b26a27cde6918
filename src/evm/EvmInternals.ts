import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'

/**
 * A module of ethereumjs's EVM by its path inside the ESM build that `@ethereumjs/vm` runs
 * (`interpreter.js`, `opcodes/functions.js`), for the patches that reach inside the EVM
 * (`JumpCache`, `blockstm/BalanceWatch`, `blockstm/JumpPoll`); undefined when the file is not
 * where ethereumjs 10.1.3 keeps it.
 */
export async function module<T>(path: string): Promise<Partial<T> | undefined> {
  const index = createRequire(import.meta.url).resolve('@ethereumjs/evm')
  const file = join(dirname(index).replace(/[/\\]cjs$/, '/esm'), path)
  if (!existsSync(file)) return undefined
  return (await import(pathToFileURL(file).href)) as Partial<T>
}

/** The prototype of ethereumjs's `Interpreter`, or undefined (see `module`). */
export async function interpreterPrototype(): Promise<Record<string, unknown> | undefined> {
  const interpreter = await module<{ Interpreter: { prototype: Record<string, unknown> } }>(
    'interpreter.js',
  )
  return interpreter?.Interpreter?.prototype
}
