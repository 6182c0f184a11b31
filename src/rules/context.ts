/**
 * Everything a rule reads, computed once per run: households, persons, every
 * department record matched, and each person's department records.
 */
import { buildHouseholds, type Household } from '../match/households.js';
import { buildMemberIndex, type MemberIndex } from '../match/member-index.js';
import { type MatchedRecord, type MatchedSets, matchDepartments } from '../match/match-departments.js';
import { buildPersons, type SystemPerson } from '../match/persons.js';
import type { Params } from '../model/params.js';
import type { DeptKind, MedicalRecord, RecordSet, SystemMember } from '../model/records.js';
import type { PriorState } from '../model/findings.js';

export type PersonRecords = { [K in DeptKind]: Map<SystemPerson, MatchedRecord<RecordSet[K][number]>[]> };

export interface RuleContext {
  params: Params;
  records: RecordSet;
  prior: PriorState;
  index: MemberIndex;
  households: Map<string, Household>;
  /** living persons, file order of their first row */
  persons: SystemPerson[];
  personOfRow: Map<SystemMember, SystemPerson>;
  matched: MatchedSets;
  /** medical rows that count: those of the latest 参保年度 */
  countedMedical: MatchedRecord<MedicalRecord>[];
  latestMedicalYear: number | null;
  /** department records by the living person they matched (medical: counted rows only) */
  byPerson: PersonRecords;
}

/** rules.md "Medical rows": only the latest 参保年度 counts; a blank year only when no row has one. */
export function countedMedicalRows<R extends { record: MedicalRecord }>(rows: readonly R[]): { rows: R[]; year: number | null } {
  let latest: number | null = null;
  for (const { record } of rows) if (record.year !== null && (latest === null || record.year > latest)) latest = record.year;
  if (latest === null) return { rows: [...rows], year: null };
  return { rows: rows.filter(({ record }) => record.year === latest), year: latest };
}

function groupByPerson<R>(
  rows: readonly MatchedRecord<R>[],
  personOfRow: Map<SystemMember, SystemPerson>,
): Map<SystemPerson, MatchedRecord<R>[]> {
  const byPerson = new Map<SystemPerson, MatchedRecord<R>[]>();
  for (const row of rows) {
    const member = row.match.member;
    const person = member ? personOfRow.get(member) : undefined;
    if (!person) continue;
    const list = byPerson.get(person);
    if (list) list.push(row);
    else byPerson.set(person, [row]);
  }
  return byPerson;
}

export function buildContext(records: RecordSet, params: Params, prior: PriorState): RuleContext {
  const system = [...records.system].sort((a, b) => a.seq - b.seq);
  const index = buildMemberIndex(system);
  const { persons, personOfRow } = buildPersons(system);
  const matched = matchDepartments(records, index);
  const counted = countedMedicalRows(matched.medical);
  return {
    params,
    records: { ...records, system },
    prior,
    index,
    households: buildHouseholds(system),
    persons,
    personOfRow,
    matched,
    countedMedical: counted.rows,
    latestMedicalYear: counted.year,
    byPerson: {
      medical: groupByPerson(counted.rows, personOfRow),
      education: groupByPerson(matched.education, personOfRow),
      dibao: groupByPerson(matched.dibao, personOfRow),
      tekun: groupByPerson(matched.tekun, personOfRow),
    },
  };
}
