/** Total comparators. Strings compare by UTF-16 code unit (never `localeCompare`). */
export type Comparator<T> = (a: T, b: T) => number

/** Code-unit string order (byte order for ASCII). */
export function strings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Numeric order (also works for bigint). */
export function numbers<T extends number | bigint>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Orders `null` before every value, then by `inner`. */
export function nullsFirst<T>(inner: Comparator<T>): Comparator<T | null> {
  return (a, b) => (a === null ? (b === null ? 0 : -1) : b === null ? 1 : inner(a, b))
}

/** Compares by a projected value. */
export function by<T, K>(project: (value: T) => K, inner: Comparator<K>): Comparator<T> {
  return (a, b) => inner(project(a), project(b))
}

/** Lexicographic combination: the first non-zero comparator wins. */
export function chain<T>(...comparators: readonly Comparator<T>[]): Comparator<T> {
  return (a, b) => {
    for (const compare of comparators) {
      const result = compare(a, b)
      if (result !== 0) return result
    }
    return 0
  }
}

/** Returns a sorted copy with duplicates (comparator == 0) removed. */
export function sortedUnique<T>(values: Iterable<T>, compare: Comparator<T>): T[] {
  const sorted = [...values].sort(compare)
  const out: T[] = []
  for (const value of sorted) {
    const last = out[out.length - 1]
    if (out.length === 0 || compare(last as T, value) !== 0) out.push(value)
  }
  return out
}
