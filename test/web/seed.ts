/**
 * A small ledger for the web tests, seeded through the ledger's own applyRun
 * with hand-built candidates: three counties (two in 济南 3701, one in 青岛
 * 3702), findings of several rules, one ID_DUPLICATE across two cities,
 * tickets in two counties, and one web account per role.
 */
import type { Db } from '../../src/db/create-db.js';
import { applyRun } from '../../src/ledger/index.js';
import { createRun, finishRun } from '../../src/pipeline/stages.js';
import { RULE_CODES, TICKET_KINDS, type FindingCandidate, type RuleCode, type TicketCandidate } from '../../src/model/findings.js';
import type { Place } from '../../src/model/records.js';
import { addUser } from '../../src/web/users.js';

export const AS_OF = '2023-06-10';
export const PASSWORD = 'correct horse 42';

export const PLACES: Record<string, Place> = {
  lixia: { countyCode: '370102', county: '历下区', townCode: '370102001', town: '解放路街道', villageCode: '370102001001', village: '甲村' },
  lixia2: { countyCode: '370102', county: '历下区', townCode: '370102002', town: '千佛山街道', villageCode: '370102002001', village: '乙村' },
  shizhong: { countyCode: '370103', county: '市中区', townCode: '370103001', town: '大观园街道', villageCode: '370103001001', village: '丙村' },
  shibei: { countyCode: '370203', county: '市北区', townCode: '370203001', town: '辽宁路街道', villageCode: '370203001001', village: '丁村' },
};

/** ID numbers of the seed (valid-looking 18-character IDs; none may ever reach a URL or a log). */
export const IDS = {
  zhang: '370102199001011234',
  li: '37010219850505432X',
  wang: '370103197703030011',
  zhao: '370203196612120022',
  dup: '370102200002020033',
  civilHead: '370203195001010044',
};

function finding(rule: RuleCode, name: string, idNumber: string, place: Place, extra: Partial<FindingCandidate> = {}): FindingCandidate {
  return {
    rule, subject: idNumber, source: '', householdId: `H${idNumber.slice(-4)}`, name, idNumber, deptIdNumber: null, place,
    systemValue: '参保', deptValue: '未参保', detail: `${rule} detail`, evidence: [{ file: 'system.xlsx', row: 7 }],
    counties: place.countyCode ? [place.countyCode] : [], ...extra,
  };
}

function ticket(kind: TicketCandidate['kind'], subject: string, headName: string, place: Place): TicketCandidate {
  return {
    kind, subject, householdId: `H${subject.slice(-4)}`, civilHeadIdNumber: subject, headName,
    memberIds: [subject], memberNames: [headName], place,
    triggers: [{ what: 'dibao approved', idNumber: subject, name: headName, date: '2023-05-01', evidence: [{ file: 'dibao.csv', row: 3 }] }],
    triggerDate: '2023-05-01', trigger: 'dibao approved', coveredBy: null,
  };
}

export const FINDINGS: FindingCandidate[] = [
  finding('MED_UNINSURED', '张三', IDS.zhang, PLACES.lixia!, { source: 'medical' }),
  finding('FIELD_MISSING', '李四', IDS.li, PLACES.lixia2!),
  finding('NAME_MISMATCH', '李四', IDS.li, PLACES.lixia2!, { source: 'medical', systemValue: '李四', deptValue: '李泗' }),
  finding('MED_UNINSURED', '王五', IDS.wang, PLACES.shizhong!, { source: 'medical' }),
  finding('DIBAO_STALE', '赵六', IDS.zhao, PLACES.shibei!, { source: 'dibao' }),
  // a long key (and so a long token): a household/name subject of a rule with a long code
  finding('EDU_COMPULSORY_NOT_ENROLLED', '王小五', '', PLACES.shizhong!, { source: 'education', subject: 'H370103000111/王小五#2', idNumber: null }),
  // one ID on rows in two cities: placed in 历下区, concerns 市北区 too
  finding('ID_DUPLICATE', '钱七', IDS.dup, PLACES.lixia!, { counties: ['370102', '370203'] }),
];

export const TICKETS: TicketCandidate[] = [
  ticket('NEW_AID_UNASSESSED', IDS.zhang, '张三', PLACES.lixia!),
  ticket('NEW_AID_UNASSESSED', IDS.civilHead, '孙八', PLACES.shibei!),
];

export const NAMES = ['张三', '李四', '王五', '赵六', '钱七', '孙八', '李泗', '王小五'];

export async function seedLedger(db: Db, findings = FINDINGS, tickets = TICKETS): Promise<number> {
  const runId = await createRun(db, {
    name: 'web-test', file: '/nowhere/web-test.json', sources: [],
    params: { asOf: AS_OF, region: '37', monitoringLine: null, newSince: '2022-06-10', medicalExpenseThreshold: 10000, educationStages: [], ticketDueDays: 15 },
  });
  const result = await applyRun(
    db,
    { id: runId, asOf: AS_OF, region: '37', ticketDueDays: 15 },
    { findings, tickets },
    { counties: ['370102', '370103', '370203'], rulesRun: [...RULE_CODES], ticketKindsRun: [...TICKET_KINDS] },
  );
  await db.kysely.updateTable('run').set({ ledger: JSON.stringify(result) }).where('id', '=', runId).execute();
  await finishRun(db, runId);
  return runId;
}

export const USERS = {
  province: { name: 'sheng', role: 'province', region: '37' },
  jinan: { name: 'jinan', role: 'city', region: '3701' },
  lixia: { name: 'lixia', role: 'county', region: '370102' },
  shibei: { name: 'shibei', role: 'county', region: '370203' },
} as const;

export async function seedUsers(db: Db): Promise<void> {
  for (const user of Object.values(USERS)) await addUser(db, { ...user, password: PASSWORD });
}
