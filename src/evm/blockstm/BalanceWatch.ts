import * as EvmInternals from '../EvmInternals.ts'

/**
 * Tells the EVM Block-STM state when a transaction's execution depends on an account's balance
 * beyond crediting it, so that every other credit can stay lazy (`BlockStmMemory`). Inside the
 * interpreter a balance decides the outcome at five places, all methods of ethereumjs's
 * `Interpreter`: BALANCE (`getExternalBalance`) and SELFBALANCE (`getSelfBalance`), which read
 * its value; a CALL or CALLCODE with value (`_baseCall`) and a CREATE with value (`create`), which
 * only compare the caller's balance with the value sent; and SELFDESTRUCT (`_selfDestruct`: the
 * whole balance moves). Each is wrapped once per process to call the watcher attached to the
 * running EVM (none for other VMs). The rest (the sender's checks and debits, emptiness checks,
 * debits anywhere) the state manager sees itself.
 *
 * Unlike a speed patch, a missing hook would make results wrong, so `install` fails loudly when
 * the engine's internals are not where expected (ethereumjs 10.1.3 is pinned).
 */

/** What the interpreter tells the state, with lower-case addresses. */
export type Watcher = {
  /** Execution now depends on the value of the balance. */
  readonly depends: (address: string) => void
  /** Execution compares the balance it has (`seen`) with `amount` it is about to send. */
  readonly covers: (address: string, seen: bigint, amount: bigint) => void
}

const WATCHER = Symbol('block-stm balance watcher')

type Evm = { [WATCHER]?: Watcher }
type Address = { toString(): string }
type Interpreter = {
  _evm: Evm
  _env: { address: Address; contract: { balance: bigint } }
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
  const proto = (await EvmInternals.interpreterPrototype()) as
    | Record<string, Method | undefined>
    | undefined
  if (proto === undefined)
    throw new Error('ethereumjs Interpreter not found: Block-STM cannot watch balances')
  const names = ['getExternalBalance', 'getSelfBalance', '_baseCall', 'create', '_selfDestruct']
  const missing = names.filter((name) => typeof proto[name] !== 'function')
  if (missing.length > 0)
    throw new Error(
      `ethereumjs Interpreter lacks ${missing.join(', ')}: Block-STM cannot watch balances`,
    )
  const self = (it: Interpreter) => it._env.address.toString()
  // The interpreter compares its frame's copy of the caller's account with the value sent.
  const sends = (w: Watcher, it: Interpreter, value: bigint) => {
    if (value > 0n) w.covers(self(it), it._env.contract.balance, value)
  }
  wrap(proto, 'getExternalBalance', (w, _, [address]) => w.depends((address as Address).toString()))
  wrap(proto, 'getSelfBalance', (w, it) => w.depends(self(it)))
  wrap(proto, '_baseCall', (w, it, [msg]) => {
    const m = msg as { value?: bigint; delegatecall?: boolean }
    if (m.delegatecall !== true) sends(w, it, m.value ?? 0n)
  })
  wrap(proto, 'create', (w, it, [, value]) => sends(w, it, value as bigint))
  wrap(proto, '_selfDestruct', (w, it) => w.depends(self(it)))
}

/** Replaces `proto[name]` with a method that first tells the watcher what it is about to look at. */
function wrap(
  proto: Record<string, Method | undefined>,
  name: string,
  tell: (watcher: Watcher, it: Interpreter, args: readonly unknown[]) => void,
): void {
  const original = proto[name] as Method
  proto[name] = function (this: Interpreter, ...args: never[]) {
    const watcher = this._evm[WATCHER]
    if (watcher !== undefined) tell(watcher, this, args)
    return original.apply(this, args)
  }
}
