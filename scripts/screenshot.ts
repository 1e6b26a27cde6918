/**
 * Screenshots a dossier page in headless Chromium (same launch flags as the browser test).
 *
 *   tsx scripts/screenshot.ts [--html FILE | --pack DIR [--labels FILE] [--workers 1,2,4,8,16]]
 *                             [--out PNG] [--full]
 *
 * Defaults: `--html case-studies/demo/dossier.html --out case-studies/demo/dossier.png`, top 2,600
 * px of the page (`--full` for all of it). `--pack` builds the page from a trace pack through the
 * analyzer first (for packs whose case study does not exist yet). Fails on console errors or any
 * request that leaves the page.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import * as Chromium from '../test/browser/chromium.ts'
import * as Packs from '../test/browser/packs.ts'

const { values } = parseArgs({
  options: {
    html: { type: 'string' },
    pack: { type: 'string' },
    labels: { type: 'string' },
    workers: { type: 'string', default: '1,2,4,8,16' },
    out: { type: 'string', default: 'case-studies/demo/dossier.png' },
    full: { type: 'boolean', default: false },
  },
})

async function main(): Promise<void> {
  const html =
    values.pack === undefined
      ? readFileSync(values.html ?? 'case-studies/demo/dossier.html', 'utf8')
      : Packs.page(
          Packs.fromPack(values.pack, values.labels, values.workers.split(',').map(Number)),
          `parallel-evm-lab analyze-trace-pack --trace-dir ${values.pack} --out-dir <dir>`,
        )
  const dir = mkdtempSync(join(tmpdir(), 'dossier-shot-'))
  const context = await Chromium.launch(join(dir, 'profile'))
  try {
    const visit = await Chromium.open(context, join(dir, 'page.html'), html)
    if (visit.consoleErrors.length > 0 || visit.blocked.length > 0) {
      throw new Error(
        `page not clean: errors ${JSON.stringify(visit.consoleErrors)}, requests ${JSON.stringify(visit.blocked)}`,
      )
    }
    mkdirSync(dirname(values.out), { recursive: true })
    const height = await visit.page.evaluate<number>('document.documentElement.scrollHeight')
    await visit.page.screenshot({
      path: values.out,
      fullPage: true,
      ...(values.full ? {} : { clip: { x: 0, y: 0, width: 1280, height: Math.min(height, 2600) } }),
    })
    console.log(`wrote ${values.out} (page ready in ${visit.loadMs.toFixed(0)} ms)`)
  } finally {
    await context.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err))
  process.exitCode = 1
})
