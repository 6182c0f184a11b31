/**
 * Everything a rule reads, computed once per run: households, persons, every
 * department record matched, and each person's department records.
 */
import { buildHouseholds, type Household } from '../match/households.js';
import { buildMemberIndex, type MemberIndex } from '../match/member-index.js';
import { countMatches, type FileMatchCounts, type MatchedRecord, type MatchedSets, matchDepartments } from '../match/match-departments.js';
import { buildPersons, PersonLists, type PersonOfRow, type SystemPerson } from '../match/persons.js';
import type { Params } from '../model/params.js';
import type { DeptKind, MedicalRecord, RecordSet } from '../model/records.js';
import type { PriorState } from '../model/findings.js';
import { isCountedYear, withoutIdleStrangers } from './tickets/expenses.js';

export type PersonRecords = { [K in DeptKind]: PersonLists<MatchedRecord<RecordSet[K][number]>> };

export interface RuleContext {
  params: Params;
  records: RecordSet;
  prior: PriorState;
  index: MemberIndex;
  households: Map<string, Household>;
  /** living persons, file order of their first row */
  persons: SystemPerson[];
  personOfRow: PersonOfRow;
  /** medical and education, when the set was released: every row that can still make a finding or ticket (see buildContext) */
  matched: MatchedSets;
  /** match outcomes per department file, every row counted */
  matchCounts: FileMatchCounts[];
  /** medical rows that count: those of the latest 参保年度 */
  countedMedical: MatchedRecord<MedicalRecord>[];
  latestMedicalYear: number | null;
  /** department records by the living person they matched (medical: counted rows only) */
  byPerson: PersonRecords;
}

/** rules.md "Medical rows": only the latest 参保年度 counts; a blank year only when no row has one (then every row counts). */
function latestMedicalYear(rows: readonly MatchedRecord<MedicalRecord>[]): number | null {
  let latest: number | null = null;
  for (const { record } of rows) if (record.year !== null && (latest === null || record.year > latest)) latest = record.year;
  return latest;
}

function countedMedicalRows(rows: readonly MatchedRecord<MedicalRecord>[], year: number | null): MatchedRecord<MedicalRecord>[] {
  return rows.filter(({ record }) => isCountedYear(record, year));
}

function groupByPerson<R>(rows: readonly MatchedRecord<R>[], personOfRow: PersonOfRow): PersonLists<MatchedRecord<R>> {
  const byPerson = new PersonLists<MatchedRecord<R>>();
  for (const row of rows) {
    const member = row.match.member;
    const person = member ? personOfRow.get(member) : undefined;
    if (person) byPerson.add(person, row);
  }
  return byPerson;
}

/**
 * What a caller that hands the record set over asks (evaluateStage does):
 * once matched and counted, the 医保 and 学籍 rows that can make no finding or
 * ticket leave `records.medical` and `records.education` (see
 * withoutIdleStrangers), and `collect` (a full garbage collection) runs, so
 * the structures built next take their place instead of growing the heap.
 * Without it the set is left untouched and the context keeps every row.
 */
export interface Release {
  collect: () => void;
}

export function buildContext(records: RecordSet, params: Params, prior: PriorState, release?: Release): RuleContext {
  const system = [...records.system].sort((a, b) => a.seq - b.seq);
  const index = buildMemberIndex(system);
  const matched = matchDepartments(records, index);
  const matchCounts = countMatches(matched);
  // the year from every row, before any is let go
  const year = latestMedicalYear(matched.medical);
  if (release) {
    matched.medical = withoutIdleStrangers(matched.medical, year, params.medicalExpenseThreshold);
    records.medical = matched.medical.map(({ record }) => record);
    // 学籍 rows that match no one: every education rule is about a system member, and no ticket reads them
    matched.education = matched.education.filter(({ match }) => match.outcome !== 'none');
    records.education = matched.education.map(({ record }) => record);
    release.collect();
  }
  const counted = countedMedicalRows(matched.medical, year);
  // built after the rows above are let go: the peak of a city night is matching's, with every row still held
  const { persons, personOfRow } = buildPersons(system);
  return {
    matchCounts,
    params,
    records: { ...records, system },
    prior,
    index,
    households: buildHouseholds(system),
    persons,
    personOfRow,
    matched,
    countedMedical: counted,
    latestMedicalYear: year,
    byPerson: {
      medical: groupByPerson(counted, personOfRow),
      education: groupByPerson(matched.education, personOfRow),
      dibao: groupByPerson(matched.dibao, personOfRow),
      tekun: groupByPerson(matched.tekun, personOfRow),
    },
  };
}
