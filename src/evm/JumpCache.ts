import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'

/**
 * ethereumjs re-runs jump-destination analysis (a full scan of the code, decoding every PUSH into a
 * bigint) on every call frame; for a 20 KB router plus pairs and tokens that dominates a swap.
 * This memoizes the analysis per code buffer (the state backend hands out one buffer per account),
 * keyed by the interpreter's `Common`, so it is invisible to results. If the engine's internals are
 * not where expected it does nothing and execution simply stays slower.
 */
export async function install(): Promise<boolean> {
  installed ??= patch()
  return installed
}

let installed: Promise<boolean> | undefined

type Analysis = unknown
type Analyzer = (this: { common: object }, code: Uint8Array) => Analysis

async function patch(): Promise<boolean> {
  try {
    const index = createRequire(import.meta.url).resolve('@ethereumjs/evm')
    const file = join(dirname(index).replace(/[/\\]cjs$/, '/esm'), 'interpreter.js')
    if (!existsSync(file)) return false
    const module = (await import(pathToFileURL(file).href)) as {
      Interpreter?: { prototype: { _getValidJumpDestinations?: Analyzer } }
    }
    const proto = module.Interpreter?.prototype
    const original = proto?._getValidJumpDestinations
    if (proto === undefined || typeof original !== 'function') return false
    const caches = new WeakMap<object, WeakMap<Uint8Array, Analysis>>()
    proto._getValidJumpDestinations = function (this: { common: object }, code: Uint8Array) {
      let cache = caches.get(this.common)
      if (cache === undefined) {
        cache = new WeakMap()
        caches.set(this.common, cache)
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
