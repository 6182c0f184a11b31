import { describe, expect, it } from 'vitest';
import type { PriorState } from '../../../src/model/findings.js';
import { assessment, dibao, householdFields, medical, member, PLACE, recordSet, tekun, validId } from './builders.js';
import { run, ticketsOf } from './run.js';

const HEAD = validId('1958-11-19', '185');
const SPOUSE = validId('1960-02-02', '226');
const otherPlace = { ...PLACE, countyCode: '370781', county: '青州市' };

describe('NEW_AID_UNASSESSED', () => {
  it('opens for a civil household newly on 农村低保, keyed by the head, placed by its own row when not in the system', () => {
    const rows = [
      dibao(HEAD, { approvedAt: '2022-09-07', place: otherPlace }),
      dibao(SPOUSE, { headIdNumber: HEAD, relation: '配偶', approvedAt: '2022-09-05', place: otherPlace }),
    ];
    const [ticket, ...rest] = ticketsOf(run(recordSet({ system: [], dibao: rows })), 'NEW_AID_UNASSESSED');
    expect(rest).toEqual([]);
    expect(ticket).toMatchObject({ subject: HEAD, householdId: null, civilHeadIdNumber: HEAD, triggerDate: '2022-09-07', coveredBy: null });
    expect(ticket!.memberIds).toEqual([HEAD, SPOUSE]);
    expect(ticket!.place.countyCode).toBe('370781');
  });

  it('does not open for an approval before newSince, a blank approval date, or a 城市低保 row', () => {
    const rows = [
      dibao(HEAD, { approvedAt: '2022-05-31' }),
      dibao(SPOUSE, { approvedAt: null }),
      dibao(validId('1970-01-01'), { approvedAt: '2023-01-01', category: 'urban' }),
    ];
    expect(ticketsOf(run(recordSet({ dibao: rows })), 'NEW_AID_UNASSESSED')).toEqual([]);
  });

  it('opens for an applicant, dated by the application', () => {
    const row = dibao(HEAD, { status: 'applying', statusRaw: '申请中', approvedAt: null, appliedAt: '2023-06-06' });
    const [ticket] = ticketsOf(run(recordSet({ dibao: [row] })), 'NEW_AID_UNASSESSED');
    expect(ticket).toMatchObject({ triggerDate: '2023-06-06', trigger: '申请中' });
  });

  it('an assessment the day before approval does not cover it; one on the day does', () => {
    const row = dibao(HEAD, { approvedAt: '2023-01-30' });
    const before = run(recordSet({ dibao: [row], assessment: [assessment(HEAD, '2023-01-29')] }));
    expect(ticketsOf(before, 'NEW_AID_UNASSESSED')[0]!.coveredBy).toBeNull();
    const onTheDay = run(recordSet({ dibao: [row], assessment: [assessment(SPOUSE, '2023-01-01'), assessment(HEAD, '2023-01-30')] }));
    expect(ticketsOf(onTheDay, 'NEW_AID_UNASSESSED')[0]!.coveredBy).toMatchObject({ assessedAt: '2023-01-30', origin: 'extract' });
  });

  it('a stored assessment naming a member covers it on a later night', () => {
    const row = dibao(HEAD, { approvedAt: '2023-01-30' });
    const prior: PriorState = {
      assessments: [{ idNumbers: [SPOUSE, HEAD], assessedAt: '2023-02-01', result: '纳入监测', origin: 'web', ticketKey: `NEW_AID_UNASSESSED|${HEAD}` }],
      expenseFirstSeen: new Map(),
    };
    expect(ticketsOf(run(recordSet({ dibao: [row] }), {}, prior), 'NEW_AID_UNASSESSED')[0]!.coveredBy).toMatchObject({ origin: 'web' });
  });

  it('no ticket when a person of the civil household is in an active monitoring household', () => {
    const monitoring = householdFields({ householdType: '监测户', monitorType: '边缘易致贫户' });
    const spouse = member({ householdId: 'M1', idNumber: SPOUSE, name: '张伟', household: monitoring });
    const rows = [dibao(HEAD, { approvedAt: '2023-01-30' }), dibao(SPOUSE, { headIdNumber: HEAD, approvedAt: '2015-01-01' })];
    expect(ticketsOf(run(recordSet({ system: [spouse], dibao: rows })), 'NEW_AID_UNASSESSED')).toEqual([]);
  });

  it('no ticket when the person’s second row (a duplicated ID) is in an active monitoring household', () => {
    const monitoring = householdFields({ householdType: '监测户', monitorType: '边缘易致贫户' });
    const firstRow = member({ householdId: 'G1', idNumber: HEAD });
    const secondRow = member({ householdId: 'M1', idNumber: HEAD, relation: '其他', household: monitoring });
    const rows = [dibao(HEAD, { approvedAt: '2023-01-30' })];
    expect(ticketsOf(run(recordSet({ system: [firstRow, secondRow], dibao: rows })), 'NEW_AID_UNASSESSED')).toEqual([]);
    expect(ticketsOf(run(recordSet({ system: [firstRow], dibao: rows })), 'NEW_AID_UNASSESSED')).toHaveLength(1);
  });

  it('household_id is the system household of the first person who matches one', () => {
    const spouse = member({ householdId: 'S1', idNumber: SPOUSE });
    const rows = [dibao(HEAD, { approvedAt: '2023-01-30' }), dibao(SPOUSE, { headIdNumber: HEAD })];
    const [ticket] = ticketsOf(run(recordSet({ system: [spouse], dibao: rows })), 'NEW_AID_UNASSESSED');
    expect(ticket).toMatchObject({ householdId: 'S1', place: PLACE });
  });

  it('特困: 分散供养 approvals and applications of either mode; a 特困 person who is a 低保 head has one ticket', () => {
    const dispersed = validId('1950-01-01');
    const centralisedApproved = validId('1951-01-01');
    const centralisedApplying = validId('1952-01-01');
    const evaluation = run(
      recordSet({
        dibao: [dibao(HEAD, { approvedAt: '2023-01-30' })],
        tekun: [
          tekun(dispersed, { approvedAt: '2023-02-07' }),
          tekun(centralisedApproved, { mode: 'centralised', approvedAt: '2023-02-07' }),
          tekun(centralisedApplying, { mode: 'centralised', status: 'applying', approvedAt: null, appliedAt: '2023-03-23' }),
          tekun(HEAD, { approvedAt: '2023-03-01' }),
        ],
      }),
    );
    const tickets = ticketsOf(evaluation, 'NEW_AID_UNASSESSED');
    expect(tickets.map((t) => [t.subject, t.triggerDate])).toEqual([
      [HEAD, '2023-03-01'],
      [dispersed, '2023-02-07'],
      [centralisedApplying, '2023-03-23'],
    ]);
  });

  it('reports the parts it could not run', () => {
    const evaluation = run(recordSet({ dibao: [] }, ['dibao']));
    expect(evaluation.ticketPartsSkipped.map((p) => p.part)).toContain('NEW_AID_UNASSESSED tekun');
    expect(evaluation.ticketPartsSkipped.map((p) => p.part)).not.toContain('NEW_AID_UNASSESSED dibao');
  });
});

describe('DIBAO_CANCELLED_REVIEW', () => {
  const poor = member({ householdId: 'P1', idNumber: HEAD });
  const ended = (overrides = {}) => dibao(HEAD, { status: 'ended', statusRaw: '停保', endedAt: '2022-07-14', ...overrides });

  it('opens for a 脱贫享受政策户 whose member’s 农村低保 was stopped within the window', () => {
    const [ticket] = ticketsOf(run(recordSet({ system: [poor], dibao: [ended()] })), 'DIBAO_CANCELLED_REVIEW');
    expect(ticket).toMatchObject({ subject: 'P1', householdId: 'P1', triggerDate: '2022-07-14', trigger: 'dibao ended', coveredBy: null });
  });

  it('not for a death, an end before newSince, a 不享受政策 household or an active monitoring household', () => {
    const cases = [
      recordSet({ system: [poor], dibao: [ended({ statusRaw: '死亡' })] }),
      recordSet({ system: [poor], dibao: [ended({ endedAt: '2022-05-31' })] }),
      recordSet({ system: [member({ householdId: 'P1', idNumber: HEAD, household: householdFields({ policyStatus: '脱贫不享受政策户' }) })], dibao: [ended()] }),
      recordSet({ system: [member({ householdId: 'P1', idNumber: HEAD, household: householdFields({ monitorType: '脱贫不稳定户' }) })], dibao: [ended()] }),
    ];
    for (const records of cases) expect(ticketsOf(run(records), 'DIBAO_CANCELLED_REVIEW')).toEqual([]);
  });

  it('is covered by an assessment of the household on or after the end date', () => {
    const covered = run(recordSet({ system: [poor], dibao: [ended()], assessment: [assessment(HEAD, '2022-08-21')] }));
    expect(ticketsOf(covered, 'DIBAO_CANCELLED_REVIEW')[0]!.coveredBy).toMatchObject({ assessedAt: '2022-08-21' });
  });
});

describe('NEW_RISK_AFTER_ELIMINATION and MEDICAL_EXPENSE_RISK', () => {
  const eliminated = householdFields({ householdType: '监测户', monitorType: '脱贫不稳定户', riskEliminated: 'yes', eliminatedAt: '2021-10-01' });

  it('NEW_RISK: an approval after elimination opens; one before does not', () => {
    const after = member({ householdId: 'E1', idNumber: HEAD, household: eliminated });
    const before = member({ householdId: 'E2', idNumber: SPOUSE, household: eliminated });
    const evaluation = run(recordSet({ system: [after, before], dibao: [dibao(HEAD, { approvedAt: '2022-10-26' }), dibao(SPOUSE, { approvedAt: '2021-09-30' })] }));
    expect(ticketsOf(evaluation, 'NEW_RISK_AFTER_ELIMINATION').map((t) => [t.subject, t.triggerDate])).toEqual([['E1', '2022-10-26']]);
  });

  it('NEW_RISK: a blank eliminatedAt skips the approval part but not the expense part', () => {
    const household = { ...eliminated, eliminatedAt: null };
    const person = member({ householdId: 'E1', idNumber: HEAD, household });
    const approvalOnly = run(recordSet({ system: [person], dibao: [dibao(HEAD, { approvedAt: '2022-10-26' })] }));
    expect(ticketsOf(approvalOnly, 'NEW_RISK_AFTER_ELIMINATION')).toEqual([]);
    const expense = run(recordSet({ system: [person], medical: [medical(HEAD, { outOfPocket: 12000 })] }));
    expect(ticketsOf(expense, 'NEW_RISK_AFTER_ELIMINATION').map((t) => [t.subject, t.triggerDate])).toEqual([['E1', '2023-06-10']]);
    expect(ticketsOf(expense, 'MEDICAL_EXPENSE_RISK')).toEqual([]);
  });

  it('an expense is dated when first seen; an assessment within the 90 days before covers it', () => {
    const person = member({ householdId: 'E1', idNumber: HEAD, household: eliminated });
    const records = (assessedAt: string) =>
      recordSet({ system: [person], medical: [medical(HEAD, { outOfPocket: 15000 })], assessment: [assessment(HEAD, assessedAt)] });
    const prior = (): PriorState => ({ assessments: [], expenseFirstSeen: new Map([[`${HEAD}|2023`, '2023-05-01']]) });
    const within = run(records('2023-02-01'), {}, prior());
    const [ticket] = ticketsOf(within, 'NEW_RISK_AFTER_ELIMINATION');
    expect(ticket!.triggerDate).toBe('2023-05-01');
    expect(ticket!.coveredBy).toMatchObject({ assessedAt: '2023-02-01' });
    const tooEarly = run(records('2023-01-30'), {}, prior());
    expect(ticketsOf(tooEarly, 'NEW_RISK_AFTER_ELIMINATION')[0]!.coveredBy).toBeNull();
    expect(within.expenseTriggersSeen).toEqual([{ key: `${HEAD}|2023`, firstSeen: '2023-05-01' }]);
  });

  it('MEDICAL_EXPENSE_RISK: two schemes crossing the threshold together; keyed by household, or by ID outside the system', () => {
    const stranger = validId('1973-04-14', '869');
    const farmer = member({ householdId: 'F1', idNumber: HEAD });
    const evaluation = run(
      recordSet({
        system: [farmer],
        medical: [
          medical(HEAD, { outOfPocket: 6000 }),
          medical(HEAD, { scheme: 'employee', outOfPocket: 4000 }),
          medical(HEAD, { year: 2022, outOfPocket: 50000 }),
          medical(stranger, { outOfPocket: 9999.5, place: otherPlace }),
          medical(stranger, { outOfPocket: 0.5, place: otherPlace }),
        ],
      }),
    );
    const tickets = ticketsOf(evaluation, 'MEDICAL_EXPENSE_RISK');
    expect(tickets.map((t) => [t.subject, t.householdId, t.trigger, t.triggerDate])).toEqual([
      [stranger, null, 'outOfPocket', '2023-06-10'],
      ['F1', 'F1', 'outOfPocket', '2023-06-10'],
    ]);
    expect(tickets[0]!.place.countyCode).toBe('370781');
  });

  it('MEDICAL_EXPENSE_RISK: below the threshold, or in a monitoring household, opens nothing', () => {
    const monitored = member({ householdId: 'M1', idNumber: HEAD, household: householdFields({ monitorType: '突发严重困难户' }) });
    const evaluation = run(recordSet({ system: [monitored], medical: [medical(HEAD, { outOfPocket: 20000 }), medical(SPOUSE, { outOfPocket: 9999 })] }));
    expect(ticketsOf(evaluation, 'MEDICAL_EXPENSE_RISK')).toEqual([]);
    expect(ticketsOf(evaluation, 'NEW_RISK_AFTER_ELIMINATION')).toEqual([]);
  });
});
