import * as Spawn from '../exec/Spawn.ts'
import type * as BalExec from './BalExec.ts'
import { YOUNG_GENERATION_MB } from './blockstm/BlockStmPool.ts'

/**
 * Long-lived BAL-parallel workers, each with its own ethereumjs VM (`BalExec`); reusable across
 * blocks and thread counts. Every worker gets Block-STM's young generation, so timings compare
 * like for like.
 */
export type Pool = Spawn.Workers<BalExec.LoadMessage | BalExec.RunMessage, BalExec.Reply>

/**
 * Starts `size` workers. A crashed worker fails the pool (start a new one); `close()` terminates
 * all.
 * @example const pool = BalPool.create({ size: 4 }); try { … } finally { await pool.close() }
 */
export function create(options: { readonly size: number }): Pool {
  return Spawn.workers(import.meta.url, 'worker-bal', {
    size: options.size,
    label: 'bal-parallel worker',
    bundle: 'file',
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  })
}
