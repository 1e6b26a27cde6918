import type { StateManagerInterface } from '@ethereumjs/common'
import type { InterpreterStep } from '@ethereumjs/evm'
import type { Address, Account as EthAccount } from '@ethereumjs/util'
import type { VM } from '@ethereumjs/vm'
import type * as TracePack from '../trace/TracePack.ts'

/**
 * Per-transaction access capture for an ethereumjs VM. Storage comes from the interpreter `step`
 * event (SLOAD/SSTORE with pc, depth and gas left); account fields come from a thin wrapper over
 * the state manager (balance/nonce changes diffed per tx, code loads). Deduplicated per tx.
 */
export type Recorder = {
  /** Starts recording a new transaction (drops anything recorded before). */
  readonly begin: () => void
  /** Ends the transaction and returns its deduplicated accesses, in first-observed order. */
  readonly end: () => Promise<TracePack.Access[]>
}

/** What the capture does not represent (manifest warnings of every pack it writes). */
export const warnings = [
  'storage accesses inside reverted sub-calls are still recorded (as in geth struct-log tracers)',
  'account existence checks (CALL to an account without value) are not recorded',
  'accesses are deduplicated per tx to the first (address, slot, kind, op); pc/depth/gas are of that first observation',
]

/** Name of the capture method, written into the trace-pack manifest as `tracer_kind`. */
export const tracerKind = 'ethereumjs-step-hook+state-manager-wrapper'

/** Instruments `vm` (its step event and its state manager) and returns the per-tx recorder. */
export function attach(vm: VM, coinbase: string): Recorder {
  const tally = createTally()
  const getAccount = vm.stateManager.getAccount.bind(vm.stateManager)
  wrapStateManager(vm.stateManager, tally)
  vm.evm.events?.on('step', (step: InterpreterStep) => onStep(step, tally))
  const fee = coinbase.toLowerCase()
  return {
    begin: tally.reset,
    end: async () => {
      for (const [key, { address, before }] of tally.touched) {
        const after = await getAccount(address)
        if ((before?.balance ?? 0n) !== (after?.balance ?? 0n)) {
          if (key === fee) tally.account(key, 'write', 'FEE_CREDIT')
          else tally.account(key, 'read_write', 'BALANCE')
        }
        if ((before?.nonce ?? 0n) !== (after?.nonce ?? 0n))
          tally.account(key, 'read_write', 'NONCE')
      }
      return [...tally.accesses.values()]
    },
  }
}

type Snapshot = { readonly balance: bigint; readonly nonce: bigint }
type Touched = { readonly address: Address; readonly before: Snapshot | undefined }
type Tally = ReturnType<typeof createTally>

/** The current tx's accesses (first observation per key) and pre-tx snapshots of touched accounts. */
function createTally() {
  const tally = {
    accesses: new Map<string, TracePack.Access>(),
    touched: new Map<string, Touched>(),
    reset: () => {
      tally.accesses = new Map()
      tally.touched = new Map()
    },
    add: (access: TracePack.Access): void => {
      const key = `${access.address}|${access.slot ?? ''}|${access.kind}|${access.op ?? ''}`
      if (!tally.accesses.has(key)) tally.accesses.set(key, access)
    },
    account: (address: string, kind: TracePack.AccessKind, op: TracePack.AccountOp): void =>
      tally.add({ address, slot: null, kind, op, pc: null, depth: null, gasRemaining: null }),
  }
  return tally
}

/** Wraps account and code methods: snapshot each account on first touch, record code loads/writes. */
function wrapStateManager(state: StateManagerInterface, tally: Tally): void {
  const { getAccount, putAccount, getCode, getCodeSize, putCode } = bound(state)
  const remember = async (address: Address): Promise<void> => {
    const key = address.toString()
    if (!tally.touched.has(key))
      tally.touched.set(key, { address, before: snapshot(await getAccount(address)) })
  }
  const codeRead = (address: Address): void => {
    if (!isPrecompile(address)) tally.account(address.toString(), 'read', 'CODE')
  }
  state.getAccount = async (address) => {
    await remember(address)
    return getAccount(address)
  }
  state.putAccount = async (address, value) => {
    await remember(address)
    return putAccount(address, value)
  }
  state.getCode = async (address) => {
    codeRead(address)
    return getCode(address)
  }
  state.getCodeSize = async (address) => {
    codeRead(address)
    return getCodeSize(address)
  }
  state.putCode = async (address, value) => {
    tally.account(address.toString(), 'write', 'CODE')
    return putCode(address, value)
  }
}

/** Storage opcodes → slot accesses; BALANCE/SELFBALANCE and EXTCODE* → account-field reads. */
function onStep(step: InterpreterStep, tally: Tally): void {
  const name = step.opcode.name
  const at = { pc: step.pc, depth: step.depth + 1, gasRemaining: Number(step.gasLeft) }
  const top = step.stack.at(-1) ?? 0n
  if (name === 'SLOAD' || name === 'SSTORE') {
    const kind = name === 'SLOAD' ? 'read' : 'write'
    tally.add({ ...at, address: step.address.toString(), slot: word(top), kind, op: name })
  } else if (name === 'BALANCE' || name === 'SELFBALANCE') {
    const address = name === 'BALANCE' ? addressOf(top) : step.address.toString()
    tally.add({ ...at, address, slot: null, kind: 'read', op: 'BALANCE' })
  } else if (name === 'EXTCODESIZE' || name === 'EXTCODECOPY' || name === 'EXTCODEHASH') {
    tally.add({ ...at, address: addressOf(top), slot: null, kind: 'read', op: 'CODE' })
  }
}

function bound(state: StateManagerInterface) {
  return {
    getAccount: state.getAccount.bind(state),
    putAccount: state.putAccount.bind(state),
    getCode: state.getCode.bind(state),
    getCodeSize: state.getCodeSize.bind(state),
    putCode: state.putCode.bind(state),
  }
}

function snapshot(account: EthAccount | undefined): Snapshot | undefined {
  return account === undefined ? undefined : { balance: account.balance, nonce: account.nonce }
}

function word(value: bigint): string {
  return `0x${value.toString(16).padStart(64, '0')}`
}

function addressOf(value: bigint): string {
  return `0x${(value & ((1n << 160n) - 1n)).toString(16).padStart(40, '0')}`
}

function isPrecompile(address: Address): boolean {
  const bytes = address.bytes
  for (let i = 0; i < 18; i++) if (bytes[i] !== 0) return false
  return true
}
