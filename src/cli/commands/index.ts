import type { Command } from 'commander'
import { register as analyzeFixture } from './analyze-fixture.ts'
import { register as analyzeTrace } from './analyze-trace.ts'
import { register as analyzeTracePack } from './analyze-trace-pack.ts'
import { register as bench } from './bench.ts'
import { register as benchEvmBlock } from './bench-evm-block.ts'
import { register as benchTracePack } from './bench-trace-pack.ts'
import { register as collectBlockRange } from './collect-block-range.ts'
import { register as demo } from './demo.ts'
import { register as explain } from './explain.ts'
import { register as generateEvmBlock } from './generate-evm-block.ts'
import { register as inspect } from './inspect.ts'
import { register as recommendAccessLists } from './recommend-access-lists.ts'
import { register as replay } from './replay.ts'
import { register as rpcCapabilityCheck } from './rpc-capability-check.ts'
import { register as validateTracePack } from './validate-trace-pack.ts'
import { register as verify } from './verify.ts'

/** Every subcommand, in help order. Each entry registers one command on the program. */
export const commands: readonly ((program: Command) => void)[] = [
  bench,
  benchTracePack,
  verify,
  inspect,
  analyzeFixture,
  analyzeTrace,
  analyzeTracePack,
  recommendAccessLists,
  explain,
  demo,
  rpcCapabilityCheck,
  collectBlockRange,
  validateTracePack,
  replay,
  generateEvmBlock,
  benchEvmBlock,
]
