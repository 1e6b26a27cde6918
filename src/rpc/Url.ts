/**
 * RPC URL resolution (docs/original-lab.md §1.12): `--rpc-url`, then the chain's environment
 * variable (`BASE_RPC_URL` for `base`, else `ETH_RPC_URL`), then `ETH_RPC_URL`. The URL is a
 * secret: no error here ever contains it.
 */
import { BaseError } from '../primitives/Errors.ts'

/** The environment variable consulted for `chain` (exact, case-sensitive match). */
export function envVarFor(chain: string): string {
  return chain === 'base' ? 'BASE_RPC_URL' : 'ETH_RPC_URL'
}

/** Resolves the URL or throws `MissingUrlError` / `InvalidUrlError` (messages never hold the URL). */
export function resolve(
  command: string,
  chain: string,
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const name = envVarFor(chain)
  const url = nonEmpty(flag) ?? nonEmpty(env[name]) ?? nonEmpty(env.ETH_RPC_URL)
  if (url === undefined) throw new MissingUrlError(command, name)
  let protocol: string
  try {
    protocol = new URL(url).protocol
  } catch {
    throw new InvalidUrlError('the RPC URL is not a valid URL')
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new InvalidUrlError(
      `the RPC URL must use http or https (got scheme ${JSON.stringify(protocol.slice(0, 12))})`,
    )
  }
  return url
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim()
}

/**
 * No URL from the flag or the environment. The message names the chain's variable, and for a
 * chain with its own variable (`base`) the `ETH_RPC_URL` fallback too.
 */
export class MissingUrlError extends BaseError {
  override name = 'Url.MissingUrlError'
  constructor(command: string, envVar: string) {
    const variables =
      envVar === 'ETH_RPC_URL' ? 'ETH_RPC_URL' : `${envVar} (or ETH_RPC_URL, its fallback)`
    super(`missing RPC URL for ${command}: pass --rpc-url or set ${variables}`, {
      code: 'RPC_URL_MISSING',
      exitCode: 2,
      hints: ['the URL is never printed or written; keep API keys in the environment variable'],
    })
  }
}

/** The URL is unusable (the message describes why without quoting it). */
export class InvalidUrlError extends BaseError {
  override name = 'Url.InvalidUrlError'
  constructor(message: string) {
    super(message, { code: 'CLI_USAGE', exitCode: 2 })
  }
}
