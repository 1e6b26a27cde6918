import * as EvmInternals from './EvmInternals.ts'

/**
 * ethereumjs re-runs jump-destination analysis (a full scan of the code, decoding every PUSH into a
 * bigint, and looking up every opcode in the fork's table) on every call frame; for a 20 KB router
 * plus pairs and tokens that dominates a swap. This memoizes the analysis per code buffer (state
 * backends hand out one interned buffer per distinct code: `State.internCode`, so the cache also
 * holds across blocks and runs), per set of chain rules (hardfork, chain id and extra EIPs: the
 * opcode table the analysis reads), so it is invisible to results. If the engine's internals are
 * not where expected it does nothing and execution simply stays slower.
 */
export async function install(): Promise<boolean> {
  installed ??= patch()
  return installed
}

let installed: Promise<boolean> | undefined

type Analysis = unknown
type Rules = { hardfork(): string; chainId(): bigint; eips(): number[] }
type Analyzer = (this: { common: Rules }, code: Uint8Array) => Analysis

async function patch(): Promise<boolean> {
  try {
    const proto = (await EvmInternals.interpreterPrototype()) as
      | { _getValidJumpDestinations?: Analyzer }
      | undefined
    const original = proto?._getValidJumpDestinations
    if (proto === undefined || typeof original !== 'function') return false
    const caches = new Map<string, WeakMap<Uint8Array, Analysis>>()
    proto._getValidJumpDestinations = function (this: { common: Rules }, code: Uint8Array) {
      const { common } = this
      const rules = `${common.hardfork()}/${common.chainId()}/${common.eips().join(',')}`
      let cache = caches.get(rules)
      if (cache === undefined) {
        cache = new WeakMap()
        caches.set(rules, cache)
      }
      let analysis = cache.get(code)
      if (analysis === undefined) {
        analysis = original.call(this, code)
        cache.set(code, analysis)
      }
      return analysis
    }
    return true
  } catch {
    return false
  }
}
