/** Rules on the system extract alone: ID quality, duplicates, attributes, blank fields, stage vs age (seed 一(六)). */
import type { FindingCandidate } from '../model/findings.js';
import type { Stage } from '../model/records.js';
import { ageOn, birthDateOf } from './age.js';
import { firstPerSubject, personFinding } from './finding.js';
import { personRows } from '../match/persons.js';
import type { RuleDefinition } from './rule.js';

const SYSTEM_ONLY = { sources: ['system' as const], seed: '一(六)' };

/** Plausible ages per stage (rules.md AGE_STAGE_IMPLAUSIBLE). */
export const STAGE_AGE_RANGE: Partial<Record<Stage, [number, number]>> = {
  PRESCHOOL: [2, 7],
  PRIMARY: [5, 15],
  JUNIOR: [11, 18],
  SENIOR: [14, 21],
  SECONDARY_VOC: [14, 22],
  HIGHER_VOC: [16, 30],
  UNDERGRAD: [16, 35],
  POSTGRAD: [20, 50],
};

export const systemQualityRules: RuleDefinition[] = [
  {
    code: 'ID_INVALID',
    level: 'person',
    severity: 'low',
    titleZh: '身份证号无效',
    ...SYSTEM_ONLY,
    evaluate: ({ persons }) =>
      persons
        .filter((person) => person.validId === null)
        .map((person) => {
          const id = person.first.id;
          // badCheck / badDate still match by ID, but as an ID they are invalid
          const label = id.status === 'badCheck' || id.status === 'badDate' ? 'invalid' : id.status;
          return personFinding('ID_INVALID', person, '', {
            systemValue: id.key,
            detail: `id=${id.key} (${label})`,
          });
        }),
  },
  {
    code: 'ID_LEGACY_15',
    level: 'person',
    severity: 'low',
    titleZh: '15位身份证号未升级',
    ...SYSTEM_ONLY,
    evaluate: ({ persons }) =>
      persons
        .filter((person) => person.first.id.status === 'legacy15' || person.otherRows.some((row) => row.id.status === 'legacy15'))
        .map((person) => personFinding('ID_LEGACY_15', person, '', { systemValue: person.subject, detail: `id15=${person.subject}` })),
  },
  {
    code: 'ID_DUPLICATE',
    level: 'person',
    severity: 'medium',
    titleZh: '身份证号重复',
    ...SYSTEM_ONLY,
    evaluate: ({ persons }) =>
      persons
        .filter((person) => person.validId !== null && person.otherRows.length > 0)
        .map((person) => {
          const householdIds = [...new Set(person.rows.map((row) => row.householdId))];
          const counties = person.rows.map((row) => row.place.countyCode).filter((c): c is string => c !== null);
          return personFinding('ID_DUPLICATE', person, '', {
            systemValue: householdIds.join(';'),
            detail: householdIds.join(';'),
            counties,
          });
        }),
  },
  {
    code: 'ID_ATTR_MISMATCH',
    level: 'person',
    severity: 'low',
    titleZh: '性别或出生日期与身份证号不符',
    ...SYSTEM_ONLY,
    evaluate: ({ persons }) => {
      const findings: FindingCandidate[] = [];
      for (const [person, row] of personRows(persons)) {
        const { id, sex, birthDate } = row;
        if (person.validId === null) continue;
        const sexDiffers = sex !== null && id.sex !== undefined && sex !== id.sex;
        const birthDiffers = birthDate !== null && id.birthDate !== undefined && birthDate !== id.birthDate;
        if (!sexDiffers && !birthDiffers) continue;
        const shown = `sex=${sex ?? ''} birth=${birthDate ?? ''}`;
        findings.push(personFinding('ID_ATTR_MISMATCH', person, '', { systemValue: shown, detail: shown }));
      }
      return firstPerSubject(findings);
    },
  },
  {
    code: 'FIELD_MISSING',
    level: 'person',
    severity: 'low',
    titleZh: '必填信息缺失',
    ...SYSTEM_ONLY,
    evaluate: ({ persons }) => {
      const findings: FindingCandidate[] = [];
      for (const [person, row] of personRows(persons)) {
        const missing: string[] = [];
        if (row.name === '') missing.push('name');
        if (!row.relation) missing.push('relation');
        if (row.labour === null) missing.push('labour');
        if (row.residentMedical === null) missing.push('residentMedical');
        if (missing.length === 0) continue;
        findings.push(personFinding('FIELD_MISSING', person, '', { systemValue: missing.join(','), detail: missing.join(',') }));
      }
      return firstPerSubject(findings);
    },
  },
  {
    code: 'AGE_STAGE_IMPLAUSIBLE',
    level: 'person',
    severity: 'low',
    titleZh: '在校生状况与年龄不符',
    ...SYSTEM_ONLY,
    evaluate: ({ persons, params }) => {
      const findings: FindingCandidate[] = [];
      for (const [person, row] of personRows(persons)) {
        const stage = row.stage;
        const range = stage ? STAGE_AGE_RANGE[stage] : undefined;
        const birth = birthDateOf(row);
        if (!stage || !range || !birth) continue;
        const age = ageOn(birth, params.asOf);
        if (age >= range[0] && age <= range[1]) continue;
        findings.push(
          personFinding('AGE_STAGE_IMPLAUSIBLE', person, '', { systemValue: `${stage} ${birth}`, detail: `${stage} age ${age}` }),
        );
      }
      return firstPerSubject(findings);
    },
  },
];
