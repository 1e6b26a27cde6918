import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The package root (works from src/ and dist/), for bundled data such as `data/demo-pack`. */
export function packageRoot(): string {
  return fileURLToPath(new URL('../../', import.meta.url))
}

/** A path inside the package, e.g. `bundled('data', 'demo-pack')`. */
export function bundled(...parts: readonly string[]): string {
  return join(packageRoot(), ...parts)
}
