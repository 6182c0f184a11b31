/** Hand-built candidates for ledger tests: the ledger is driven without the rules area. */
import type { FindingCandidate, RuleCode, TicketCandidate, TicketKind } from '../../src/model/findings.js';
import type { DeptKind, Place } from '../../src/model/records.js';
import { RULE_CODES, TICKET_KINDS } from '../../src/model/findings.js';
import type { LedgerScope } from '../../src/ledger/types.js';

export const JINAN_LICHENG: Place = { countyCode: '370112', county: '历城区', townCode: '370112001', town: '山大路街道', villageCode: null, village: null };
export const JINAN_PINGYIN: Place = { countyCode: '370124', county: '平阴县', townCode: '370124100', town: '平阴镇', villageCode: '370124100201', village: '朝安村' };
export const QINGDAO_HUANGDAO: Place = { countyCode: '370211', county: '黄岛区', townCode: '370211001', town: '黄岛街道', villageCode: null, village: null };
export const UNPLACED: Place = { countyCode: null, county: null, townCode: null, town: null, villageCode: null, village: null };

export function finding(rule: RuleCode, subject: string, place: Place, values: { source?: DeptKind | ''; system?: string; dept?: string } = {}): FindingCandidate {
  return {
    rule,
    subject,
    source: values.source ?? '',
    householdId: `HH-${subject.slice(-4)}`,
    name: '张三',
    idNumber: subject,
    deptIdNumber: null,
    place,
    systemValue: values.system ?? 'yes',
    deptValue: values.dept ?? '',
    detail: `${rule} detail`,
    evidence: [{ file: 'system.xlsx', row: 4 }],
    counties: place.countyCode ? [place.countyCode] : [],
  };
}

export function ticket(kind: TicketKind, subject: string, place: Place, triggerDate: string, coveredBy: TicketCandidate['coveredBy'] = null): TicketCandidate {
  return {
    kind,
    subject,
    householdId: subject,
    civilHeadIdNumber: null,
    headName: '李四',
    memberIds: ['370124199001011234', '370124201001011235'],
    memberNames: ['李四', '李小四'],
    place,
    triggers: [{ what: 'dibao approved', idNumber: '370124199001011234', name: '李四', date: triggerDate, evidence: [{ file: 'dibao.csv', row: 2 }] }],
    triggerDate,
    trigger: 'dibao approved',
    coveredBy,
  };
}

/** A full night for the Jinan counties: every rule and kind ran, every source present. */
export function jinanScope(overrides: Partial<LedgerScope> = {}): LedgerScope {
  return { counties: ['370112', '370124'], rulesRun: [...RULE_CODES], ticketKindsRun: [...TICKET_KINDS], ...overrides };
}
