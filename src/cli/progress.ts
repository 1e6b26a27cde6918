/**
 * Progress on stderr, never part of any output file. Two shapes:
 *
 * - `create`: counted work (blocks collected, blocks analyzed, benchmark runs): a live line on a
 *   TTY (`done/total <unit>`, an optional detail count, rate, ETA), plain lines at most every
 *   `intervalMs` otherwise (the collectors keep those in logs);
 * - `phases`: work without a count (generating a block, measuring on worker threads): the current
 *   phase and the seconds it has run, on a TTY only.
 *
 * Commands call `forCommand` / `phasesForCommand`, which are silent unless stderr is a terminal and
 * the command prints no JSON on stdout (`enabled`).
 */

/** Where and how counted progress is shown. */
export type Options = {
  readonly total: number
  readonly write: (text: string) => void
  readonly tty: boolean
  /** Milliseconds clock (injected in tests). */
  readonly now?: () => number
  /** Minimum time between plain lines. Default 5000. */
  readonly intervalMs?: number
  /** What is counted (plural). Default `blocks`. */
  readonly unit?: string
  /** What each step may add to a second count (plural), or null for none. Default `txs`. */
  readonly detail?: string | null
}

/** A counted progress reporter. */
export type Reporter = {
  /** Records one finished step that adds `detailCount` to the detail count. */
  readonly tick: (detailCount?: number) => void
  /** The same, named for the collectors and `replay`: one finished block with `txCount` txs. */
  readonly block: (txCount: number) => void
  /** Erases the live line (TTY only), so a line printed next does not mix with it. */
  readonly clear: () => void
  /** Ends the live line (TTY only). */
  readonly done: () => void
}

/** Creates a counted progress reporter. */
export function create(options: Options): Reporter {
  const { total, write, tty, now = () => Date.now(), intervalMs = 5000 } = options
  const { unit = 'blocks', detail = 'txs' } = options
  const started = now()
  let steps = 0
  let details = 0
  let lastPrinted = -Infinity
  const line = (): string => {
    const seconds = Math.max((now() - started) / 1000, 1e-3)
    const rate = steps / seconds
    const eta = rate > 0 ? Math.round((total - steps) / rate) : null
    const extra = detail === null ? '' : `, ${details} ${detail}`
    return `progress: ${steps}/${total} ${unit}${extra}, ${rate.toFixed(2)} ${unit}/s, ETA ${eta === null ? '?' : `${eta}s`}`
  }
  const tick = (detailCount = 0): void => {
    steps++
    details += detailCount
    const t = now()
    if (tty) write(`\r${line()}\u001b[K`)
    else if (t - lastPrinted >= intervalMs || steps === total) {
      write(`${line()}\n`)
      lastPrinted = t
    }
  }
  return {
    tick,
    block: tick,
    clear(): void {
      if (tty && steps > 0) write('\r\u001b[K')
    },
    done(): void {
      if (tty && steps > 0) write('\n')
    },
  }
}

/** A reporter that shows nothing. */
const silent: Reporter = { tick: () => {}, block: () => {}, clear: () => {}, done: () => {} }

/**
 * Whether a command shows progress: only when stderr is a terminal and stdout is not JSON for a
 * script (`--json`).
 */
export function enabled(
  options: { readonly json?: boolean | undefined } = {},
  stream: { readonly isTTY?: boolean } = process.stderr,
): boolean {
  return stream.isTTY === true && options.json !== true
}

/** Counted progress for a command: a live TTY line, or nothing when `enabled` says no. */
export function forCommand(
  total: number,
  unit: string,
  options: { readonly json?: boolean | undefined; readonly detail?: string | null } = {},
): Reporter {
  if (!enabled(options)) return silent
  const write = (s: string) => process.stderr.write(s)
  return create({ total, unit, detail: options.detail ?? null, write, tty: true })
}

/** Phase progress: the current phase and its elapsed seconds. */
export type Phases = {
  /** Starts a phase (ends the previous one). */
  readonly start: (name: string) => void
  /** Erases the line and stops the timer. */
  readonly done: () => void
}

/**
 * Creates a phase reporter writing a live line (`<phase> … 12s`) refreshed every `tickMs` by an
 * unref'd timer (it never keeps the process alive). Work that blocks the main thread delays the
 * refresh, never the line that names the phase.
 */
export function phases(options: {
  readonly write: (text: string) => void
  readonly now?: () => number
  readonly tickMs?: number
}): Phases {
  const { write, now = () => Date.now(), tickMs = 1000 } = options
  let name: string | null = null
  let since = 0
  let timer: ReturnType<typeof setInterval> | undefined
  const draw = () => {
    if (name !== null) write(`\r${name} … ${Math.floor((now() - since) / 1000)}s\u001b[K`)
  }
  return {
    start(next: string): void {
      name = next
      since = now()
      draw()
      if (timer === undefined) {
        timer = setInterval(draw, tickMs)
        timer.unref()
      }
    },
    done(): void {
      if (timer !== undefined) clearInterval(timer)
      timer = undefined
      if (name !== null) write('\r\u001b[K')
      name = null
    },
  }
}

/** Phase progress for a command, or nothing when `enabled` says no. */
export function phasesForCommand(options: { readonly json?: boolean | undefined } = {}): Phases {
  if (!enabled(options)) return { start: () => {}, done: () => {} }
  return phases({ write: (s) => process.stderr.write(s) })
}
