/**
 * The finding half of a nightly ledger update (rules.md "The ledger across runs").
 * Reads the whole ledger once, decides every transition in memory, then writes
 * in bulk: changed or new rows are upserted, rows seen again unchanged (same
 * fingerprint and status) only get their last_seen moved.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/create-db.js';
import type { NewEvent, NewFinding } from '../db/tables/ledger.js';
import type { FindingCandidate, RuleCode } from '../model/findings.js';
import { bulkDeleteByKey, bulkInsert, bulkUpdateByKey } from './bulk-insert.js';
import { findingKey, placeColumns } from './keys.js';
import type { Tx } from './lock.js';
import { ruleLevelAndSeverity } from './rule-meta.js';
import { inRunScope, storedCounties } from './scope.js';
import type { LedgerResult, LedgerRun, LedgerScope, RuleCounts } from './types.js';

/** What a run writes about a finding besides its dates and status: equal → only last_seen moves. */
function fingerprintOf(row: NewFinding): string {
  const content = [
    row.level, row.severity, row.county_code, row.county, row.town_code, row.town, row.village_code, row.village,
    row.household_id, row.name, row.id_number, row.dept_id_number, row.system_value, row.dept_value, row.detail,
    row.evidence, row.counties, row.region,
  ];
  return createHash('sha1').update(JSON.stringify(content)).digest('base64');
}

function countsFor(result: LedgerResult, rule: RuleCode): RuleCounts {
  return (result.findings[rule] ??= { new: 0, stillOpen: 0, autoClosed: 0, reopened: 0 });
}

function candidateCounties(candidate: FindingCandidate): string[] {
  const all = new Set(candidate.counties);
  if (candidate.place.countyCode) all.add(candidate.place.countyCode);
  return [...all].sort();
}

function describeChange(before: { system_value: string; dept_value: string }, after: FindingCandidate): string {
  const parts: string[] = [];
  if (before.system_value !== after.systemValue) parts.push(`system value "${before.system_value}" → "${after.systemValue}"`);
  if (before.dept_value !== after.deptValue) parts.push(`department value "${before.dept_value}" → "${after.deptValue}"`);
  return `evidence changed: ${parts.join('; ')}`;
}

export async function applyFindings(
  trx: Tx,
  db: Db,
  run: LedgerRun,
  candidates: readonly FindingCandidate[],
  scope: LedgerScope,
  result: LedgerResult,
  events: NewEvent[],
): Promise<void> {
  const by = `run ${run.id}`;
  const event = (key: string, action: string, from: string | null, to: string, note: string): void => {
    events.push({ item_type: 'finding', item_key: key, run_id: run.id, at: run.asOf, by, action, from_status: from, to_status: to, note });
  };
  const stored = await trx
    .selectFrom('finding')
    .select(['key', 'rule', 'source', 'status', 'county_code', 'counties', 'region', 'system_value', 'dept_value', 'reopened_count', 'first_seen', 'fingerprint'])
    .execute();
  const ledger = new Map(stored.map((row) => [row.key, row]));

  const upserts: NewFinding[] = [];
  /** seen again with nothing changed but the night */
  const onlySeen: string[] = [];
  /** finding_county rows to rewrite: the counties and the finding's own (placed) county */
  const countiesToWrite = new Map<string, CountyRows>();
  const seen = new Set<string>();
  for (const candidate of candidates) {
    const key = findingKey(candidate);
    if (seen.has(key)) continue; // one finding per key, however many records support it
    seen.add(key);
    const counts = countsFor(result, candidate.rule);
    const prev = ledger.get(key);
    const counties = candidateCounties(candidate);
    const countiesJson = JSON.stringify(counties);
    let status = 'open';
    let reopened = 0;
    let firstSeen = run.asOf;
    if (!prev) {
      counts.new++;
      event(key, 'opened', null, 'open', `found in run ${run.id}`);
    } else {
      status = prev.status;
      reopened = prev.reopened_count;
      firstSeen = prev.first_seen;
      if (status === 'resolved' || status === 'auto_closed') {
        event(key, 'reopened', status, 'open', `found again in run ${run.id}`);
        status = 'open';
        reopened++;
        counts.reopened++;
      } else if (status === 'dismissed') {
        if (prev.system_value !== candidate.systemValue || prev.dept_value !== candidate.deptValue) {
          event(key, 'reopened', status, 'open', describeChange(prev, candidate));
          status = 'open';
          reopened++;
          counts.reopened++;
        }
      } else {
        counts.stillOpen++;
      }
    }
    if (!prev || prev.counties !== countiesJson || prev.county_code !== candidate.place.countyCode) {
      countiesToWrite.set(key, { counties, placed: candidate.place.countyCode, stored: Boolean(prev) });
    }
    const { level, severity } = ruleLevelAndSeverity(candidate.rule);
    const row: NewFinding = {
      key,
      rule: candidate.rule,
      level,
      severity,
      status,
      source: candidate.source,
      ...placeColumns(candidate.place),
      household_id: candidate.householdId,
      subject: candidate.subject,
      name: candidate.name,
      id_number: candidate.idNumber,
      dept_id_number: candidate.deptIdNumber,
      system_value: candidate.systemValue,
      dept_value: candidate.deptValue,
      detail: candidate.detail,
      evidence: JSON.stringify(candidate.evidence),
      counties: countiesJson,
      region: run.region,
      first_seen: firstSeen,
      last_seen: run.asOf,
      reopened_count: reopened,
      note: null,
      updated_by: null,
      updated_at: null,
      last_run_id: run.id,
      fingerprint: '',
    };
    row.fingerprint = fingerprintOf(row);
    if (prev && prev.status === status && prev.fingerprint === row.fingerprint) onlySeen.push(key);
    else upserts.push(row);
  }
  await upsertFindings(trx, db, upserts);
  await bulkUpdateByKey(trx, db, 'finding', onlySeen, { last_seen: run.asOf, last_run_id: run.id });
  await writeFindingCounties(trx, db, countiesToWrite);

  // open items this run could have found but did not: auto-closed
  const rulesRun = new Set<string>(scope.rulesRun);
  const scopeCounties = new Set(scope.counties);
  const sourcesPresent = scope.sourcesPresent ? new Set<string>(scope.sourcesPresent) : null;
  const toClose: string[] = [];
  for (const row of stored) {
    if (seen.has(row.key) || (row.status !== 'open' && row.status !== 'in_progress')) continue;
    if (!rulesRun.has(row.rule)) continue;
    if (row.source && sourcesPresent && !sourcesPresent.has(row.source)) continue;
    if (!inRunScope(storedCounties(row.counties, row.county_code), row.region, run.region, scopeCounties)) continue;
    toClose.push(row.key);
    countsFor(result, row.rule as RuleCode).autoClosed++;
    event(row.key, 'auto_closed', row.status, 'auto_closed', `no longer found in run ${run.id}`);
  }
  await bulkUpdateByKey(trx, db, 'finding', toClose, { status: 'auto_closed', last_run_id: run.id });
}

/** Columns a night overwrites on a finding it has seen before (never key, subject, first_seen or a person's note). */
const REFRESHED_COLUMNS = [
  'level', 'severity', 'status', 'county_code', 'county', 'town_code', 'town', 'village_code', 'village', 'household_id',
  'name', 'id_number', 'dept_id_number', 'system_value', 'dept_value', 'detail', 'evidence', 'counties', 'region',
  'fingerprint', 'last_seen', 'reopened_count', 'last_run_id',
] as const;

async function upsertFindings(trx: Tx, db: Db, rows: NewFinding[]): Promise<void> {
  await bulkInsert(trx, db, 'finding', rows as unknown as Record<string, unknown>[], { target: ['key'], update: REFRESHED_COLUMNS });
}

interface CountyRows {
  counties: string[];
  /** the finding's own county */
  placed: string | null;
  /** the finding was in the ledger before: its old rows go first */
  stored: boolean;
}

async function writeFindingCounties(trx: Tx, db: Db, byKey: Map<string, CountyRows>): Promise<void> {
  const stored = [...byKey].filter(([, rows]) => rows.stored).map(([key]) => key);
  await bulkDeleteByKey(trx, db, 'finding_county', 'finding_key', stored);
  const rows = [...byKey].flatMap(([key, { counties, placed }]) =>
    counties.map((county_code) => ({ finding_key: key, county_code, placed: county_code === placed ? 1 : 0 })),
  );
  await bulkInsert(trx, db, 'finding_county', rows);
}
