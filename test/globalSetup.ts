import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'

/**
 * Worker threads cannot load `.ts` on Node 20, so tests run workers from an esbuild bundle of
 * every `src/**\/worker*.ts` entry (about 20 ms). `exec/Pool.ts` finds it through this variable.
 */
export default async function setup(): Promise<void> {
  const entries: string[] = []
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (/^worker.*\.ts$/.test(entry.name) && !entry.name.endsWith('.test.ts'))
        entries.push(path)
    }
  }
  if (existsSync('src')) walk('src')
  const outdir = join(process.cwd(), '.test-workers')
  if (entries.length > 0) {
    await build({
      entryPoints: entries,
      bundle: true,
      platform: 'node',
      format: 'esm',
      outbase: 'src',
      outdir,
      packages: 'external',
      logLevel: 'silent',
    })
  }
  process.env.PARALLEL_EVM_LAB_WORKER_DIR = outdir
}
