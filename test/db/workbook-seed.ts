/**
 * Hand-built nights for the workbook tests, put into the ledger through the
 * ledger's own applyRun (no private copy of its logic).
 */
import type { Db } from '../../src/db/create-db.js';
import { applyRun } from '../../src/ledger/apply-run.js';
import type { FindingCandidate, RuleCode, TicketCandidate } from '../../src/model/findings.js';
import type { Place } from '../../src/model/records.js';

export const PINGYIN: Place = {
  countyCode: '370124', county: '平阴县', townCode: '370124100', town: '平阴镇', villageCode: '370124100201', village: '东关村',
};
export const SHANGHE: Place = {
  countyCode: '370126', county: '商河县', townCode: '370126100', town: '许商街道', villageCode: '370126100201', village: '西关村',
};
export const NOWHERE: Place = { countyCode: null, county: null, townCode: null, town: null, villageCode: null, village: null };

export function finding(rule: RuleCode, idNumber: string, overrides: Partial<FindingCandidate> = {}): FindingCandidate {
  const place = overrides.place ?? PINGYIN;
  return {
    rule,
    subject: idNumber,
    source: '',
    householdId: `H${idNumber.slice(-6)}`,
    name: '张三',
    idNumber,
    deptIdNumber: null,
    place,
    systemValue: 'yes',
    deptValue: '',
    detail: '系统标注与部门数据不符',
    evidence: [{ file: 'system.xlsx', row: 3 }],
    counties: place.countyCode ? [place.countyCode] : [],
    ...overrides,
  };
}

export function ticket(subject: string, triggerDate: string, overrides: Partial<TicketCandidate> = {}): TicketCandidate {
  return {
    kind: 'NEW_AID_UNASSESSED',
    subject,
    householdId: null,
    civilHeadIdNumber: subject,
    headName: '李四',
    memberIds: [subject],
    memberNames: ['李四'],
    place: PINGYIN,
    triggers: [{ what: 'dibao approved', idNumber: subject, name: '李四', date: triggerDate, evidence: [{ file: 'dibao.csv', row: 2 }] }],
    triggerDate,
    trigger: 'dibao approved',
    coveredBy: null,
    ...overrides,
  };
}

/** One night: a run row, then the candidates through applyRun. Returns the run id. */
export async function night(db: Db, asOf: string, findings: FindingCandidate[], tickets: TicketCandidate[], region = '37'): Promise<number> {
  const inserted = await db.kysely.insertInto('run')
    .values({ name: 'test', region, as_of: asOf, status: 'completed', started_at: new Date().toISOString(), params: '{}' })
    .returning('id').executeTakeFirstOrThrow();
  const counties = [...new Set([...findings, ...tickets].flatMap((item) => (item.place.countyCode ? [item.place.countyCode] : [])))];
  await applyRun(db, { id: inserted.id, asOf, region }, { findings, tickets }, {
    counties,
    rulesRun: [...new Set(findings.map((item) => item.rule))],
    ticketKindsRun: ['NEW_AID_UNASSESSED', 'DIBAO_CANCELLED_REVIEW', 'NEW_RISK_AFTER_ELIMINATION', 'MEDICAL_EXPENSE_RISK'],
  });
  return inserted.id;
}
