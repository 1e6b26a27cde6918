/** Options shared by the synthetic-workload commands (bench, inspect, verify). */
import { Option } from 'commander'
import * as parse from './parsers.ts'

/** `--workload` (default mixed). */
export function workloadOption(): Option {
  return new Option('--workload <name>', 'erc20, storage, swap-like, hot-pool or mixed')
    .argParser(parse.workload)
    .default('mixed')
}

/** `--seed` (default 42). */
export function seedOption(): Option {
  return new Option('--seed <n>', 'u64 generator seed').argParser(parse.u64).default(42n, '42')
}

/** `--vm-steps` (default 0). */
export function vmStepsOption(): Option {
  return new Option('--vm-steps <n>', 'CPU busy-loop iterations per tx')
    .argParser(parse.count)
    .default(0)
}
