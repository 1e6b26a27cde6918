import type { ConflictGraph } from './ConflictGraph.ts'
import * as CriticalPath from './CriticalPath.ts'
import * as Heap from './Heap.ts'

/** Ready-queue priority of the list scheduler. */
export type Strategy = 'canonical' | 'gas_lpt' | 'critical_path'

/** Strategies in report order. */
export const strategies: readonly Strategy[] = ['canonical', 'gas_lpt', 'critical_path']

/** Result of one theoretical list-scheduling run (not a measurement). */
export type Simulation = {
  readonly workers: number
  readonly makespan: number
  readonly totalDuration: number
  /** (makespan·W − Σduration) / (makespan·W) × 100, clamped at 0; 0 when capacity is 0. */
  readonly idlePercentage: number
  /** Σ (start − first time ready) over txs. */
  readonly readyWait: number
  readonly preservesDependencies: boolean
  /** Per position: start time. */
  readonly starts: readonly number[]
  /** Positions in the order they started (same-time starts in priority order). */
  readonly order: readonly number[]
}

/**
 * Simulates W workers taking ready txs (all dependencies finished) in `strategy` priority order;
 * event-driven, so cost is O(n log n + edges) per run.
 */
export function run(
  graph: Pick<ConflictGraph, 'txCount' | 'deps'>,
  durations: readonly number[],
  workers: number,
  strategy: Strategy,
): Simulation {
  const n = graph.txCount
  const plan = prepared(graph, durations)
  const ready = Heap.create(priority(plan, durations, strategy))
  const finish = new Array<number>(n).fill(-1)
  const starts = new Array<number>(n).fill(-1)
  const order: number[] = []
  const firstReady = new Array<number>(n).fill(0)
  const { successors } = plan
  const waiting = new Array<number>(n).fill(0)
  for (let b = 0; b < n; b++) {
    waiting[b] = graph.deps[b]!.length
    if (waiting[b] === 0) ready.push(b)
  }
  const running = Heap.create((a, b) => finish[a]! - finish[b]! || a - b)
  let now = 0
  let wait = 0
  for (;;) {
    while (running.size() < workers && ready.size() > 0) {
      const tx = ready.pop()!
      starts[tx] = now
      order.push(tx)
      wait += now - firstReady[tx]!
      finish[tx] = now + durations[tx]!
      running.push(tx)
    }
    if (running.size() === 0) break
    now = finish[running.peek()!]!
    while (running.size() > 0 && finish[running.peek()!] === now) {
      const done = running.pop()!
      for (const s of successors[done]!) {
        waiting[s]!--
        if (waiting[s] === 0) {
          firstReady[s] = now
          ready.push(s)
        }
      }
    }
  }
  let total = 0
  for (const d of durations) total += d
  return {
    workers,
    makespan: now,
    totalDuration: total,
    idlePercentage: idle(now, workers, total),
    readyWait: wait,
    preservesDependencies: preserves(graph, starts, finish),
    starts,
    order,
  }
}

/** Idle share of capacity: (makespan·W − busy) / (makespan·W) × 100, clamped at 0 (0 if no capacity). */
export function idle(makespan: number, workers: number, busy: number): number {
  const capacity = makespan * workers
  if (capacity <= 0) return 0
  return Math.max(0, ((capacity - busy) / capacity) * 100)
}

/** Worker-list normalization: drop zeros, dedupe, sort ascending, and always include 1 (the speedup baseline). */
export function normalizeWorkers(workers: readonly number[]): number[] {
  const set = new Set(workers.filter((w) => w > 0))
  set.add(1)
  return [...set].sort((a, b) => a - b)
}

type Plan = {
  readonly durations: readonly number[]
  readonly successors: readonly (readonly number[])[]
  readonly graph: Pick<ConflictGraph, 'txCount' | 'deps'>
  remaining: readonly number[] | null
}

/** Per-graph scheduling data shared by every run over the same durations (local cache; never output). */
const plans = new WeakMap<Pick<ConflictGraph, 'txCount' | 'deps'>, Plan>()

function prepared(
  graph: Pick<ConflictGraph, 'txCount' | 'deps'>,
  durations: readonly number[],
): Plan {
  const cached = plans.get(graph)
  if (cached !== undefined && cached.durations === durations) return cached
  const successors: number[][] = Array.from({ length: graph.txCount }, () => [])
  for (let b = 0; b < graph.txCount; b++) for (const a of graph.deps[b]!) successors[a]!.push(b)
  const plan: Plan = { durations, successors, graph, remaining: null }
  plans.set(graph, plan)
  return plan
}

function priority(
  plan: Plan,
  durations: readonly number[],
  strategy: Strategy,
): (a: number, b: number) => number {
  if (strategy === 'canonical') return (a, b) => a - b
  if (strategy === 'gas_lpt') return (a, b) => durations[b]! - durations[a]! || a - b
  plan.remaining ??= CriticalPath.remaining(plan.graph, durations)
  const rest = plan.remaining
  return (a, b) => rest[b]! - rest[a]! || durations[b]! - durations[a]! || a - b
}

function preserves(
  graph: Pick<ConflictGraph, 'txCount' | 'deps'>,
  starts: readonly number[],
  finish: readonly number[],
): boolean {
  for (let b = 0; b < graph.txCount; b++) {
    if (starts[b]! < 0) return false
    for (const a of graph.deps[b]!) if (finish[a]! > starts[b]!) return false
  }
  return true
}
