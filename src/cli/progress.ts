/**
 * Collection progress on stderr: a live line on a TTY (blocks done/total, txs, rate, ETA), plain
 * lines at most every `intervalMs` otherwise. Never part of any output file.
 */

/** Where and how progress is shown. */
export type Options = {
  readonly total: number
  readonly write: (text: string) => void
  readonly tty: boolean
  /** Milliseconds clock (injected in tests). */
  readonly now?: () => number
  /** Minimum time between plain lines. Default 5000. */
  readonly intervalMs?: number
}

/** Creates a progress reporter. */
export function create(options: Options) {
  const { total, write, tty, now = () => Date.now(), intervalMs = 5000 } = options
  const started = now()
  let blocks = 0
  let txs = 0
  let lastPrinted = -Infinity
  const line = (): string => {
    const seconds = Math.max((now() - started) / 1000, 1e-3)
    const rate = blocks / seconds
    const eta = rate > 0 ? Math.round((total - blocks) / rate) : null
    return `progress: ${blocks}/${total} blocks, ${txs} txs, ${rate.toFixed(2)} blocks/s, ETA ${eta === null ? '?' : `${eta}s`}`
  }
  return {
    /** Records one finished block with `txCount` transactions. */
    block(txCount: number): void {
      blocks++
      txs += txCount
      const t = now()
      if (tty) write(`\r${line()}\u001b[K`)
      else if (t - lastPrinted >= intervalMs || blocks === total) {
        write(`${line()}\n`)
        lastPrinted = t
      }
    },
    /** Erases the live line (TTY only), so a line printed next does not mix with it. */
    clear(): void {
      if (tty && blocks > 0) write('\r\u001b[K')
    },
    /** Ends the live line (TTY only). */
    done(): void {
      if (tty && blocks > 0) write('\n')
    },
  }
}
