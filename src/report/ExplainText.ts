import type { Explanation } from '../analysis/Explain.ts'
import type * as Labels from '../trace/Labels.ts'

const TYPE_NAMES = { raw: 'read-after-write', waw: 'write-after-write', war: 'write-after-read' }

/** How much `render` prints. */
export type Options = {
  /** Rows of each summary list and steps of the chain when not `full`. Default 5. */
  readonly top?: number | undefined
  /** Also every direct dependency with every shared key, and the whole chain. */
  readonly full?: boolean | undefined
  /** Address labels, shown after each key's address. */
  readonly labels?: Labels.Labels | undefined
}

/**
 * Human-readable explanation of one tx's place in the schedule: a summary first (the keys and
 * earlier transactions that hold it back most), then the longest chain back to a root; `full`
 * adds every direct dependency with every shared key and the whole chain.
 */
export function render(e: Explanation, options: Options = {}): string {
  const { top = 5, full = false, labels = [] } = options
  const names = new Map(labels)
  const view: View = {
    top,
    full,
    unit: e.duration_unit === 'gas' ? 'gas' : 'tx',
    named: (key) => withLabel(key, names),
  }
  const lines = [
    `block ${e.block_number} tx_index ${e.tx_index} (${e.tx_hash})`,
    `wave ${e.wave} (0-based) of ${e.wave_count} waves; conflict degree ${e.conflict_degree}; duration ${e.duration_units} ${view.unit}`,
    `waits on ${e.direct_dependencies.length} earlier transaction(s) (the other ${e.conflict_degree - e.direct_dependencies.length} it conflicts with come later); it cannot start before ${e.dependency_chain[1]?.path_depth ?? 0} ${view.unit} (the longest chain before it)`,
    ...summary(e, view),
    ...(full ? dependencies(e, view) : []),
    ...chain(e, view),
  ]
  if (!full)
    lines.push('(--full lists every direct dependency with every shared key, and the whole chain)')
  return `${lines.join('\n')}\n`
}

/** What every part of the text needs. */
type View = {
  readonly top: number
  readonly full: boolean
  readonly unit: 'gas' | 'tx'
  readonly named: (key: string) => string
}

/** The keys and earlier transactions that hold the tx back most. */
function summary(e: Explanation, v: View): string[] {
  const { keys, holders } = e.summary
  if (keys.length === 0) return []
  const lines = [
    `held back most by these keys (direct dependencies through each; ${shown(v.top, keys.length, v.full)}):`,
  ]
  for (const k of cut(keys, v.top, v.full))
    lines.push(`  ${pad(k.dependency_count)}  ${v.named(k.key)}`)
  lines.push(
    `held back most by these earlier transactions (latest to finish first; ${shown(v.top, holders.length, v.full)}):`,
  )
  for (const h of cut(holders, v.top, v.full)) {
    const more = h.key_count > 1 ? ` and ${h.key_count - 1} more key(s)` : ''
    lines.push(
      `  tx_index ${h.tx_index} finishes at ${h.path_depth} ${v.unit}, via ${v.named(h.main_key)}${more}`,
    )
  }
  return lines
}

/** Every direct dependency with every shared key and its edge types (`--full`). */
function dependencies(e: Explanation, v: View): string[] {
  const lines = [`direct dependencies: ${e.direct_dependencies.length}`]
  for (const d of e.direct_dependencies) {
    lines.push(`  tx_index ${d.tx_index}: ${d.edge_types.map((t) => TYPE_NAMES[t]).join(', ')}`)
    for (const k of d.keys) lines.push(`    ${v.named(k.key)} [${k.edge_types.join(', ')}]`)
  }
  return lines
}

/** The longest chain back to a root: the first `top` steps with their main key, or all with every key. */
function chain(e: Explanation, v: View): string[] {
  const steps = e.dependency_chain
  const cutNote = v.full || steps.length <= v.top ? '' : `; first ${v.top} steps`
  const lines = [
    `longest ${v.unit}-weighted chain back to a root (${steps.length} tx, block critical path ${e.block_critical_path}${cutNote}):`,
  ]
  for (const step of cut(steps, v.top, v.full)) {
    const head = `  tx_index ${step.tx_index} wave ${step.wave} duration ${step.duration_units} path depth ${step.path_depth}`
    const waits = step.waits_for
    if (waits === null) lines.push(`${head} (root)`)
    else if (!v.full) {
      const [first] = waits.keys
      const more = waits.keys.length > 1 ? ` and ${waits.keys.length - 1} more` : ''
      lines.push(
        `${head} waits for tx_index ${waits.tx_index} via ${first === undefined ? '?' : v.named(first.key)}${more}`,
      )
    } else {
      lines.push(`${head} waits for tx_index ${waits.tx_index} via:`)
      for (const k of waits.keys) lines.push(`    ${v.named(k.key)} [${k.edge_types.join(', ')}]`)
    }
  }
  return lines
}

function cut<T>(items: readonly T[], top: number, full: boolean): readonly T[] {
  return full ? items : items.slice(0, top)
}

function shown(top: number, total: number, full: boolean): string {
  return full || total <= top ? `all ${total}` : `top ${top} of ${total}`
}

function pad(n: number): string {
  return String(n).padStart(5)
}

/** `balance:0x…` → `balance:0x… (WETH9)` when the key's address has a label. */
function withLabel(key: string, names: ReadonlyMap<string, string>): string {
  const address = key.split(':')[1] ?? ''
  const label = names.get(address)
  return label === undefined ? key : `${key} (${label})`
}
