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
  const named = (key: string) => withLabel(key, names)
  const unit = e.duration_unit === 'gas' ? 'gas' : 'tx'
  const s = e.summary
  const lines = [
    `block ${e.block_number} tx_index ${e.tx_index} (${e.tx_hash})`,
    `wave ${e.wave} (0-based) of ${e.wave_count} waves; conflict degree ${e.conflict_degree}; duration ${e.duration_units} ${unit}`,
    `waits on ${e.direct_dependencies.length} earlier transaction(s) (the other ${e.conflict_degree - e.direct_dependencies.length} it conflicts with come later); it cannot start before ${e.dependency_chain[1]?.path_depth ?? 0} ${unit} (the longest chain before it)`,
  ]
  if (s.keys.length > 0) {
    lines.push(
      `held back most by these keys (direct dependencies through each; ${shown(top, s.keys.length, full)}):`,
    )
    for (const k of cut(s.keys, top, full))
      lines.push(`  ${pad(k.dependency_count)}  ${named(k.key)}`)
    lines.push(
      `held back most by these earlier transactions (latest to finish first; ${shown(top, s.holders.length, full)}):`,
    )
    for (const h of cut(s.holders, top, full)) {
      const more = h.key_count > 1 ? ` and ${h.key_count - 1} more key(s)` : ''
      lines.push(
        `  tx_index ${h.tx_index} finishes at ${h.path_depth} ${unit}, via ${named(h.main_key)}${more}`,
      )
    }
  }
  if (full) {
    lines.push(`direct dependencies: ${e.direct_dependencies.length}`)
    for (const d of e.direct_dependencies) {
      lines.push(`  tx_index ${d.tx_index}: ${d.edge_types.map((t) => TYPE_NAMES[t]).join(', ')}`)
      for (const k of d.keys) lines.push(`    ${named(k.key)} [${k.edge_types.join(', ')}]`)
    }
  }
  const chain = e.dependency_chain
  lines.push(
    `longest ${unit}-weighted chain back to a root (${chain.length} tx, block critical path ${e.block_critical_path}${full || chain.length <= top ? '' : `; first ${top} steps`}):`,
  )
  for (const step of cut(chain, top, full)) {
    const head = `  tx_index ${step.tx_index} wave ${step.wave} duration ${step.duration_units} path depth ${step.path_depth}`
    if (step.waits_for === null) {
      lines.push(`${head} (root)`)
      continue
    }
    if (!full) {
      const [first] = step.waits_for.keys
      const more =
        step.waits_for.keys.length > 1 ? ` and ${step.waits_for.keys.length - 1} more` : ''
      lines.push(
        `${head} waits for tx_index ${step.waits_for.tx_index} via ${first === undefined ? '?' : named(first.key)}${more}`,
      )
      continue
    }
    lines.push(`${head} waits for tx_index ${step.waits_for.tx_index} via:`)
    for (const k of step.waits_for.keys)
      lines.push(`    ${named(k.key)} [${k.edge_types.join(', ')}]`)
  }
  if (!full)
    lines.push('(--full lists every direct dependency with every shared key, and the whole chain)')
  return `${lines.join('\n')}\n`
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
