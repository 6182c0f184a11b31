import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/rules/evaluate.js';
import { education, medical, member, noPrior, params, recordSet, validId } from './builders.js';
import { findingsOf, run } from './run.js';

describe('MED_UNINSURED', () => {
  it('fires for a living member with no active enrolment; source medical', () => {
    const insured = member({ idNumber: validId('1980-01-01') });
    const lapsed = member({ householdId: 'H2', idNumber: validId('1981-01-01') });
    const unmatched = member({ householdId: 'H3', idNumber: validId('1982-01-01') });
    const evaluation = run(
      recordSet({
        system: [insured, lapsed, unmatched],
        medical: [medical(insured.id.key), medical(lapsed.id.key, { active: false, enrolStatus: '停保' })],
      }),
    );
    const found = findingsOf(evaluation, 'MED_UNINSURED');
    expect(found.map((f) => [f.subject, f.source, f.deptValue])).toEqual([
      [lapsed.id.key, 'medical', '停保'],
      [unmatched.id.key, 'medical', ''],
    ]);
  });

  it('spares a newborn of 30 days, not a baby of 100 days', () => {
    const newborn = member({ idNumber: validId('2023-05-11') });
    const baby = member({ householdId: 'H2', idNumber: validId('2023-03-02') });
    const found = findingsOf(run(recordSet({ system: [newborn, baby], medical: [] }, ['medical'])), 'MED_UNINSURED');
    expect(found.map((f) => f.subject)).toEqual([baby.id.key]);
  });

  it('takes the latest 参保年度 from every row, those of people not in the system too, even those let go', () => {
    const member2023 = member({ idNumber: validId('1980-01-01') });
    // a stranger's 2024 row, with no expense: it can make nothing itself and is let go, yet it sets the year
    const stranger = medical(validId('1990-02-02', '456'), { year: 2024 });
    const records = recordSet({ system: [member2023], medical: [medical(member2023.id.key, { year: 2023 }), stranger] });
    const evaluation = evaluate(records, params(), noPrior(), { collect: () => undefined });
    expect(records.medical).not.toContain(stranger);
    expect(findingsOf(evaluation, 'MED_UNINSURED').map((f) => f.subject)).toEqual([member2023.id.key]);
    expect(evaluation.matches.find((m) => m.kind === 'medical')!.byMethod).toEqual({ id: 1, none: 1 });
  });

  it('counts only rows of the latest 参保年度, and a 死亡 row is never active', () => {
    const lastYearOnly = member({ idNumber: validId('1980-01-01') });
    const current = member({ householdId: 'H2', idNumber: validId('1981-01-01') });
    const evaluation = run(
      recordSet({
        system: [lastYearOnly, current],
        medical: [medical(lastYearOnly.id.key, { year: 2022 }), medical(current.id.key, { year: 2023 })],
      }),
    );
    expect(findingsOf(evaluation, 'MED_UNINSURED').map((f) => f.subject)).toEqual([lastYearOnly.id.key]);
  });

  it('is skipped, with a reason, without a medical extract', () => {
    const evaluation = run(recordSet({ system: [member()] }));
    expect(evaluation.rulesRun).not.toContain('MED_UNINSURED');
    expect(evaluation.rulesSkipped).toContainEqual({ rule: 'MED_UNINSURED', reason: 'no medical extract' });
  });
});

describe('MED_FLAG_MISMATCH', () => {
  it('fires for residentMedical=no with an active 城乡居民 enrolment, and yes with only an employee scheme', () => {
    const saysNo = member({ idNumber: validId('1980-01-01'), residentMedical: 'no' });
    const saysYes = member({ householdId: 'H2', idNumber: validId('1981-01-01'), residentMedical: 'yes' });
    const agrees = member({ householdId: 'H3', idNumber: validId('1982-01-01'), residentMedical: 'yes' });
    const evaluation = run(
      recordSet({
        system: [saysNo, saysYes, agrees],
        medical: [medical(saysNo.id.key), medical(saysYes.id.key, { scheme: 'employee' }), medical(agrees.id.key)],
      }),
    );
    expect(findingsOf(evaluation, 'MED_FLAG_MISMATCH').map((f) => f.detail)).toEqual([
      'residentMedical=no resident active=true',
      'residentMedical=yes resident active=false',
    ]);
  });

  it('does not fire for a member enrolled nowhere (MED_UNINSURED covers them)', () => {
    const nowhere = member({ residentMedical: 'yes' });
    const evaluation = run(recordSet({ system: [nowhere], medical: [medical(nowhere.id.key, { active: false })] }));
    expect(findingsOf(evaluation, 'MED_FLAG_MISMATCH')).toEqual([]);
  });
});

describe('education rules', () => {
  it('EDU_COMPULSORY_NOT_ENROLLED: school age on the last 31 August; a child of 16 is not compulsory', () => {
    // asOf 2023-06-10 → school age on 2022-08-31
    const ten = member({ idNumber: validId('2012-01-05'), stage: 'NONE' });
    const sixteen = member({ householdId: 'H2', idNumber: validId('2006-05-01'), stage: 'NONE' });
    const enrolled = member({ householdId: 'H3', idNumber: validId('2013-01-01'), stage: 'PRIMARY' });
    const five = member({ householdId: 'H4', idNumber: validId('2016-09-01'), stage: 'NONE' }); // 6 only after 31 Aug 2022
    const evaluation = run(recordSet({ system: [ten, sixteen, enrolled, five], education: [education(enrolled.id.key)] }));
    const found = findingsOf(evaluation, 'EDU_COMPULSORY_NOT_ENROLLED');
    expect(found.map((f) => [f.subject, f.detail, f.source])).toEqual([[ten.id.key, 'school age 10', 'education']]);
  });

  it('EDU_ENROLLED_NOT_RECORDED: an active record while the system says NONE or blank', () => {
    const none = member({ idNumber: validId('2015-05-15'), stage: 'NONE' });
    const blank = member({ householdId: 'H2', idNumber: validId('2016-01-31'), stage: null });
    const inactive = member({ householdId: 'H3', idNumber: validId('2015-06-01'), stage: 'NONE' });
    const evaluation = run(
      recordSet({
        system: [none, blank, inactive],
        education: [education(none.id.key), education(blank.id.key), education(inactive.id.key, { active: false, enrolStatus: '转出' })],
      }),
    );
    expect(findingsOf(evaluation, 'EDU_ENROLLED_NOT_RECORDED').map((f) => f.subject)).toEqual([none.id.key, blank.id.key]);
  });

  it('EDU_RECORDED_NOT_ENROLLED: a stage the extract covers, no record, not of compulsory age', () => {
    const preschool = member({ idNumber: validId('2018-12-17'), stage: 'PRESCHOOL' });
    const compulsory = member({ householdId: 'H2', idNumber: validId('2012-01-01'), stage: 'PRIMARY' });
    const college = member({ householdId: 'H3', idNumber: validId('2002-01-01'), stage: 'UNDERGRAD' });
    const evaluation = run(recordSet({ system: [preschool, compulsory, college], education: [] }, ['education']));
    expect(findingsOf(evaluation, 'EDU_RECORDED_NOT_ENROLLED').map((f) => f.detail)).toEqual(['PRESCHOOL school age 3']);
    expect(findingsOf(evaluation, 'EDU_COMPULSORY_NOT_ENROLLED').map((f) => f.subject)).toEqual([compulsory.id.key]);
  });

  it('EDU_STAGE_MISMATCH: both set and different', () => {
    const differs = member({ idNumber: validId('2018-10-30'), stage: 'PRIMARY' });
    const same = member({ householdId: 'H2', idNumber: validId('2014-01-01'), stage: 'PRIMARY' });
    const evaluation = run(
      recordSet({
        system: [differs, same],
        education: [education(differs.id.key, { stage: 'PRESCHOOL' }), education(same.id.key, { stage: 'PRIMARY' })],
      }),
    );
    expect(findingsOf(evaluation, 'EDU_STAGE_MISMATCH').map((f) => f.detail)).toEqual(['PRIMARY vs PRESCHOOL']);
  });
});
