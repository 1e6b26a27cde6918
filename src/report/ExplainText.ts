import type { Explanation } from '../analysis/Explain.ts'

const TYPE_NAMES = { raw: 'read-after-write', waw: 'write-after-write', war: 'write-after-read' }

/** Human-readable explanation of one tx's place in the schedule. */
export function render(e: Explanation): string {
  const unit = e.duration_unit === 'gas' ? 'gas' : 'tx'
  const lines = [
    `block ${e.block_number} tx_index ${e.tx_index} (${e.tx_hash})`,
    `wave ${e.wave} (0-based) of ${e.wave_count} waves; conflict degree ${e.conflict_degree}; duration ${e.duration_units} ${unit}`,
    `direct dependencies: ${e.direct_dependencies.length}`,
  ]
  for (const d of e.direct_dependencies) {
    lines.push(`  tx_index ${d.tx_index}: ${d.edge_types.map((t) => TYPE_NAMES[t]).join(', ')}`)
    for (const k of d.keys) lines.push(`    ${k.key} [${k.edge_types.join(', ')}]`)
  }
  lines.push(
    `longest ${unit}-weighted chain back to a root (${e.dependency_chain.length} tx, block critical path ${e.block_critical_path}):`,
  )
  for (const step of e.dependency_chain) {
    const head = `  tx_index ${step.tx_index} wave ${step.wave} duration ${step.duration_units} path depth ${step.path_depth}`
    if (step.waits_for === null) {
      lines.push(`${head} (root)`)
      continue
    }
    lines.push(`${head} waits for tx_index ${step.waits_for.tx_index} via:`)
    for (const k of step.waits_for.keys) lines.push(`    ${k.key} [${k.edge_types.join(', ')}]`)
  }
  return `${lines.join('\n')}\n`
}
