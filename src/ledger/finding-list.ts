/**
 * The findings list of the web page and the CLI, fast at 100,000+ rows.
 * Every finding has a finding_county row for each county it concerns (its own
 * county included), so one county's page walks finding_county's
 * (county_code, finding_key) index in key order: no sort, and `after` (keyset)
 * makes a deep page cost what page 1 costs. The total is counted from index
 * entries: the county's own findings on finding(county_code, status, rule,
 * severity) plus the few listed there from elsewhere (finding_county.placed = 0).
 */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Db } from '../db/create-db.js';
import type { Database } from '../db/schema.js';
import type { FindingRow } from '../db/tables/ledger.js';

export interface FindingFilter {
  /** county codes; '' means unplaced items */
  countyCodes?: string[];
  rule?: string;
  severity?: string;
  status?: string[];
  /** town code or name */
  town?: string;
  /** village code or name */
  village?: string;
  /** a name (exact or prefix) or an ID number (exact or prefix) */
  search?: string;
  limit?: number;
  offset?: number;
  /** keyset paging: only findings whose key sorts after this one (key order only); offset counts from there */
  after?: string;
  orderBy?: 'key' | 'first_seen' | 'last_seen' | 'rule';
}

export interface Page<T> {
  rows: T[];
  total: number;
}

type FindingEb = ExpressionBuilder<Database, 'finding'>;

function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Every condition of the filter except the county one. `walkKeys`: SQLite must
 * not use the status/rule indexes (a unary + hides a column from them) — it
 * keeps no statistics, would pick them and sort the whole match before the
 * LIMIT, where walking the key index stops after one page.
 */
function attributeConditions(eb: FindingEb, filter: FindingFilter, walkKeys = false): Expression<SqlBool>[] {
  const column = (name: 'rule' | 'severity' | 'status') => (walkKeys ? sql<string>`+${sql.ref(`finding.${name}`)}` : sql.ref<string>(`finding.${name}`));
  const conditions: Expression<SqlBool>[] = [];
  if (filter.rule) conditions.push(eb(column('rule'), '=', filter.rule));
  if (filter.severity) conditions.push(eb(column('severity'), '=', filter.severity));
  if (filter.status?.length) conditions.push(eb(column('status'), 'in', filter.status));
  if (filter.town) conditions.push(eb.or([eb('finding.town_code', '=', filter.town), eb('finding.town', '=', filter.town)]));
  if (filter.village) conditions.push(eb.or([eb('finding.village_code', '=', filter.village), eb('finding.village', '=', filter.village)]));
  const search = filter.search?.trim().toUpperCase();
  if (search) {
    const prefix = likePrefix(search);
    conditions.push(
      eb.or([
        eb('finding.name', '=', search),
        eb('finding.name', 'like', prefix),
        eb('finding.id_number', 'like', prefix),
        eb('finding.subject', 'like', prefix),
        eb('finding.dept_id_number', 'like', prefix),
        eb('finding.household_id', '=', search),
      ]),
    );
  }
  return conditions;
}

/** The filter's county codes: real codes, and whether unplaced items ('') are wanted; undefined = every county. */
function countyScope(filter: FindingFilter): { codes: string[]; unplaced: boolean } | undefined {
  if (!filter.countyCodes) return undefined;
  return { codes: [...new Set(filter.countyCodes.filter((c) => c !== ''))], unplaced: filter.countyCodes.includes('') };
}

/** A finding concerns one of the codes (finding_county holds its own county too), or is unplaced. */
function inCounties(eb: FindingEb, scope: { codes: string[]; unplaced: boolean }): Expression<SqlBool> {
  const alternatives: Expression<SqlBool>[] = [];
  if (scope.codes.length) {
    alternatives.push(
      eb.exists(
        eb.selectFrom('finding_county').select('finding_county.finding_key')
          .whereRef('finding_county.finding_key', '=', 'finding.key')
          .where('finding_county.county_code', 'in', scope.codes),
      ),
    );
  }
  if (scope.unplaced) alternatives.push(eb('finding.county_code', 'is', null));
  // no county at all: nothing (SQLite cannot bind a boolean)
  return alternatives.length ? eb.or(alternatives) : sql<SqlBool>`1 = 0`;
}

async function pageRows(db: Db, filter: FindingFilter): Promise<FindingRow[]> {
  const scope = countyScope(filter);
  const order = filter.orderBy ?? 'key';
  if (filter.after !== undefined && order !== 'key') throw new Error('listFindings: `after` pages in key order only');
  const limit = filter.limit ?? 100;
  const offset = filter.offset ?? 0;
  if (scope && scope.codes.length === 1 && !scope.unplaced && order === 'key') {
    // one county: walk its finding_county index range in key order. CROSS JOIN keeps SQLite's join order
    // (finding_county outer); PostgreSQL plans it as the inner join it is.
    let q = db.kysely
      .selectFrom('finding_county')
      .crossJoin('finding')
      .selectAll('finding')
      .whereRef('finding.key', '=', 'finding_county.finding_key')
      .where('finding_county.county_code', '=', scope.codes[0]!)
      .where((eb) => eb.and(attributeConditions(eb as unknown as FindingEb, filter)));
    if (filter.after !== undefined) q = q.where('finding_county.finding_key', '>', filter.after);
    return q.orderBy('finding_county.finding_key').limit(limit).offset(offset).execute();
  }
  const walkKeys = db.dialect === 'sqlite' && order === 'key';
  let q = db.kysely.selectFrom('finding').selectAll('finding').where((eb) => eb.and(attributeConditions(eb, filter, walkKeys)));
  if (scope) q = q.where((eb) => inCounties(eb, scope));
  if (filter.after !== undefined) q = q.where('finding.key', '>', filter.after);
  q = q.orderBy(`finding.${order}`);
  if (order !== 'key') q = q.orderBy('finding.key');
  return q.limit(limit).offset(offset).execute();
}

/**
 * How many findings the filter matches, from index entries where it can: a
 * county's own findings, plus those listed in it from another county (or none),
 * plus the unplaced ones when asked for.
 */
async function countMatches(db: Db, filter: FindingFilter): Promise<number> {
  const scope = countyScope(filter);
  const count = async (extra?: (eb: FindingEb) => Expression<SqlBool>): Promise<number> => {
    const row = await db.kysely
      .selectFrom('finding')
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .where((eb) => eb.and([...(extra ? [extra(eb)] : []), ...attributeConditions(eb, filter)]))
      .executeTakeFirstOrThrow();
    return Number(row.total);
  };
  if (!scope) return count();
  const { codes, unplaced } = scope;
  const parts: Promise<number>[] = [];
  if (codes.length) {
    parts.push(count((eb) => eb('finding.county_code', 'in', codes)));
    // listed in one of the codes, placed elsewhere (or nowhere — unless unplaced ones are counted apart)
    const elsewhere = (eb: FindingEb) =>
      unplaced
        ? eb.and([eb('finding.county_code', 'is not', null), eb('finding.county_code', 'not in', codes)])
        : eb.or([eb('finding.county_code', 'is', null), eb('finding.county_code', 'not in', codes)]);
    // CROSS JOIN: SQLite starts from the few finding_county rows with placed = 0 whatever its statistics say
    const listedHere = db.kysely
      .selectFrom('finding_county')
      .crossJoin('finding')
      .select((eb) => eb.fn.count<number>('finding_county.finding_key').distinct().as('total'))
      .whereRef('finding.key', '=', 'finding_county.finding_key')
      .where('finding_county.placed', '=', 0)
      .where('finding_county.county_code', 'in', codes)
      .where((eb) => eb.and([elsewhere(eb as unknown as FindingEb), ...attributeConditions(eb as unknown as FindingEb, filter)]))
      .executeTakeFirstOrThrow();
    parts.push(listedHere.then((row) => Number(row.total)));
  }
  if (unplaced) parts.push(count((eb) => eb('finding.county_code', 'is', null)));
  return (await Promise.all(parts)).reduce((sum, n) => sum + n, 0);
}

export async function listFindings(db: Db, filter: FindingFilter = {}): Promise<Page<FindingRow>> {
  const [rows, total] = await Promise.all([pageRows(db, filter), countMatches(db, filter)]);
  return { rows, total };
}

