/** 医保 rules: every living member insured (seed 一(三)), and the system's flag true to the 医保 extract (一(六)). */
import type { FindingCandidate } from '../model/findings.js';
import { birthDateOf, daysBetween } from './age.js';
import { firstPerSubject, joinValues, personFinding } from './finding.js';
import { personRows } from '../match/persons.js';
import type { RuleDefinition } from './rule.js';

/** Newborns get this many days to be enrolled before MED_UNINSURED. */
export const NEWBORN_GRACE_DAYS = 90;

export const medicalRules: RuleDefinition[] = [
  {
    code: 'MED_UNINSURED',
    level: 'person',
    severity: 'high',
    seed: '一(三), 一(六)',
    titleZh: '未参加基本医疗保险',
    sources: ['system', 'medical'],
    evaluate: ({ persons, byPerson, params }) => {
      const findings: FindingCandidate[] = [];
      for (const [person, row] of personRows(persons)) {
        const birth = birthDateOf(row);
        if (!birth || daysBetween(birth, params.asOf) <= NEWBORN_GRACE_DAYS) continue;
        const rows = byPerson.medical.get(person) ?? [];
        if (rows.some(({ record }) => record.active)) continue;
        findings.push(
          personFinding('MED_UNINSURED', person, 'medical', {
            systemValue: row.residentMedical ?? '',
            deptValue: joinValues(rows.map(({ record }) => record.enrolStatus)),
            detail: 'no active enrolment',
            deptRecords: rows.map(({ record }) => record),
          }),
        );
      }
      return firstPerSubject(findings);
    },
  },
  {
    code: 'MED_FLAG_MISMATCH',
    level: 'person',
    severity: 'medium',
    seed: '一(六)',
    titleZh: '医保参保标识与医保数据不符',
    sources: ['system', 'medical'],
    evaluate: ({ persons, byPerson }) => {
      const findings: FindingCandidate[] = [];
      for (const [person, row] of personRows(persons)) {
        const flag = row.residentMedical;
        if (flag === null) continue;
        const active = (byPerson.medical.get(person) ?? []).filter(({ record }) => record.active);
        if (active.length === 0) continue;
        const residentActive = active.some(({ record }) => record.scheme === 'resident');
        if ((flag === 'yes') === residentActive) continue;
        findings.push(
          personFinding('MED_FLAG_MISMATCH', person, 'medical', {
            systemValue: `residentMedical=${flag}`,
            deptValue: joinValues(active.map(({ record }) => record.scheme)),
            detail: `residentMedical=${flag} resident active=${residentActive}`,
            deptRecords: active.map(({ record }) => record),
          }),
        );
      }
      return firstPerSubject(findings);
    },
  },
];
