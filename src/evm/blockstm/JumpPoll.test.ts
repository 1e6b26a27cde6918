import { hexToBytes } from '@ethereumjs/util'
import { createVM } from '@ethereumjs/vm'
import { describe, expect, test } from 'vitest'
import * as JumpPoll from './JumpPoll.ts'

// PUSH2 1024; loop: JUMPDEST PUSH1 1 SWAP1 SUB DUP1 PUSH1 3 JUMPI; STOP. No state read inside.
const LOOP = hexToBytes('0x6104005b600190038060035700')
const PASSES = 1024

describe('JumpPoll', () => {
  test('behavior: a VM created after install calls the poll at every JUMPDEST while it is set, and never after stop', async () => {
    expect(await JumpPoll.install()).toBe(true)
    const vm = await createVM()
    let polls = 0
    JumpPoll.start(() => {
      polls += 1
    })
    try {
      const result = await vm.evm.runCode({ code: LOOP, gasLimit: 1_000_000n })
      expect(result.exceptionError).toBeUndefined()
    } finally {
      JumpPoll.stop()
    }
    expect(polls).toBe(PASSES)
    await vm.evm.runCode({ code: LOOP, gasLimit: 1_000_000n })
    expect(polls).toBe(PASSES)
  })
})
