import { basename, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type ResourceLimits, Worker } from 'node:worker_threads'
import { BaseError } from '../primitives/Errors.ts'

/**
 * Starts the worker entry `<name>.ts|.js` that sits beside the calling module (`here` is the
 * caller's `import.meta.url`). From `dist/*.js` it runs the sibling `.js`; from `.ts` it runs the
 * test bundle in `$PARALLEL_EVM_LAB_WORKER_DIR/<layer>/<name>.js` (test/globalSetup.ts) or, under
 * plain `tsx`, bundles the entry with esbuild on the fly: in memory (`eval`, self-contained) or to
 * a file under node_modules/.cache with packages external (`file`, so the worker shares the
 * installed dependencies, e.g. the ethereumjs that JumpCache patches).
 */
export async function worker(
  here: string,
  name: string,
  options: worker.Options = {},
): Promise<Worker> {
  const { resourceLimits, bundle = 'eval' } = options
  const limits = resourceLimits ? { resourceLimits } : {}
  if (here.endsWith('.js')) return new Worker(new URL(`./${name}.js`, here), limits)
  const layer = basename(dirname(fileURLToPath(here)))
  const dir = process.env.PARALLEL_EVM_LAB_WORKER_DIR
  if (dir) return new Worker(`${dir}/${layer}/${name}.js`, limits)
  const entry = fileURLToPath(new URL(`./${name}.ts`, here))
  if (bundle === 'file') return new Worker(await bundleToFile(entry, layer, name), limits)
  const key = `${layer}/${name}`
  let code = bundledCode.get(key)
  if (code === undefined) {
    code = bundleInMemory(entry)
    bundledCode.set(key, code)
  }
  return new Worker(await code, { ...limits, eval: true })
}

export declare namespace worker {
  type Options = {
    readonly resourceLimits?: ResourceLimits | undefined
    /** How to run a `.ts` entry without a prebuilt bundle (default `eval`). */
    readonly bundle?: 'eval' | 'file'
  }
}

const bundledCode = new Map<string, Promise<string>>()
const bundledFiles = new Map<string, Promise<string>>()

async function bundleInMemory(entry: string): Promise<string> {
  const esbuild = await import('esbuild')
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'silent',
  })
  const file = result.outputFiles[0]
  if (file === undefined)
    throw new BaseError('esbuild produced no worker bundle', { code: 'INTERNAL' })
  return file.text
}

function bundleToFile(entry: string, layer: string, name: string): Promise<string> {
  const key = `${layer}/${name}`
  let file = bundledFiles.get(key)
  if (file === undefined) {
    file = (async () => {
      const esbuild = await import('esbuild')
      const outfile = fileURLToPath(
        new URL(`../../node_modules/.cache/parallel-evm-lab/${key}.mjs`, import.meta.url),
      )
      await esbuild.build({
        entryPoints: [entry],
        bundle: true,
        platform: 'node',
        format: 'esm',
        packages: 'external',
        outfile,
        logLevel: 'silent',
      })
      return outfile
    })()
    bundledFiles.set(key, file)
  }
  return file
}
