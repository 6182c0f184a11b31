/**
 * In-memory records for rule and matching tests: valid IDs with correct check
 * digits, a system member with sensible defaults, department records.
 */
import type { PriorState } from '../../../src/model/findings.js';
import {
  emptyRecordSet,
  type AssessmentRecord,
  type DibaoRecord,
  type EducationRecord,
  type HouseholdFields,
  type IdNumber,
  type MedicalRecord,
  type Place,
  type RecordSet,
  type SystemMember,
  type TekunRecord,
} from '../../../src/model/records.js';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

export function checkDigitOf(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return '10X98765432'[sum % 11]!;
}

/** A valid 18-digit ID: region 370124, the birth date given, a 3-digit sequence (odd → 男). */
export function validId(birth: string, sequence = '123', region = '370124'): string {
  const first17 = `${region}${birth.replaceAll('-', '')}${sequence}`;
  return first17 + checkDigitOf(first17);
}

/** IdNumber as the ingest readers would produce it for a cleaned 18-char ID. */
export function idOf(key: string): IdNumber {
  const birth = `${key.slice(6, 10)}-${key.slice(10, 12)}-${key.slice(12, 14)}`;
  if (key.length === 18 && checkDigitOf(key.slice(0, 17)) === key[17]) {
    return { key, status: 'valid', birthDate: birth, sex: Number(key[16]) % 2 === 1 ? '男' : '女' };
  }
  if (/^\d{17}[\dX]$/.test(key)) return { key, status: 'badCheck' };
  return { key, status: 'invalid' };
}

/** A 15-digit legacy ID as upgraded by ingest. */
export function legacyIdOf(id15: string): IdNumber {
  const first17 = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  const key = first17 + checkDigitOf(first17);
  return { ...idOf(key), status: 'legacy15' };
}

/** An ID Excel destroyed (`3.70124199001011E+17`): its first 15 digits survive. */
export function lostIdOf(fullKey: string): IdNumber {
  const prefix15 = fullKey.slice(0, 15);
  return { key: `${prefix15}***`, status: 'lost', prefix15 };
}

export const PLACE: Place = {
  countyCode: '370124',
  county: '平阴县',
  townCode: '370124100000',
  town: '平阴镇',
  villageCode: null,
  village: null,
};

export function householdFields(overrides: Partial<HouseholdFields> = {}): HouseholdFields {
  return {
    householdType: '脱贫户',
    policyStatus: '脱贫享受政策户',
    monitorType: null,
    identifiedAt: null,
    riskTypes: [],
    riskEliminated: null,
    eliminatedAt: null,
    eliminationMode: null,
    noLabourHousehold: null,
    measures: [],
    devMeasure: false,
    devAssistanceFlag: null,
    income: 12000,
    ...overrides,
  };
}

let seq = 0;

export function member(overrides: Partial<SystemMember> & { idNumber?: string } = {}): SystemMember {
  const { idNumber, ...rest } = overrides;
  const id = rest.id ?? idOf(idNumber ?? validId('1980-01-01'));
  const rowSeq = seq++;
  return {
    extractId: 'sys0000000000000',
    file: 'system.xlsx',
    row: rowSeq + 3,
    seq: rowSeq,
    householdId: 'H1',
    personId: null,
    name: '张伟',
    id,
    idType: '居民身份证',
    relation: '户主',
    sex: null,
    birthDate: null,
    stage: 'NONE',
    health: '健康',
    labour: 'able',
    residentMedical: 'yes',
    employeeMedical: 'no',
    dibao: 'none',
    tekun: 'no',
    status: '正常',
    living: true,
    place: PLACE,
    household: householdFields(),
    ...rest,
  };
}

let deptRow = 0;
function deptOrigin(file: string) {
  return { extractId: 'dept000000000000', file, row: ++deptRow + 1 };
}

export function medical(idKey: string | IdNumber, overrides: Partial<MedicalRecord> = {}): MedicalRecord {
  return {
    ...deptOrigin('yibao.csv'),
    name: '张伟',
    id: typeof idKey === 'string' ? idOf(idKey) : idKey,
    place: PLACE,
    scheme: 'resident',
    active: true,
    enrolStatus: '参保缴费',
    year: 2023,
    subsidyType: null,
    outOfPocket: null,
    deceased: false,
    ...overrides,
  };
}

export function education(idKey: string, overrides: Partial<EducationRecord> = {}): EducationRecord {
  return {
    ...deptOrigin('xueji.xlsx'),
    name: '张伟',
    id: idOf(idKey),
    place: PLACE,
    school: '平阴县实验小学',
    stage: 'PRIMARY',
    grade: null,
    active: true,
    enrolStatus: '在籍',
    deceased: false,
    ...overrides,
  };
}

export function dibao(idKey: string, overrides: Partial<DibaoRecord> & { headIdNumber?: string } = {}): DibaoRecord {
  const { headIdNumber, ...rest } = overrides;
  return {
    ...deptOrigin('dibao.csv'),
    name: '张伟',
    id: idOf(idKey),
    place: PLACE,
    category: 'rural',
    headName: '张伟',
    headId: idOf(headIdNumber ?? idKey),
    relation: '户主',
    approvedAt: '2019-08-19',
    appliedAt: null,
    status: 'active',
    statusRaw: '正常',
    endedAt: null,
    deceased: false,
    ...rest,
  };
}

export function tekun(idKey: string, overrides: Partial<TekunRecord> = {}): TekunRecord {
  return {
    ...deptOrigin('tekun.csv'),
    name: '张伟',
    id: idOf(idKey),
    place: PLACE,
    mode: 'dispersed',
    approvedAt: '2016-02-05',
    appliedAt: null,
    status: 'active',
    statusRaw: '在保',
    endedAt: null,
    deceased: false,
    ...overrides,
  };
}

export function assessment(headIdKey: string, assessedAt: string, overrides: Partial<AssessmentRecord> = {}): AssessmentRecord {
  return {
    ...deptOrigin('yanpan.xlsx'),
    headName: '张伟',
    headId: idOf(headIdKey),
    assessedAt,
    result: '不符合条件',
    ...overrides,
  };
}

export { params } from '../../helpers/params.js';

export function noPrior(): PriorState {
  return { assessments: [], expenseFirstSeen: new Map() };
}

/** A RecordSet with the given records; every kind named in `present` (default: each kind given) counts as present. */
export function recordSet(parts: Partial<Omit<RecordSet, 'present'>>, present?: RecordSet['present'] extends Set<infer K> ? K[] : never): RecordSet {
  const set = emptyRecordSet();
  for (const [kind, list] of Object.entries(parts) as [keyof Omit<RecordSet, 'present'>, never[]][]) {
    (set[kind] as unknown[]).push(...list);
    set.present.add(kind);
  }
  set.present.add('system');
  for (const kind of present ?? []) set.present.add(kind);
  return set;
}
