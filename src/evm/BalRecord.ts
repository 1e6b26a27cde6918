import type { StateManagerInterface } from '@ethereumjs/common'
import {
  type Address,
  bytesToHex,
  type Account as EthAccount,
  setLengthLeft,
} from '@ethereumjs/util'
import type { VM } from '@ethereumjs/vm'
import type * as Bal from '../trace/Bal.ts'

/**
 * Records what each transaction contributes to its block's EIP-7928 access list, from the state
 * itself rather than from opcode rules: a thin wrapper over the VM's state manager notes every
 * address and slot the transaction reaches (any read or write, however the EVM got there) with
 * its value before the first access; when the transaction ends, each field and slot whose value
 * now differs is a change (its post-value), every other touched slot a read. A write reverted by a
 * failing call, or one that restores the old value, is therefore a read, as EIP-7928 asks; an
 * account the transaction only checked is an address-only entry.
 */
export type Recorder = {
  /** Starts a transaction at block access index `index` (drops anything recorded before). */
  readonly begin: (index: number) => void
  /** Ends the transaction and returns what it touched, read and changed. */
  readonly end: () => Promise<Bal.Part>
}

/** Per-transaction instrumentation `Execute.run` drives (`instrument` option). */
export type Instrument = {
  readonly begin: (position: number) => void
  readonly end: (position: number) => Promise<void>
}

type Snapshot = { readonly balance: bigint; readonly nonce: bigint; readonly codeHash: string }
type Slot = { readonly address: Address; readonly key: Uint8Array; readonly before: string }

/** Wraps `vm`'s state manager (once per VM) and returns the per-transaction recorder. */
export function attach(vm: VM): Recorder {
  const state = vm.stateManager
  const inner = bound(state)
  let index = 0
  let accounts = new Map<string, { address: Address; before: Snapshot | null }>()
  let slots = new Map<string, Slot>()
  const touch = async (address: Address): Promise<void> => {
    const key = address.toString()
    if (!accounts.has(key))
      accounts.set(key, { address, before: snapshot(await inner.getAccount(address)) })
  }
  const touchSlot = async (address: Address, raw: Uint8Array): Promise<void> => {
    await touch(address)
    const key = setLengthLeft(raw, 32)
    const id = `${address.toString()}:${bytesToHex(key)}`
    if (!slots.has(id))
      slots.set(id, { address, key, before: word(await inner.getStorage(address, key)) })
  }
  wrap(state, inner, touch, touchSlot)
  return {
    begin: (i) => {
      index = i
      accounts = new Map()
      slots = new Map()
    },
    end: () => finish(inner, index, accounts, slots),
  }
}

/**
 * An `Execute.run` instrument that records the part of every transaction into `parts`, the
 * transaction at position p (0-based) as block access index p + 1.
 * @example const parts: Bal.Part[] = []; await Execute.run(genesis, txs, { instrument: BalRecord.into(parts) })
 */
export function into(parts: Bal.Part[]): (vm: VM) => Instrument {
  return (vm) => {
    const recorder = attach(vm)
    return {
      begin: (position) => recorder.begin(position + 1),
      end: async () => {
        parts.push(await recorder.end())
      },
    }
  }
}

async function finish(
  inner: Inner,
  index: number,
  accounts: ReadonlyMap<string, { address: Address; before: Snapshot | null }>,
  slots: ReadonlyMap<string, Slot>,
): Promise<Bal.Part> {
  const writes: Bal.Write[] = []
  const reads: { address: string; slot: string }[] = []
  for (const [address, { address: at, before }] of accounts) {
    const after = snapshot(await inner.getAccount(at))
    const b = before ?? EMPTY
    const a = after ?? EMPTY
    if (a.balance !== b.balance) writes.push({ field: 'balance', address, value: a.balance })
    if (a.nonce !== b.nonce) writes.push({ field: 'nonce', address, value: a.nonce })
    if (a.codeHash !== b.codeHash) {
      const code = after === null ? '0x' : bytesToHex(await inner.getCode(at))
      writes.push({ field: 'code', address, value: code })
    }
  }
  for (const { address, key, before } of slots.values()) {
    const after = word(await inner.getStorage(address, key))
    const slot = bytesToHex(key)
    if (after === before) reads.push({ address: address.toString(), slot })
    else writes.push({ field: 'storage', address: address.toString(), slot, value: after })
  }
  return { index, touched: [...accounts.keys()], reads, writes }
}

const EMPTY_CODE_HASH = '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470'
const EMPTY: Snapshot = { balance: 0n, nonce: 0n, codeHash: EMPTY_CODE_HASH }

type Inner = ReturnType<typeof bound>

/** Every state method that reaches an address, wrapped to note the address (and slot) first. */
function wrap(
  state: StateManagerInterface,
  inner: Inner,
  touch: (address: Address) => Promise<void>,
  touchSlot: (address: Address, key: Uint8Array) => Promise<void>,
): void {
  state.getAccount = async (address) => {
    await touch(address)
    return inner.getAccount(address)
  }
  state.putAccount = async (address, account) => {
    await touch(address)
    return inner.putAccount(address, account)
  }
  state.deleteAccount = async (address) => {
    await touch(address)
    return inner.deleteAccount(address)
  }
  state.modifyAccountFields = async (address, fields) => {
    await touch(address)
    return inner.modifyAccountFields(address, fields)
  }
  state.getCode = async (address) => {
    await touch(address)
    return inner.getCode(address)
  }
  state.getCodeSize = async (address) => {
    await touch(address)
    return inner.getCodeSize(address)
  }
  state.putCode = async (address, code) => {
    await touch(address)
    return inner.putCode(address, code)
  }
  state.getStorage = async (address, key) => {
    await touchSlot(address, key)
    return inner.getStorage(address, key)
  }
  state.putStorage = async (address, key, value) => {
    await touchSlot(address, key)
    return inner.putStorage(address, key, value)
  }
  state.clearStorage = async (address) => {
    await touch(address)
    return inner.clearStorage(address)
  }
}

function bound(state: StateManagerInterface) {
  return {
    getAccount: state.getAccount.bind(state),
    putAccount: state.putAccount.bind(state),
    deleteAccount: state.deleteAccount.bind(state),
    modifyAccountFields: state.modifyAccountFields.bind(state),
    getCode: state.getCode.bind(state),
    getCodeSize: state.getCodeSize.bind(state),
    putCode: state.putCode.bind(state),
    getStorage: state.getStorage.bind(state),
    putStorage: state.putStorage.bind(state),
    clearStorage: state.clearStorage.bind(state),
  }
}

function snapshot(account: EthAccount | undefined): Snapshot | null {
  if (account === undefined) return null
  return { balance: account.balance, nonce: account.nonce, codeHash: bytesToHex(account.codeHash) }
}

function word(value: Uint8Array): string {
  return bytesToHex(setLengthLeft(value, 32))
}
