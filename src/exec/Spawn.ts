import { dirname, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type ResourceLimits, Worker } from 'node:worker_threads'
import { BaseError } from '../primitives/Errors.ts'

/**
 * Starts the worker entry `<name>.ts|.js` that sits beside the calling module (`here` is the
 * caller's `import.meta.url`). From `dist/*.js` it runs the sibling `.js`; from `.ts` it runs the
 * test bundle in `$PARALLEL_EVM_LAB_WORKER_DIR/<folder under src>/<name>.js` (test/globalSetup.ts) or, under
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
  const folder = relative(srcRoot, dirname(fileURLToPath(here)))
  const dir = process.env.PARALLEL_EVM_LAB_WORKER_DIR
  if (dir) return new Worker(`${dir}/${folder}/${name}.js`, limits)
  const entry = fileURLToPath(new URL(`./${name}.ts`, here))
  if (bundle === 'file') return new Worker(await bundleToFile(entry, folder, name), limits)
  const key = `${folder}/${name}`
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

/** `src/` (or `dist/`): this file sits in its `exec/` folder. */
const srcRoot = fileURLToPath(new URL('../', import.meta.url))

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

function bundleToFile(entry: string, folder: string, name: string): Promise<string> {
  const key = `${folder}/${name}`
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

/**
 * `size` long-lived workers of one entry, each answering its requests one by one, in order. The
 * request/reply plumbing every pool shares: idle workers are unref'd (a forgotten pool never keeps
 * the process alive); a worker that errors or exits fails the pool (every pending request rejects,
 * every later one too) and `onFail` runs; `close()` rejects what is pending and terminates all.
 * @example const ws = Spawn.workers<Req, Rep>(import.meta.url, 'worker', { size: 2, label: 'worker thread' })
 */
export function workers<Req, Rep>(
  here: string,
  name: string,
  options: workers.Options,
): Workers<Req, Rep> {
  const { size, label, onFail } = options
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`pool size must be >= 1, got ${size}`)
  type Pending = { resolve: (reply: Rep) => void; reject: (err: Error) => void }
  const pending: Pending[][] = Array.from({ length: size }, () => [])
  let failure: Error | undefined
  let closed = false
  const fail = (err: Error): void => {
    failure ??= err
    for (const queue of pending) for (const p of queue.splice(0)) p.reject(failure)
    onFail?.()
  }
  const spawned = Array.from({ length: size }, (_, i) =>
    worker(here, name, options).then((w) => {
      w.unref()
      w.on('message', (reply: Rep) => {
        const queue = pending[i] as Pending[]
        const next = queue.shift()
        if (queue.length === 0) w.unref()
        next?.resolve(reply)
      })
      const failed = (message: string, cause?: unknown) =>
        new BaseError(`${label} ${i} failed: ${message}`, { code: 'WORKER_FAILED', cause })
      w.on('error', (err) => fail(failed(err.message, err)))
      w.on('exit', (code) => {
        if (!closed) fail(failed(`exited unexpectedly with code ${code}`))
      })
      if (closed) void w.terminate()
      return w
    }),
  )
  // A spawn failure surfaces at the first request that awaits it; mark it handled now.
  for (const s of spawned) s.catch(() => undefined)
  return {
    size,
    started: () => Promise.all(spawned),
    request: async (index, message) => {
      if (closed) throw new BaseError(`${label} pool is closed`, { code: 'WORKER_FAILED' })
      const w = await (spawned[index] as Promise<Worker>)
      if (closed) throw new BaseError(`${label} pool is closed`, { code: 'WORKER_FAILED' })
      if (failure) throw failure
      return new Promise<Rep>((resolve, reject) => {
        pending[index]?.push({ resolve, reject })
        w.ref()
        w.postMessage(message)
      })
    },
    close: async () => {
      if (closed) return
      closed = true
      fail(
        new BaseError(`${label} pool was closed with requests pending`, { code: 'WORKER_FAILED' }),
      )
      const settled = await Promise.allSettled(spawned)
      await Promise.all(
        settled.map((s) => (s.status === 'fulfilled' ? s.value.terminate() : undefined)),
      )
    },
  }
}

/** What `workers` returns. */
export type Workers<Req, Rep> = {
  readonly size: number
  /** Every worker, once all have started (for wiring them together before the first request). */
  readonly started: () => Promise<Worker[]>
  /** Sends one request to worker `index`; rejects if the pool failed or closes meanwhile. */
  readonly request: (index: number, message: Req) => Promise<Rep>
  readonly close: () => Promise<void>
}

export declare namespace workers {
  type Options = worker.Options & {
    readonly size: number
    /** Names a worker in errors: `<label> <index> failed: …`. */
    readonly label: string
    /** Runs once a worker has failed (after pending requests were rejected). */
    readonly onFail?: () => void
  }
}
