/** A binary min-heap of numbers under a caller-supplied total order (a factory, not a class). */
export function create(compare: (a: number, b: number) => number) {
  const items: number[] = []
  const push = (value: number): void => {
    items.push(value)
    let i = items.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (compare(items[i]!, items[parent]!) >= 0) break
      swap(i, parent)
      i = parent
    }
  }
  const pop = (): number | undefined => {
    if (items.length === 0) return undefined
    const top = items[0]!
    const last = items.pop()!
    if (items.length > 0) {
      items[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < items.length && compare(items[l]!, items[m]!) < 0) m = l
        if (r < items.length && compare(items[r]!, items[m]!) < 0) m = r
        if (m === i) break
        swap(i, m)
        i = m
      }
    }
    return top
  }
  const peek = (): number | undefined => items[0]
  const size = (): number => items.length
  function swap(i: number, j: number): void {
    const t = items[i]!
    items[i] = items[j]!
    items[j] = t
  }
  return { push, pop, peek, size }
}
