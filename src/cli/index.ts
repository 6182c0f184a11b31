/**
 * The `recon` command. Each area registers its own commands; this file only
 * wires them and maps errors to exit codes (InputError → 2, anything else → 1).
 */
import { Command, CommanderError } from 'commander';
import { InputError } from '../errors.js';
import { register as registerRun } from './run.js';
import { register as registerIngest } from './ingest.js';
import { register as registerLedger } from './ledger.js';
import { register as registerWorkbook } from './workbook.js';
import { register as registerQueue } from './queue.js';
import { register as registerWeb } from './web.js';

export function buildProgram(): Command {
  const program = new Command('recon')
    .description('Compare the national monitoring system with department extracts; keep findings and research tickets.')
    .showHelpAfterError()
    .exitOverride();
  for (const register of [registerRun, registerIngest, registerLedger, registerWorkbook, registerQueue, registerWeb]) {
    register(program);
  }
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof InputError) {
      process.stderr.write(`recon: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`recon: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
