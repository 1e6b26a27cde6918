/**
 * What each tracer kind (a pack manifest's `tracer_kind`) can and cannot see. The analyzer marks a
 * transaction's read set incomplete, and the reports warn "read coverage is incomplete", only for
 * tracers that cannot see account-level reads (storage-only tracers) or that it does not know.
 */

/** What a tracer kind observes. */
export type TracerCoverage = {
  readonly tracerKind: string
  /** True when every read that can make two transactions conflict is recorded. */
  readonly readsComplete: boolean
  /** What the tracer records. */
  readonly sees: string
  /** What it does not record (empty when nothing the analysis needs is missing). */
  readonly cannotSee: string
}

/** The EVM capture of `generate-evm-block`, `bench-evm-block` and `replay --trace-out`. */
const EVM_CAPTURE = 'ethereumjs-step-hook+state-manager-wrapper'

const STORAGE_ONLY_MISSES =
  'account-level keys (balance, nonce, code): two transactions that only meet on an ETH balance or a nonce are not seen to conflict, so conflicts are lower bounds'

const known: ReadonlyMap<string, Omit<TracerCoverage, 'tracerKind'>> = new Map(
  Object.entries({
    [EVM_CAPTURE]: {
      readsComplete: true,
      sees: 'every storage read and write (interpreter step hook), every balance and nonce a transaction changes, BALANCE/SELFBALANCE reads, code loads and the fee-recipient credit (state-manager wrapper)',
      cannotSee:
        'account existence checks (a CALL without value to an account) and a balance that changes and changes back within one transaction; both are listed in the manifest warnings',
    },
    'geth-prestate-diff': {
      readsComplete: true,
      sees: 'every account and storage slot a transaction touched (prestateTracer), and which of them it changed (diffMode): balance, nonce, code and storage',
      cannotSee:
        'writes that leave a value unchanged (they look like reads), BLOCKHASH and some delegation-target code reads',
    },
    'geth-js-storage': {
      readsComplete: false,
      sees: 'storage reads and writes (SLOAD/SSTORE) from a JavaScript tracer',
      cannotSee: STORAGE_ONLY_MISSES,
    },
    'sanitized-geth-js-storage': {
      readsComplete: false,
      sees: 'storage reads and writes (SLOAD/SSTORE) from a JavaScript tracer',
      cannotSee: STORAGE_ONLY_MISSES,
    },
    'geth-struct-logs': {
      readsComplete: false,
      sees: 'storage reads and writes (SLOAD/SSTORE) taken from the default struct logger',
      cannotSee: STORAGE_ONLY_MISSES,
    },
    'revm-inspector-sload-sstore': {
      readsComplete: false,
      sees: 'storage reads and writes (SLOAD/SSTORE) from a revm inspector',
      cannotSee: STORAGE_ONLY_MISSES,
    },
    'synthetic-generator': {
      readsComplete: true,
      sees: "the generator's declared accesses, which are the transactions' whole access sets",
      cannotSee: '',
    },
  }),
)

/**
 * The coverage of `tracerKind`; an unknown kind (a custom tracer) is treated as storage-only and
 * incomplete, which is the safe reading.
 */
export function of(tracerKind: string): TracerCoverage {
  const entry = known.get(tracerKind)
  if (entry !== undefined) return { tracerKind, ...entry }
  return {
    tracerKind,
    readsComplete: false,
    sees: 'unknown tracer kind: whatever accesses the pack lists',
    cannotSee: 'unknown; reads may be incomplete, so conflicts are lower bounds',
  }
}
