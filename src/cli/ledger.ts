/**
 * Ledger commands for a person at a terminal: change a finding's status,
 * record a ticket's assessment. The same ledger functions as the workbook
 * import and the web page.
 */
import type { Command } from 'commander';
import { defaultDbUrl } from '../config/env.js';
import { assessTicket, ASSESSMENT_RESULTS } from '../ledger/assess-ticket.js';
import { today } from '../ledger/dates.js';
import { setFindingStatus, SETTABLE_FINDING_STATUSES } from '../ledger/finding-status.js';
import { maskKey } from '../ledger/mask-key.js';
import { withDb } from './with-db.js';


export function register(program: Command): void {
  const finding = program.command('finding').description('Work on one finding of the ledger.');
  finding
    .command('set-status')
    .description(`Set a finding's status (${SETTABLE_FINDING_STATUSES.join(', ')}); dismissing needs --note.`)
    .argument('<key>', 'the finding key, rule|subject|source')
    .argument('<status>', SETTABLE_FINDING_STATUSES.join(' | '))
    .requiredOption('--by <who>', 'who makes the change')
    .option('--note <text>', 'why (required to dismiss)')
    .option('--date <YYYY-MM-DD>', 'date of the change (default today)')
    .option('--db <url>', 'SQLite file or postgres:// URL (default: DATABASE_URL, else recon.sqlite)', defaultDbUrl())
    .action(async (key: string, status: string, options: { by: string; note?: string; date?: string; db: string }) => {
      const { outcome, finding: row } = await withDb(options.db, (db) =>
        setFindingStatus(db, key, status, { by: options.by, note: options.note ?? null, at: options.date ?? today() }),
      );
      process.stdout.write(`finding ${maskKey(key)}: ${outcome}, status ${row.status}\n`);
    });

  const ticket = program.command('ticket').description('Work on one research ticket (研判工单).');
  ticket
    .command('assess')
    .description('Record a ticket\'s assessment (研判); it closes the ticket as assessed.')
    .argument('<key>', 'the ticket key, kind|subject')
    .requiredOption('--result <result>', ASSESSMENT_RESULTS.join(' / '))
    .requiredOption('--by <who>', '研判人')
    .option('--note <text>', '研判说明')
    .option('--date <YYYY-MM-DD>', '研判日期 (default today)')
    .option('--db <url>', 'SQLite file or postgres:// URL (default: DATABASE_URL, else recon.sqlite)', defaultDbUrl())
    .action(async (key: string, options: { result: string; by: string; note?: string; date?: string; db: string }) => {
      const { outcome, ticket: row } = await withDb(options.db, (db) =>
        assessTicket(db, key, { result: options.result, by: options.by, note: options.note ?? null, assessedAt: options.date ?? today(), origin: 'cli' }),
      );
      process.stdout.write(`ticket ${maskKey(key)}: ${outcome}, status ${row.status}${row.result ? ` (${row.result})` : ''}\n`);
    });
}
