/**
 * `recon export --county …`: one county's correction workbook from the ledger,
 * without re-running. `recon import-workbook <file>`: a returned workbook back
 * into the ledger.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { defaultDbUrl } from '../config/env.js';
import { InputError } from '../errors.js';
import { formatImportReport, importWorkbook } from '../export/import-workbook.js';
import { workbookFileName, writeCountyWorkbook } from '../export/workbook.js';
import { resolveCounty } from '../export/workbook/items.js';
import { withDb } from './with-db.js';

export function register(program: Command): void {
  program
    .command('export')
    .description('write one county\'s correction workbook (核实表) from the ledger')
    .requiredOption('--county <code or name>', 'county code (6 digits) or name; "unplaced" for items with no county')
    .option('--out <file>', 'workbook to write (default: <county_code>-<county>.xlsx)')
    .option('--as-of <date>', 'judge overdue tickets on this date (default: the latest run\'s asOf)')
    .option('--db <url>', 'SQLite file or postgres:// URL (default: DATABASE_URL, else recon.sqlite)', defaultDbUrl())
    .action(async (opts: { county: string; out?: string; asOf?: string; db: string }) => {
      const { file, counts } = await withDb(opts.db, async (db) => {
        let countyCode: string | null = null;
        if (opts.county !== 'unplaced') {
          const county = await resolveCounty(db, opts.county);
          if (!county) throw new InputError(`--county ${opts.county}: no single county of that code or name in the ledger`);
          countyCode = county.code;
        }
        const file = opts.out ?? (await workbookFileName(db, countyCode));
        return { file, counts: await writeCountyWorkbook(db, countyCode, file, opts.asOf ? { asOf: opts.asOf } : {}) };
      });
      process.stdout.write(`${path.resolve(file)}: ${counts.findings} findings, ${counts.tickets} tickets\n`);
    });

  program
    .command('import-workbook')
    .description('read a returned correction workbook back into the ledger')
    .argument('<file>', 'the filled workbook (.xlsx)')
    .option('--by <name>', 'who imports it (recorded next to each row\'s 核实人/研判人)')
    .option('--today <date>', 'the date a blank 核实日期/研判日期 takes (default: today)')
    .option('--db <url>', 'SQLite file or postgres:// URL (default: DATABASE_URL, else recon.sqlite)', defaultDbUrl())
    .action(async (file: string, opts: { by?: string; today?: string; db: string }) => {
      const report = await withDb(opts.db, (db) =>
        importWorkbook(db, file, { ...(opts.by ? { by: opts.by } : {}), ...(opts.today ? { today: opts.today } : {}) }),
      );
      process.stdout.write(`${formatImportReport(report)}\n`);
    });
}
