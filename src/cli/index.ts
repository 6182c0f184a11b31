/**
 * The `recon` command. Each area registers its own commands; this file only
 * wires them and maps errors to exit codes: bad input (an InputError, or a
 * command line commander rejects) → 2 with one line on stderr; anything else → 1.
 * Every message passes scrubText as a last guard against an ID number leaking.
 */
import { Command, CommanderError } from 'commander';
import { InputError } from '../errors.js';
import { scrubText } from '../log.js';
import { register as registerRun } from './run.js';
import { register as registerIngest } from './ingest.js';
import { register as registerLedger } from './ledger.js';
import { register as registerWorkbook } from './workbook.js';
import { register as registerQueue } from './queue.js';
import { register as registerWeb } from './web.js';

/** Commander's own "exit" codes that are not failures. */
const NOT_FAILURES = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version', 'commander.executeSubCommandAsync']);

export function buildProgram(): Command {
  const program = new Command('recon')
    .description('Compare the national monitoring system with department extracts; keep findings and research tickets.')
    .exitOverride()
    // commander's usage errors become our one-line message (printed in main)
    .configureOutput({ writeErr: () => {} });
  for (const register of [registerRun, registerIngest, registerLedger, registerWorkbook, registerQueue, registerWeb]) {
    register(program);
  }
  // subcommands inherit neither exitOverride nor the output: set them on every one
  const visit = (command: Command) => {
    for (const sub of command.commands) {
      sub.exitOverride().configureOutput({ writeErr: () => {} });
      visit(sub);
    }
  };
  visit(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (NOT_FAILURES.has(err.code) || err.exitCode === 0) return 0;
      process.stderr.write(`recon: ${scrubText(err.message.replace(/^error: /, ''))} (see --help)\n`);
      return 2;
    }
    if (err instanceof InputError) {
      process.stderr.write(`recon: ${scrubText(err.message)}\n`);
      return 2;
    }
    process.stderr.write(`recon: ${scrubText(err instanceof Error ? err.message : String(err))}\n`);
    return 1;
  }
}
