import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'

/**
 * Tells the EVM Block-STM state when a transaction's execution depends on an account's balance
 * beyond crediting it, so that every other credit can stay lazy (`BlockStmMemory`). Inside the
 * interpreter a balance decides the outcome at five places, all methods of ethereumjs's
 * `Interpreter`: BALANCE (`getExternalBalance`), SELFBALANCE (`getSelfBalance`), a CALL or
 * CALLCODE with value (`_baseCall`: the caller's balance must cover it), a CREATE with value
 * (`create`), and SELFDESTRUCT (`_selfDestruct`: the whole balance moves). Each is wrapped once
 * per process to call the watcher attached to the running EVM (none for other VMs). The rest
 * (the sender's checks and debits, emptiness checks, debits anywhere) the state manager sees
 * itself.
 *
 * Unlike a speed patch, a missing hook would make results wrong, so `install` fails loudly when
 * the engine's internals are not where expected (ethereumjs 10.1.3 is pinned).
 */

/** Called with the lower-case address whose balance execution now depends on. */
export type Watcher = (address: string) => void

const WATCHER = Symbol('block-stm balance watcher')

type Evm = { [WATCHER]?: Watcher }
type Address = { toString(): string }
type Interpreter = {
  _evm: Evm
  _env: { address: Address }
}
type Method = (this: Interpreter, ...args: never[]) => unknown

/** Patches the interpreter once per process; rejects when a hooked method is missing. */
export function install(): Promise<void> {
  installed ??= patch()
  return installed
}

let installed: Promise<void> | undefined

/** Makes `watcher` the one the interpreter calls while `evm` runs. */
export function attach(evm: object, watcher: Watcher): void {
  ;(evm as Evm)[WATCHER] = watcher
}

async function patch(): Promise<void> {
  const index = createRequire(import.meta.url).resolve('@ethereumjs/evm')
  const file = join(dirname(index).replace(/[/\\]cjs$/, '/esm'), 'interpreter.js')
  if (!existsSync(file)) throw new Error(`ethereumjs interpreter not found at ${file}`)
  const module = (await import(pathToFileURL(file).href)) as {
    Interpreter?: { prototype: Record<string, Method | undefined> }
  }
  const proto = module.Interpreter?.prototype
  const names = ['getExternalBalance', 'getSelfBalance', '_baseCall', 'create', '_selfDestruct']
  const missing = names.filter((name) => typeof proto?.[name] !== 'function')
  if (proto === undefined || missing.length > 0)
    throw new Error(
      `ethereumjs Interpreter lacks ${missing.join(', ')}: Block-STM cannot watch balances`,
    )
  const self = (it: Interpreter) => it._env.address.toString()
  wrap(proto, 'getExternalBalance', (_, [address]) => (address as Address).toString())
  wrap(proto, 'getSelfBalance', self)
  wrap(proto, '_baseCall', (it, [msg]) => {
    const m = msg as { value?: bigint; delegatecall?: boolean }
    return (m.value ?? 0n) > 0n && m.delegatecall !== true ? self(it) : undefined
  })
  wrap(proto, 'create', (it, [, value]) => ((value as bigint) > 0n ? self(it) : undefined))
  wrap(proto, '_selfDestruct', self)
}

/** Replaces `proto[name]` with a method that first tells the watcher which balance it depends on. */
function wrap(
  proto: Record<string, Method | undefined>,
  name: string,
  watched: (it: Interpreter, args: readonly unknown[]) => string | undefined,
): void {
  const original = proto[name] as Method
  proto[name] = function (this: Interpreter, ...args: never[]) {
    const watcher = this._evm[WATCHER]
    if (watcher !== undefined) {
      const address = watched(this, args)
      if (address !== undefined) watcher(address)
    }
    return original.apply(this, args)
  }
}
