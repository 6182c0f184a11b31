/** 学籍 rules: compulsory education for every school-age child (seed 一(三)) and the system's 在校生状况 (一(六)). */
import type { FindingCandidate } from '../model/findings.js';
import { birthDateOf, isCompulsorySchoolAge, schoolAgeOn } from './age.js';
import type { RuleContext } from './context.js';
import { firstPerSubject, joinValues, personFinding } from './finding.js';
import { personRows, type SystemPerson } from '../match/persons.js';
import type { RuleDefinition } from './rule.js';
import type { SystemMember } from '../model/records.js';

function activeRecords(context: RuleContext, person: SystemPerson) {
  return (context.byPerson.education.get(person) ?? []).filter(({ record }) => record.active);
}

function schoolAgeOf(context: RuleContext, row: SystemMember): number | null {
  const birth = birthDateOf(row);
  return birth ? schoolAgeOn(birth, context.params.asOf) : null;
}

const EDUCATION = { sources: ['system' as const, 'education' as const] };

export const educationRules: RuleDefinition[] = [
  {
    code: 'EDU_COMPULSORY_NOT_ENROLLED',
    level: 'person',
    severity: 'high',
    seed: '一(三)',
    titleZh: '义务教育适龄未在校',
    ...EDUCATION,
    evaluate: (context) => {
      const findings: FindingCandidate[] = [];
      for (const [person, row] of personRows(context.persons)) {
        const schoolAge = schoolAgeOf(context, row);
        if (schoolAge === null || !isCompulsorySchoolAge(schoolAge) || activeRecords(context, person).length > 0) continue;
        const all = context.byPerson.education.get(person) ?? [];
        findings.push(
          personFinding('EDU_COMPULSORY_NOT_ENROLLED', person, 'education', {
            systemValue: row.stage ?? '',
            deptValue: joinValues(all.map(({ record }) => record.enrolStatus)),
            detail: `school age ${schoolAge}`,
            deptRecords: all.map(({ record }) => record),
          }),
        );
      }
      return firstPerSubject(findings);
    },
  },
  {
    code: 'EDU_ENROLLED_NOT_RECORDED',
    level: 'person',
    severity: 'medium',
    seed: '一(六)',
    titleZh: '有学籍未标注在校',
    ...EDUCATION,
    evaluate: (context) => {
      const findings: FindingCandidate[] = [];
      for (const [person, row] of personRows(context.persons)) {
        const stage = row.stage;
        if (stage !== null && stage !== 'NONE') continue;
        const active = activeRecords(context, person);
        if (active.length === 0) continue;
        const deptStages = joinValues(active.map(({ record }) => record.stage));
        findings.push(
          personFinding('EDU_ENROLLED_NOT_RECORDED', person, 'education', {
            systemValue: stage ?? '',
            deptValue: deptStages,
            detail: deptStages,
            deptRecords: active.map(({ record }) => record),
          }),
        );
      }
      return firstPerSubject(findings);
    },
  },
  {
    code: 'EDU_RECORDED_NOT_ENROLLED',
    level: 'person',
    severity: 'medium',
    seed: '一(六)',
    titleZh: '标注在校但无学籍',
    ...EDUCATION,
    evaluate: (context) => {
      const findings: FindingCandidate[] = [];
      for (const [person, row] of personRows(context.persons)) {
        const stage = row.stage;
        if (stage === null || !context.params.educationStages.includes(stage)) continue;
        const schoolAge = schoolAgeOf(context, row);
        // compulsory-age children get EDU_COMPULSORY_NOT_ENROLLED instead; no age → the rule skips the member
        if (schoolAge === null || isCompulsorySchoolAge(schoolAge)) continue;
        if (activeRecords(context, person).length > 0) continue;
        const all = context.byPerson.education.get(person) ?? [];
        findings.push(
          personFinding('EDU_RECORDED_NOT_ENROLLED', person, 'education', {
            systemValue: stage,
            deptValue: joinValues(all.map(({ record }) => record.enrolStatus)),
            detail: `${stage} school age ${schoolAge}`,
            deptRecords: all.map(({ record }) => record),
          }),
        );
      }
      return firstPerSubject(findings);
    },
  },
  {
    code: 'EDU_STAGE_MISMATCH',
    level: 'person',
    severity: 'medium',
    seed: '一(六)',
    titleZh: '在校学段与学籍不符',
    ...EDUCATION,
    evaluate: (context) => {
      const findings: FindingCandidate[] = [];
      for (const [person, row] of personRows(context.persons)) {
        const stage = row.stage;
        if (stage === null || stage === 'NONE') continue;
        const staged = activeRecords(context, person).filter(({ record }) => record.stage !== null && record.stage !== 'NONE');
        if (staged.length === 0 || staged.some(({ record }) => record.stage === stage)) continue;
        const deptStages = joinValues(staged.map(({ record }) => record.stage));
        findings.push(
          personFinding('EDU_STAGE_MISMATCH', person, 'education', {
            systemValue: stage,
            deptValue: deptStages,
            detail: `${stage} vs ${deptStages}`,
            deptRecords: staged.map(({ record }) => record),
          }),
        );
      }
      return firstPerSubject(findings);
    },
  },
];
