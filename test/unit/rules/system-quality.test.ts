import { describe, expect, it } from 'vitest';
import { idOf, legacyIdOf, lostIdOf, member, recordSet, validId } from './builders.js';
import { findingsOf, run } from './run.js';

describe('ID rules', () => {
  it('ID_INVALID: blank, placeholder, lost and wrong-check IDs; subjects householdId/name with #2', () => {
    const blank1 = member({ householdId: 'H9', name: '姚芸', id: { key: '', status: 'blank' } });
    const blank2 = member({ householdId: 'H9', name: '姚芸', relation: '之女', id: { key: '', status: 'blank' } });
    const placeholder = member({ householdId: 'H8', name: '邓莹', id: { key: '999999198211024282', status: 'placeholder' } });
    const lost = member({ householdId: 'H7', name: '程芳', id: lostIdOf(validId('2020-11-18')) });
    const valid = member({ householdId: 'H6', idNumber: validId('1980-01-01') });
    const evaluation = run(recordSet({ system: [blank1, blank2, placeholder, lost, valid] }));
    const found = findingsOf(evaluation, 'ID_INVALID');
    expect(found.map((f) => f.subject)).toEqual(['H9/姚芸', 'H9/姚芸#2', 'H8/邓莹', 'H7/程芳']);
    expect(found[2]!.detail).toBe('id=999999198211024282 (placeholder)');
    expect(found.every((f) => f.source === '' && f.householdId !== null)).toBe(true);
  });

  it('ID_INVALID: a dead member with a blank ID raises nothing', () => {
    const dead = member({ id: { key: '', status: 'blank' }, living: false, status: '死亡' });
    expect(findingsOf(run(recordSet({ system: [dead] })), 'ID_INVALID')).toEqual([]);
  });

  it('ID_LEGACY_15: a valid 15-digit ID, subject its 18-digit form', () => {
    const legacy = legacyIdOf('370124720414193');
    const evaluation = run(recordSet({ system: [member({ id: legacy }), member({ householdId: 'H2', idNumber: validId('1972-04-14') })] }));
    expect(findingsOf(evaluation, 'ID_LEGACY_15').map((f) => f.subject)).toEqual([legacy.key]);
  });

  it('ID_DUPLICATE: one finding on the first row listing every household; a dead second row does not count', () => {
    const id = validId('1949-11-07', '377', '370781');
    const first = member({ idNumber: id, householdId: 'H1', place: { ...member().place, countyCode: '370781' } });
    const second = member({ idNumber: id, householdId: 'H2', relation: '其他' });
    const evaluation = run(recordSet({ system: [first, second] }));
    const [finding, ...rest] = findingsOf(evaluation, 'ID_DUPLICATE');
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ subject: id, householdId: 'H1', detail: 'H1;H2' });
    expect(finding!.counties).toEqual(['370124', '370781']);

    const deadCopy = member({ idNumber: id, householdId: 'H3', living: false, status: '死亡' });
    expect(findingsOf(run(recordSet({ system: [first, deadCopy] })), 'ID_DUPLICATE')).toEqual([]);
  });

  it('ID_ATTR_MISMATCH: sex or birth date differing from the ID; blank values are not compared', () => {
    const id = validId('1960-03-25', '321'); // odd sequence → 男
    const wrongBirth = member({ idNumber: id, sex: '男', birthDate: '1960-04-12' });
    const agrees = member({ householdId: 'H2', idNumber: validId('1970-01-01'), sex: '男', birthDate: '1970-01-01' });
    const blanks = member({ householdId: 'H3', idNumber: validId('1971-01-01'), sex: null, birthDate: null });
    const found = findingsOf(run(recordSet({ system: [wrongBirth, agrees, blanks] })), 'ID_ATTR_MISMATCH');
    expect(found.map((f) => [f.subject, f.detail])).toEqual([[id, 'sex=男 birth=1960-04-12']]);
  });
});

describe('HOUSEHOLD_HEAD_INVALID and FIELD_MISSING', () => {
  it('fires for no living 户主 or two, not for one; a dead 户主 does not count', () => {
    const noHead = [
      member({ householdId: 'A', relation: '户主', living: false, status: '死亡', idNumber: validId('1940-01-01') }),
      member({ householdId: 'A', relation: '配偶', idNumber: validId('1942-01-01') }),
    ];
    const twoHeads = [
      member({ householdId: 'B', relation: '户主', idNumber: validId('1950-01-01') }),
      member({ householdId: 'B', relation: '户主', idNumber: validId('1951-01-01') }),
    ];
    const fine = [member({ householdId: 'C', relation: '户主', idNumber: validId('1952-01-01') })];
    const found = findingsOf(run(recordSet({ system: [...noHead, ...twoHeads, ...fine] })), 'HOUSEHOLD_HEAD_INVALID');
    expect(found.map((f) => [f.subject, f.detail])).toEqual([
      ['A', '0 living 户主 of 1 living'],
      ['B', '2 living 户主 of 2 living'],
    ]);
  });

  it('FIELD_MISSING lists the blank fields; unknown residentMedical is missing, "no" is not', () => {
    const missing = member({ relation: null, labour: null, residentMedical: null });
    const said = member({ householdId: 'H2', idNumber: validId('1990-01-01'), residentMedical: 'no' });
    const found = findingsOf(run(recordSet({ system: [missing, said] })), 'FIELD_MISSING');
    expect(found.map((f) => f.detail)).toEqual(['relation,labour,residentMedical']);
  });
});

describe('AGE_STAGE_IMPLAUSIBLE', () => {
  it('fires outside the stage range, ages in whole years on asOf', () => {
    const tooYoung = member({ idNumber: validId('2018-10-30'), stage: 'PRIMARY' }); // 4 on 2023-06-10
    const justFive = member({ householdId: 'H2', idNumber: validId('2018-06-10'), stage: 'PRIMARY' }); // 5 that day
    const adult = member({ householdId: 'H3', idNumber: validId('1984-09-02'), stage: 'PRIMARY' });
    const found = findingsOf(run(recordSet({ system: [tooYoung, justFive, adult] })), 'AGE_STAGE_IMPLAUSIBLE');
    expect(found.map((f) => f.detail)).toEqual(['PRIMARY age 4', 'PRIMARY age 38']);
  });

  it('uses the system birth date only when the ID is not valid, and skips a member with neither', () => {
    const byBirthDate = member({ id: idOf('37012420181030393'), birthDate: '2018-10-30', stage: 'PRIMARY' });
    const neither = member({ householdId: 'H2', id: { key: '', status: 'blank' }, birthDate: null, stage: 'PRIMARY' });
    const found = findingsOf(run(recordSet({ system: [byBirthDate, neither] })), 'AGE_STAGE_IMPLAUSIBLE');
    expect(found.map((f) => f.detail)).toEqual(['PRIMARY age 4']);
  });
});
