import type { Command } from 'commander'

/** Every subcommand, in help order. Each entry registers one command on the program. */
export const commands: readonly ((program: Command) => void)[] = []
