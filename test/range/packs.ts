/** Small generated range packs for the range tests (the generator `generate-range-pack` uses). */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import * as Dir from '../../src/trace/Dir.ts'
import * as DirBlocks from '../../src/trace/DirBlocks.ts'
import * as RangePack from '../../src/workload/RangePack.ts'

/** Writes a SYNTHETIC range pack of `blocks` × `txsPerBlock` into `dir`; returns `dir`. */
export function writePack(
  dir: string,
  options: { blocks: number; txsPerBlock: number; seed?: number; firstBlock?: number },
): string {
  const o = {
    blocks: options.blocks,
    txsPerBlock: options.txsPerBlock,
    seed: options.seed ?? 7,
    firstBlock: options.firstBlock ?? 1_000,
  }
  for (let i = 0; i < o.blocks; i++) DirBlocks.writeCompact(dir, RangePack.block(o, i))
  const labels = `${JSON.stringify(RangePack.labels(), null, 2)}\n`
  Dir.writeAtomically([{ path: join(dir, 'labels.json'), content: labels }])
  Dir.writeManifest(dir, RangePack.manifest(o))
  return dir
}

/** Every file under `dir` (relative path → bytes as latin1 text), for byte-exact comparisons. */
export function bytesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    out[relative(dir, path)] = readFileSync(path, 'latin1')
  }
  return out
}
