/**
 * Secret redaction (docs/original-lab.md §1.12): every provider or transport message goes through
 * `redact` before it reaches an error, a log line or a file. RPC URLs routinely embed API keys in
 * the path or query, so besides the spec's marker rules the exact URL and its secret-looking parts
 * are scrubbed too.
 */

/** Replacement for a URL. */
export const URL_MARK = '<redacted-rpc-url>'
/** Replacement for a bearer token. */
export const BEARER_MARK = '<redacted-bearer-token>'
/** Replacement for an `api_key=`-style secret. */
export const SECRET_MARK = '<redacted-secret>'

const secretMarkers = ['api_key=', 'apikey=', 'access_token=', 'token=', 'key='] as const

/** Redacts URLs, bearer tokens, `key=`-style secrets and every given secret string from `text`. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length > 0) out = out.split(secret).join(URL_MARK)
  }
  out = replaceAfter(out, 'https://', URL_MARK, /[\s"']/, true)
  out = replaceAfter(out, 'http://', URL_MARK, /[\s"']/, true)
  out = replaceAfter(out, 'Bearer ', BEARER_MARK, /[\s"'&,]/, false)
  // `apiKey=`, `API_KEY=`, `Token=`: providers spell the markers in any case.
  for (const marker of secretMarkers)
    out = replaceAfter(out, marker, SECRET_MARK, /[\s"'&,]/, false, true)
  return out
}

/**
 * The strings of `url` that must never be printed: the URL itself, its origin-less path and
 * query, credentials, every path segment or query value of 6 characters or more, and every
 * token-like host label (6+ characters with a digit, or 16+ characters: keys in subdomains).
 */
export function secretsOf(url: string): readonly string[] {
  const out = new Set<string>([url])
  try {
    const parsed = new URL(url)
    if (parsed.username) out.add(decodeURIComponent(parsed.username))
    if (parsed.password) out.add(decodeURIComponent(parsed.password))
    for (const segment of parsed.pathname.split('/')) {
      if (segment.length >= 6) out.add(segment)
    }
    for (const [, value] of parsed.searchParams) if (value.length >= 6) out.add(value)
    for (const label of parsed.hostname.split('.'))
      if ((label.length >= 6 && /[0-9]/.test(label)) || label.length >= 16) out.add(label)
    if (parsed.search.length > 1) out.add(parsed.search)
  } catch {
    // Not a parseable URL: the whole string is the secret.
  }
  return [...out]
}

/** Returns a redactor bound to the secrets of `url` (plus the generic rules). */
export function forUrl(url: string | undefined): (text: string) => string {
  const secrets = url === undefined ? [] : secretsOf(url)
  return (text) => redact(text, secrets)
}

function replaceAfter(
  text: string,
  marker: string,
  replacement: string,
  stop: RegExp,
  includeMarker: boolean,
  anyCase = false,
): string {
  let out = ''
  let rest = text
  for (;;) {
    const at = anyCase ? rest.toLowerCase().indexOf(marker) : rest.indexOf(marker)
    if (at < 0) return out + rest
    const start = at + marker.length
    let end = start
    while (end < rest.length && !stop.test(rest[end] ?? '')) end++
    const skip = rest.slice(start, end)
    const already = skip.startsWith('<redacted-')
    out += rest.slice(0, includeMarker ? at : start)
    out += already && !includeMarker ? skip : replacement
    rest = rest.slice(end)
  }
}
