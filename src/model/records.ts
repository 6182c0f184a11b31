/**
 * The normalised records every stage after ingest works on. Readers in
 * src/ingest produce them; src/match and src/rules read them; src/db stores
 * them (as JSON per row) so a worker on another machine can load them back.
 * Dates are ISO `YYYY-MM-DD` strings (comparable as text), money is yuan.
 */

export const SOURCE_KINDS = ['system', 'medical', 'education', 'dibao', 'tekun', 'assessment'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
/** Department kinds a finding's `source` can name. */
export const DEPT_KINDS = ['medical', 'education', 'dibao', 'tekun'] as const;
export type DeptKind = (typeof DEPT_KINDS)[number];

/** yes / no / unknown (blank is unknown, never "no"). */
export type YesNo = 'yes' | 'no' | null;

export const STAGES = [
  'NONE', 'PRESCHOOL', 'PRIMARY', 'JUNIOR', 'SENIOR', 'SECONDARY_VOC', 'HIGHER_VOC', 'UNDERGRAD', 'POSTGRAD',
] as const;
export type Stage = (typeof STAGES)[number];

export type LabourClass = 'able' | 'weak' | 'none';

/**
 * How an ID number read (data-contract.md, "ID number").
 * - valid: 18 chars, real date, check digit right (also a 残疾人证 number whose first 18 are valid)
 * - legacy15: a valid 15-digit ID, upgraded; `key` is the 18-char form
 * - badCheck / badDate: 18 chars of the right shape (17 digits + digit/X) but check digit or date wrong;
 *   still matches by ID (a wrong check digit does not matter for matching)
 * - lost: Excel destroyed it (E+17, …000 failing check, numeric cell > 2^53); `prefix15` set when 15+ digits are left
 * - placeholder: `999999…` meaning "no ID"
 * - blank: nothing written
 * - invalid: anything else
 */
export type IdStatus = 'valid' | 'legacy15' | 'badCheck' | 'badDate' | 'lost' | 'placeholder' | 'blank' | 'invalid';

export interface IdNumber {
  /**
   * The form used for matching, subjects and output columns:
   * valid/badCheck/badDate → the cleaned 18 chars; legacy15 → the upgraded 18 chars;
   * lost → first 15 digits + `***` (or the cleaned text when fewer than 15 digits are left);
   * invalid/placeholder → the cleaned text; blank → ''.
   */
  key: string;
  status: IdStatus;
  /** lost IDs only: the first 15 digits, when at least 15 survive. */
  prefix15?: string;
  /** valid and legacy15 only: what the ID encodes. */
  birthDate?: string;
  sex?: '男' | '女';
}

/**
 * Where a row belongs, resolved against the official division table. A level
 * that cannot be resolved is null (never guessed); names are the official ones.
 */
export interface Place {
  countyCode: string | null;
  county: string | null;
  townCode: string | null;
  town: string | null;
  villageCode: string | null;
  village: string | null;
}

/** Where a record came from: the extract (file) id and the row a person finds when opening the file. */
export interface Origin {
  /** extract id: the file's sha256 (first 16 hex chars) — stable across databases */
  extractId: string;
  /** file name as given in the pipeline (for evidence and messages) */
  file: string;
  row: number;
}

/** Household-level fields as written on one member row; src/match picks the household's values (户主 row wins). */
export interface HouseholdFields {
  householdType: string | null; // 脱贫户 / 监测户 / 脱贫不享受政策户 / 一般农户 (as normalised vocabulary)
  policyStatus: string | null; // 脱贫享受政策户 / 脱贫不享受政策户
  monitorType: string | null; // 脱贫不稳定户 / 边缘易致贫户 / 突发严重困难户; null = not monitored
  identifiedAt: string | null;
  riskTypes: string[];
  riskEliminated: YesNo;
  eliminatedAt: string | null;
  eliminationMode: string | null;
  noLabourHousehold: YesNo;
  /** canonical measure types the household has (产业帮扶, 健康帮扶, …) */
  measures: string[];
  /** true when at least one development-type measure (产业/就业/金融/公益岗位帮扶) counts */
  devMeasure: boolean;
  devAssistanceFlag: YesNo;
  income: number | null;
}

export interface SystemMember extends Origin {
  /** position of this row among all system rows of the run, in file order (pipeline order, then row) */
  seq: number;
  householdId: string;
  personId: string | null;
  name: string;
  id: IdNumber;
  idType: string | null;
  relation: string | null;
  sex: string | null; // 男 / 女 as written (normalised), null when blank
  birthDate: string | null;
  /** null = blank */
  stage: Stage | null;
  health: string | null;
  /** null = blank or unreadable */
  labour: LabourClass | null;
  residentMedical: YesNo;
  employeeMedical: YesNo;
  /** 'rural' = 农村低保, 'urban' = 城市低保, 'none' = recorded as not on 低保, null = blank */
  dibao: 'rural' | 'urban' | 'none' | null;
  tekun: YesNo;
  /** normalised 人员状态: 正常 when blank */
  status: string;
  living: boolean;
  place: Place;
  household: HouseholdFields;
}

interface DeptRecord extends Origin {
  name: string;
  id: IdNumber;
  place: Place;
}

export interface MedicalRecord extends DeptRecord {
  scheme: 'resident' | 'employee' | null;
  /** enrolment status is in the active list and 人员状态 is not 死亡 */
  active: boolean;
  enrolStatus: string | null;
  year: number | null;
  subsidyType: string | null;
  outOfPocket: number | null;
  deceased: boolean;
}

export interface EducationRecord extends DeptRecord {
  school: string | null;
  stage: Stage | null;
  grade: string | null;
  active: boolean;
  enrolStatus: string | null;
  deceased: boolean;
}

/** active / ended / applying per the source's lists; unknown = a value outside them (not active, counted). */
export type RosterStatus = 'active' | 'ended' | 'applying' | 'unknown';

export interface DibaoRecord extends DeptRecord {
  category: 'rural' | 'urban' | null;
  headName: string;
  headId: IdNumber;
  relation: string | null;
  approvedAt: string | null;
  appliedAt: string | null;
  status: RosterStatus;
  statusRaw: string | null;
  endedAt: string | null;
  deceased: boolean;
}

export interface TekunRecord extends DeptRecord {
  mode: 'dispersed' | 'centralised' | null;
  approvedAt: string | null;
  appliedAt: string | null;
  status: RosterStatus;
  statusRaw: string | null;
  endedAt: string | null;
  deceased: boolean;
}

export interface AssessmentRecord extends Origin {
  headName: string;
  headId: IdNumber;
  assessedAt: string;
  result: string | null;
}

export interface RecordsByKind {
  system: SystemMember;
  medical: MedicalRecord;
  education: EducationRecord;
  dibao: DibaoRecord;
  tekun: TekunRecord;
  assessment: AssessmentRecord;
}

/** Every normalised record of a run, by kind, each list in file order. */
export interface RecordSet {
  system: SystemMember[];
  medical: MedicalRecord[];
  education: EducationRecord[];
  dibao: DibaoRecord[];
  tekun: TekunRecord[];
  assessment: AssessmentRecord[];
  /** which kinds had at least one file in the pipeline (a kind present with zero rows still "ran") */
  present: Set<SourceKind>;
}

export function emptyRecordSet(): RecordSet {
  return { system: [], medical: [], education: [], dibao: [], tekun: [], assessment: [], present: new Set() };
}
