/**
 * Read-only queries for the workbook, the web page and the CLI. Filters use the
 * (county_code, status, rule, severity) index; a county's list also finds items that
 * concern it from another county (finding_county). County '' means unplaced.
 * The findings list itself is in finding-list.ts.
 */
import { sql, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Db } from '../db/create-db.js';
import type { Database } from '../db/schema.js';
import type { EventRow, FindingRow, RunRow, TicketRow } from '../db/tables/ledger.js';
import type { Page } from './finding-list.js';

export { listFindings, type FindingFilter, type Page } from './finding-list.js';

type FindingQuery = SelectQueryBuilder<Database, 'finding', object>;

function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Findings of one county (own or listed there from another county); '' = unplaced ones. */
function inCounty(query: FindingQuery, countyCode: string): FindingQuery {
  if (countyCode === '') return query.where('finding.county_code', 'is', null);
  return query.where((eb: ExpressionBuilder<Database, 'finding'>) =>
    eb.or([
      eb('finding.county_code', '=', countyCode),
      eb.exists(
        eb.selectFrom('finding_county').select('finding_county.finding_key')
          .whereRef('finding_county.finding_key', '=', 'finding.key')
          .where('finding_county.county_code', '=', countyCode),
      ),
    ]),
  );
}

export async function getFinding(db: Db, key: string): Promise<FindingRow | undefined> {
  return db.kysely.selectFrom('finding').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function listEvents(db: Db, itemType: 'finding' | 'ticket', key: string): Promise<EventRow[]> {
  return db.kysely.selectFrom('event').selectAll().where('item_type', '=', itemType).where('item_key', '=', key).orderBy('id').execute();
}

export interface TicketFilter {
  countyCodes?: string[];
  kind?: string;
  status?: string[];
  town?: string;
  village?: string;
  search?: string;
  /** only open tickets past due on this date */
  overdueOn?: string;
  limit?: number;
  offset?: number;
}

export async function listTickets(db: Db, filter: TicketFilter = {}): Promise<Page<TicketRow>> {
  let q = db.kysely.selectFrom('ticket');
  if (filter.countyCodes) {
    const codes = filter.countyCodes.filter((c) => c !== '');
    const unplaced = filter.countyCodes.includes('');
    q = q.where((eb) => {
      const alternatives = [];
      if (codes.length) alternatives.push(eb('county_code', 'in', codes));
      if (unplaced) alternatives.push(eb('county_code', 'is', null));
      return alternatives.length ? eb.or(alternatives) : sql<SqlBool>`1 = 0`; // SQLite cannot bind a boolean
    });
  }
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (filter.status?.length) q = q.where('status', 'in', filter.status);
  if (filter.town) {
    const town = filter.town;
    q = q.where((eb) => eb.or([eb('town_code', '=', town), eb('town', '=', town)]));
  }
  if (filter.village) {
    const village = filter.village;
    q = q.where((eb) => eb.or([eb('village_code', '=', village), eb('village', '=', village)]));
  }
  if (filter.overdueOn) q = q.where('status', '=', 'open').where('due_at', '<', filter.overdueOn);
  const search = filter.search?.trim().toUpperCase();
  if (search) {
    const prefix = likePrefix(search);
    q = q.where((eb) =>
      eb.or([
        eb('subject', 'like', prefix),
        eb('civil_head_id_number', 'like', prefix),
        eb('head_name', 'like', prefix),
        eb('household_id', '=', search),
        eb('members', 'like', `%${search.replace(/[\\%_"]/g, '')}%`),
      ]),
    );
  }
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('key').limit(filter.limit ?? 100).offset(filter.offset ?? 0).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}

export async function getTicket(db: Db, key: string): Promise<TicketRow | undefined> {
  return db.kysely.selectFrom('ticket').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function listRuns(db: Db, limit = 20): Promise<RunRow[]> {
  return db.kysely.selectFrom('run').selectAll().orderBy('id', 'desc').limit(limit).execute();
}

export async function getRun(db: Db, id: number): Promise<RunRow | undefined> {
  return db.kysely.selectFrom('run').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface RuleTownCount {
  rule: string;
  townCode: string | null;
  town: string | null;
  /** open + in_progress */
  open: number;
  /** resolved, dismissed, auto_closed */
  closed: number;
}

/** Counts per rule and town for one county ('' = unplaced items): the workbook's 汇总 and the overview page. */
export async function countsByRuleAndTown(db: Db, countyCode: string): Promise<RuleTownCount[]> {
  const base = inCounty(db.kysely.selectFrom('finding'), countyCode);
  const isOpen = sql<number>`CASE WHEN finding.status IN ('open', 'in_progress') THEN 1 ELSE 0 END`;
  const rows = await base
    .select((eb) => [
      'finding.rule',
      'finding.town_code',
      eb.fn.max('finding.town').as('town'),
      eb.fn.sum<number>(isOpen).as('open'),
      eb.fn.countAll<number>().as('total'),
    ])
    .groupBy(['finding.rule', 'finding.town_code'])
    .orderBy('finding.rule')
    .orderBy('finding.town_code')
    .execute();
  return rows.map((row) => ({
    rule: row.rule,
    townCode: row.town_code,
    town: row.town,
    open: Number(row.open),
    closed: Number(row.total) - Number(row.open),
  }));
}
