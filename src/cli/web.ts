import type { Command } from 'commander';

/** Registers this area's commands on the program (filled in by its owner). */
export function register(_program: Command): void {}
