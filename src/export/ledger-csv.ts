/** findings.csv and tickets.csv: the ledger as it stands after the run, every status, sorted by key. */
import type { Db } from '../db/create-db.js';
import { isOverdue } from '../ledger/dates.js';
import { byKey, writeCsv } from './csv.js';

export const FINDINGS_HEADER = [
  'key', 'rule', 'level', 'severity', 'status', 'source', 'county_code', 'county', 'town', 'village',
  'household_id', 'subject', 'name', 'id_number', 'dept_id_number', 'system_value', 'dept_value', 'detail',
  'first_seen', 'last_seen',
] as const;

export const TICKETS_HEADER = [
  'key', 'kind', 'status', 'county_code', 'county', 'town', 'village', 'household_id', 'civil_head_id_number',
  'head_name', 'members', 'trigger', 'trigger_date', 'opened_at', 'due_at', 'overdue', 'result', 'assessed_at',
] as const;

export async function writeFindingsCsv(db: Db, file: string): Promise<number> {
  const rows = (await db.kysely.selectFrom('finding').select([...FINDINGS_HEADER]).execute()).sort(byKey);
  writeCsv(file, FINDINGS_HEADER, rows.map((row) => FINDINGS_HEADER.map((column) => row[column])));
  return rows.length;
}

/** `张三(370102199001011234);李四(…)`: the ticket's members, names with their IDs. */
export function formatMembers(membersJson: string): string {
  const members = JSON.parse(membersJson) as { idNumber: string; name: string }[];
  return members.map((m) => (m.name ? `${m.name}(${m.idNumber})` : m.idNumber)).join(';');
}

export async function writeTicketsCsv(db: Db, file: string, asOf: string): Promise<number> {
  const rows = (await db.kysely.selectFrom('ticket').selectAll().execute()).sort(byKey);
  writeCsv(
    file,
    TICKETS_HEADER,
    rows.map((row) => [
      row.key, row.kind, row.status, row.county_code, row.county, row.town, row.village, row.household_id,
      row.civil_head_id_number, row.head_name, formatMembers(row.members), row.trigger, row.trigger_date,
      row.opened_at, row.due_at, isOverdue(row, asOf) ? 'yes' : 'no', row.result, row.assessed_at,
    ]),
  );
  return rows.length;
}
