/**
 * Writes the bundled mainnet replay pack `data/mainnet/` from a replay pack in RISE pevm's layout
 * (blocks/<n>/block.json, blocks/<n>/pre_state.json, bytecodes.json, block_hashes.json): every block
 * is first read and validated by the lab's own reader, then the files are written Brotli-compressed
 * with the same layout and content (the node's JSON answers are kept as they came, re-serialized
 * compactly; each code is stored once). Same input → byte-identical files.
 *   npx tsx scripts/make-mainnet-pack.ts <source-dir> [out-dir]
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type * as Json from '../src/primitives/Json.ts'
import * as ReplayDir from '../src/trace/ReplayDir.ts'

const [source, out = 'data/mainnet'] = process.argv.slice(2)
if (source === undefined) {
  console.error('usage: npx tsx scripts/make-mainnet-pack.ts <source-dir> [out-dir]')
  process.exit(2)
}

const pack = ReplayDir.open(source)
const blocks = pack.numbers.map((number) => {
  ReplayDir.readBlock(pack, number) // validates both files (throws with every issue)
  const raw = (name: string) =>
    JSON.parse(readFileSync(join(source, 'blocks', String(number), name), 'utf8')) as Json.Value
  return { number, block: raw('block.json'), preState: raw('pre_state.json') }
})
ReplayDir.write(
  out,
  {
    manifest: {
      chain: 'ethereum-mainnet',
      chainId: 1n,
      hardfork: null,
      provenance:
        "Ethereum mainnet: 52 real blocks (Frontier to Cancun) with pre-state, code and block hashes, from RISE pevm's public test data (MIT); see data/mainnet/README.md",
    },
    codes: pack.codes,
    blockHashes: pack.blockHashes,
    blocks,
  },
  { compress: true },
)
console.log(`wrote ${blocks.length} blocks and ${pack.codes.size} codes to ${out}`)
