import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliDecompressSync } from 'node:zlib'

/** The bundled mainnet replay pack (Brotli-compressed files). */
export const MAINNET = new URL('../../data/mainnet/', import.meta.url).pathname

/** A bundled pack file's JSON (decompressed). */
export function bundled(rel: string): Record<string, unknown> {
  const bytes = readFileSync(join(MAINNET, `${rel}.br`))
  return JSON.parse(brotliDecompressSync(bytes).toString('utf8')) as Record<string, unknown>
}

/**
 * Writes a plain-JSON replay pack holding `numbers` of the bundled mainnet blocks into `dir`, with
 * only the codes and block hashes those blocks need; returns the files as text (name → JSON text),
 * so a test can rewrite one of them.
 */
export function extract(dir: string, numbers: readonly number[]): Record<string, string> {
  const codes = bundled('bytecodes.json') as Record<string, string>
  const hashes = bundled('block_hashes.json') as Record<string, string>
  const files: Record<string, string> = {}
  const used: Record<string, string> = {}
  const neededHashes: Record<string, string> = {}
  for (const n of numbers) {
    const block = bundled(`blocks/${n}/block.json`)
    const pre = bundled(`blocks/${n}/pre_state.json`) as Record<string, { code_hash?: string }>
    for (const account of Object.values(pre))
      if (account.code_hash !== undefined && codes[account.code_hash] !== undefined)
        used[account.code_hash] = codes[account.code_hash] as string
    for (const [k, h] of Object.entries(hashes))
      if (Number(k) < n && Number(k) >= n - 256) neededHashes[k] = h
    files[`blocks/${n}/block.json`] = JSON.stringify(block, null, 2)
    files[`blocks/${n}/pre_state.json`] = JSON.stringify(pre, null, 2)
  }
  files['bytecodes.json'] = JSON.stringify(used, null, 2)
  files['block_hashes.json'] = JSON.stringify(neededHashes, null, 2)
  write(dir, files)
  return files
}

/** Writes `files` (relative name → text) under `dir`. */
export function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
}
