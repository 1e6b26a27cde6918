/** Test helper: a viem `custom` transport answering from a recorded fixtures/rpc file. */
import { readFileSync } from 'node:fs'
import { custom, type Transport } from 'viem'

export type Entry = {
  readonly method: string
  readonly key: string
  readonly config?: string
  readonly result?: unknown
  readonly error?: { readonly code: number; readonly message: string }
}

/** Every call the transport received, in order. */
export type Log = { method: string; key: unknown }[]

/**
 * Loads `fixtures/rpc/<name>.json` into a transport; unknown requests fail with -32601. `edit`
 * may rewrite the recorded entries first (a test's variant of a fixture).
 */
export function fixtureTransport(
  name: string,
  log: Log = [],
  edit: (entries: Entry[]) => Entry[] = (entries) => entries,
): Transport {
  const recorded = JSON.parse(readFileSync(`fixtures/rpc/${name}.json`, 'utf8')) as {
    responses: Entry[]
  }
  const responses = edit(recorded.responses)
  return custom({
    async request({ method, params }: { method: string; params?: unknown }) {
      const list = Array.isArray(params) ? params : []
      const key = list[0]
      log.push({ method, key })
      const config = list[1] as
        | { tracer?: string; tracerConfig?: { diffMode?: boolean } }
        | undefined
      const configName =
        config?.tracer === undefined
          ? undefined
          : config.tracerConfig?.diffMode
            ? `${config.tracer}+diffMode`
            : config.tracer
      const same = responses.filter((e) => e.method === method && e.key === key)
      const entry =
        same.find((e) => e.config !== undefined && e.config === configName) ??
        same.find((e) => e.config === undefined)
      if (entry === undefined)
        throw { code: -32601, message: `the method ${method} does not exist/is not available` }
      if (entry.error) throw entry.error
      return entry.result
    },
  })
}
