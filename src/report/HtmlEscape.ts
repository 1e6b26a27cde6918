/**
 * Escaping helpers for the HTML dossier. Every string that comes from data goes through one of
 * these before it reaches markup: `text` for element content and attribute values, `json` for data
 * embedded in `<script type="application/json">`, `script` for trusted code inlined in `<script>`.
 */

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Escapes `& < > " '` so the value is inert as element text or as a quoted attribute value. */
export function text(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => entities[c] ?? c)
}

const jsonEscapes: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
}

/**
 * JSON text safe inside `<script type="application/json">`: `<`, `>`, `&` and the JS line
 * separators become `\uXXXX` escapes, so no `</script>` or `<!--` can appear; `JSON.parse` restores them.
 */
export function json(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => jsonEscapes[c] ?? c)
}

/**
 * Trusted JavaScript safe to inline in `<script>`: `</script` and `<!--` are split (`<\/script`,
 * `<\!--`), which means the same inside JS strings and regexes and cannot occur elsewhere in valid
 * code. Line endings become `\n`, as the HTML parser would make them (keeps CSP hashes exact).
 */
export function script(code: string): string {
  return code
    .replace(/\r\n?/g, '\n')
    .replace(/<\/(script)/gi, '<\\/$1')
    .replace(/<!--/g, '<\\!--')
}

/** `0x1234…abcd` for long hex values (addresses, hashes, slots); other values unchanged. */
export function shorten(value: string): string {
  return /^0x[0-9a-fA-F]{16,}$/.test(value) ? `${value.slice(0, 6)}…${value.slice(-4)}` : value
}
