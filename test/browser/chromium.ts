/**
 * Headless Chromium for dossier checks: Debian's `/usr/bin/chromium` driven by playwright-core,
 * with a fresh profile per launch. Shared by the browser test and `scripts/screenshot.ts`.
 */
import { existsSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type BrowserContext, chromium, type Page } from 'playwright-core'

/** Chromium binary (override with CHROMIUM_PATH). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Launch flags: no sandbox, GPU, first-run UI, background networking, updates or sync. */
export const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Launches Chromium with a fresh user-data dir; throws a clear error when it is not installed. */
export async function launch(profileDir: string): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH; browser checks never skip`,
    )
  }
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: LAUNCH_ARGS,
    viewport: { width: 1280, height: 900 },
  })
}

/** A page opened from a file, with what it logged and what it tried to fetch. */
export type Visit = {
  readonly page: Page
  readonly consoleErrors: string[]
  readonly blocked: string[]
  readonly loadMs: number
}

/**
 * Writes `html` to `file`, opens it, aborts (and records) every request that is not file: or
 * data:, records console errors and page errors, and waits for `window.__DOSSIER_READY__`.
 */
export async function open(context: BrowserContext, file: string, html: string): Promise<Visit> {
  writeFileSync(file, html)
  const page = await context.newPage()
  const consoleErrors: string[] = []
  const blocked: string[] = []
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text())
  })
  page.on('pageerror', (err) => consoleErrors.push(err.message))
  await page.route('**/*', (route) => {
    const url = route.request().url()
    if (url.startsWith('file:') || url.startsWith('data:')) return route.continue()
    blocked.push(url)
    return route.abort()
  })
  const started = performance.now()
  await page.goto(pathToFileURL(resolve(file)).href)
  await page.waitForFunction('window.__DOSSIER_READY__ === true')
  return { page, consoleErrors, blocked, loadMs: performance.now() - started }
}
