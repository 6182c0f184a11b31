/**
 * Rules about the matching itself, one finding per department (seed 一(六)):
 * names that differ on an ID match, suspected ID typos (fuzzy matches),
 * records that cannot be matched to one member, and deaths the system missed.
 */
import type { MatchedRecord } from '../match/match-departments.js';
import type { SystemPerson } from '../match/persons.js';
import type { FindingCandidate } from '../model/findings.js';
import { DEPT_KINDS, type DeptKind, type Origin, type Place } from '../model/records.js';
import type { RuleContext } from './context.js';
import { departmentFinding, joinValues, personFinding } from './finding.js';
import { isHomophone } from '../match/name-agreement.js';
import type { RuleDefinition } from './rule.js';


type AnyDeptRecord = Origin & { name: string; id: { key: string }; place: Place; deceased: boolean };

function presentDepartments(context: RuleContext): DeptKind[] {
  return DEPT_KINDS.filter((kind) => context.records.present.has(kind));
}

/** Matched records of one department, in file order (medical: every row matched, not only the counted year). */
function matchedOf(context: RuleContext, kind: DeptKind): MatchedRecord<AnyDeptRecord>[] {
  return context.matched[kind] as MatchedRecord<AnyDeptRecord>[];
}

/** Groups matched records per living person, keeping file order. */
function perPerson(context: RuleContext, rows: MatchedRecord<AnyDeptRecord>[]): Map<SystemPerson, MatchedRecord<AnyDeptRecord>[]> {
  const grouped = new Map<SystemPerson, MatchedRecord<AnyDeptRecord>[]>();
  for (const row of rows) {
    const person = row.match.member ? context.personOfRow.get(row.match.member) : undefined;
    if (!person) continue;
    const list = grouped.get(person);
    if (list) list.push(row);
    else grouped.set(person, [row]);
  }
  return grouped;
}

const PER_DEPARTMENT = { sources: ['system' as const], seed: '一(六)', perDepartment: true };

export const matchingRules: RuleDefinition[] = [
  {
    code: 'NAME_MISMATCH',
    level: 'person',
    severity: 'low',
    titleZh: '姓名与部门数据不一致',
    ...PER_DEPARTMENT,
    evaluate: (context) => {
      const findings: FindingCandidate[] = [];
      for (const kind of presentDepartments(context)) {
        // the matched row is the person's first living row: compare with its name before grouping (few differ)
        const differingById = matchedOf(context, kind).filter(
          ({ record, match }) =>
            (match.outcome === 'id' || match.outcome === 'id15') &&
            record.name !== '' &&
            match.member!.name !== '' &&
            record.name !== match.member!.name,
        );
        for (const [person, differing] of perPerson(context, differingById)) {
          const systemName = person.first.name;
          const first = differing[0]!;
          const names = joinValues(differing.map(({ record }) => record.name));
          const homophone = isHomophone(systemName, first.record.name) ? ' (同音)' : '';
          findings.push(
            personFinding('NAME_MISMATCH', person, kind, {
              systemValue: systemName,
              deptValue: names,
              detail: `${systemName} vs ${first.record.name}${homophone}`,
              deptIdNumber: first.record.id.key,
              deptRecords: differing.map(({ record }) => record),
            }),
          );
        }
      }
      return findings;
    },
  },
  {
    code: 'ID_TYPO_SUSPECTED',
    level: 'person',
    severity: 'medium',
    titleZh: '疑似身份证号录入错误',
    ...PER_DEPARTMENT,
    evaluate: (context) => {
      const findings: FindingCandidate[] = [];
      for (const kind of presentDepartments(context)) {
        const fuzzy = matchedOf(context, kind).filter(({ match }) => match.outcome === 'fuzzy');
        for (const [person, rows] of perPerson(context, fuzzy)) {
          const deptIds = [...new Set(rows.map(({ record }) => record.id.key))];
          const firstId = deptIds[0]!;
          const systemId = rows[0]!.match.member!.id.key;
          const others = deptIds.length > 1 ? ` (also ${deptIds.slice(1).join(';')})` : '';
          findings.push(
            personFinding('ID_TYPO_SUSPECTED', person, kind, {
              systemValue: systemId,
              deptValue: joinValues(deptIds),
              detail: `system ${systemId} vs ${kind} ${firstId}${others}`,
              deptIdNumber: firstId,
              deptRecords: rows.map(({ record }) => record),
            }),
          );
        }
      }
      return findings;
    },
  },
  {
    code: 'MATCH_AMBIGUOUS',
    level: 'dept',
    severity: 'medium',
    titleZh: '部门记录无法唯一匹配',
    ...PER_DEPARTMENT,
    evaluate: (context) => {
      const findings: FindingCandidate[] = [];
      for (const kind of presentDepartments(context)) {
        const seen = new Set<string>();
        for (const { record, match } of matchedOf(context, kind)) {
          if (match.outcome !== 'ambiguous' || seen.has(record.id.key)) continue;
          seen.add(record.id.key);
          const candidates = match.candidates.join(';');
          findings.push(
            departmentFinding('MATCH_AMBIGUOUS', record.id.key, kind, record, {
              systemValue: candidates,
              deptValue: `${record.id.key} ${record.name}`,
              detail: candidates,
              deptIdNumber: record.id.key,
            }),
          );
        }
      }
      return findings;
    },
  },
  {
    code: 'DECEASED_STILL_LISTED',
    level: 'person',
    severity: 'high',
    titleZh: '部门标记死亡系统仍正常',
    ...PER_DEPARTMENT,
    evaluate: (context) => {
      const findings: FindingCandidate[] = [];
      for (const kind of presentDepartments(context)) {
        // medical: only the counted 参保年度 rows are read (rules.md "Medical rows")
        const rows = kind === 'medical' ? (context.countedMedical as MatchedRecord<AnyDeptRecord>[]) : matchedOf(context, kind);
        const deceased = rows.filter(({ record }) => record.deceased);
        for (const [person, supporting] of perPerson(context, deceased)) {
          findings.push(
            personFinding('DECEASED_STILL_LISTED', person, kind, {
              systemValue: person.first.status,
              deptValue: '死亡',
              detail: `marked 死亡 by ${kind}`,
              deptRecords: supporting.map(({ record }) => record),
            }),
          );
        }
      }
      return findings;
    },
  },
];
