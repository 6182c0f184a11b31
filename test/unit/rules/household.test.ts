import { describe, expect, it } from 'vitest';
import { dibao, education, householdFields, member, recordSet, validId } from './builders.js';
import { findingsOf, run } from './run.js';

const monitored = (overrides = {}) =>
  householdFields({ householdType: '监测户', policyStatus: null, monitorType: '脱贫不稳定户', ...overrides });

describe('NONPOLICY_TO_VERIFY', () => {
  const nonPolicy = householdFields({ householdType: '脱贫户', policyStatus: '脱贫不享受政策户' });

  it('fires for a 脱贫不享受政策户 with a member on active 农村低保 (roster) or a student (system stage)', () => {
    const onRoster = member({ householdId: 'A', household: nonPolicy, idNumber: validId('1960-01-01') });
    const student = member({ householdId: 'B', household: nonPolicy, idNumber: validId('2010-01-01'), stage: 'JUNIOR' });
    const evaluation = run(recordSet({ system: [onRoster, student], dibao: [dibao(onRoster.id.key)] }));
    const found = findingsOf(evaluation, 'NONPOLICY_TO_VERIFY');
    expect(found.map((f) => [f.subject, f.source, f.idNumber])).toEqual([
      ['A', '', null],
      ['B', '', null],
    ]);
  });

  it('runs without 低保 and 学籍 (reading the system flags) and ignores a 城市低保 roster row and a 享受政策 household', () => {
    const urbanOnly = member({ householdId: 'A', household: nonPolicy, idNumber: validId('1960-01-01'), dibao: 'none' });
    const enjoying = member({ householdId: 'B', idNumber: validId('1961-01-01'), dibao: 'rural' });
    const bySystemFlag = member({ householdId: 'C', household: nonPolicy, idNumber: validId('1962-01-01'), dibao: 'rural' });
    const withRoster = run(recordSet({ system: [urbanOnly, enjoying, bySystemFlag], dibao: [dibao(urbanOnly.id.key, { category: 'urban' })] }));
    expect(findingsOf(withRoster, 'NONPOLICY_TO_VERIFY').map((f) => f.subject)).toEqual(['C']);
    const systemOnly = run(recordSet({ system: [bySystemFlag] }));
    expect(systemOnly.rulesRun).toContain('NONPOLICY_TO_VERIFY');
    expect(findingsOf(systemOnly, 'NONPOLICY_TO_VERIFY').map((f) => f.subject)).toEqual(['C']);
  });

  it('counts an active education record as a student', () => {
    const child = member({ householdId: 'A', household: nonPolicy, idNumber: validId('2012-01-01'), stage: 'NONE' });
    const evaluation = run(recordSet({ system: [child], education: [education(child.id.key)] }));
    expect(findingsOf(evaluation, 'NONPOLICY_TO_VERIFY').map((f) => f.subject)).toEqual(['A']);
  });
});

describe('development assistance (一(二))', () => {
  it('DEV_ASSISTANCE_MISSING: active monitoring, able member, no development measure, flag not yes', () => {
    const missing = member({ householdId: 'A', household: monitored({ measures: ['综合保障'], devAssistanceFlag: 'no' }) });
    const flagged = member({ householdId: 'B', idNumber: validId('1970-01-01'), household: monitored({ devAssistanceFlag: 'yes' }) });
    const weakOnly = member({ householdId: 'C', idNumber: validId('1971-01-01'), labour: 'weak', household: monitored() });
    const eliminated = member({ householdId: 'D', idNumber: validId('1972-01-01'), household: monitored({ riskEliminated: 'yes' }) });
    const evaluation = run(recordSet({ system: [missing, flagged, weakOnly, eliminated] }));
    expect(findingsOf(evaluation, 'DEV_ASSISTANCE_MISSING').map((f) => [f.subject, f.detail])).toEqual([['A', '综合保障']]);
  });

  it('DEV_FLAG_UNMARKED: a development measure without the flag', () => {
    const unmarked = member({ householdId: 'A', household: monitored({ measures: ['公益岗位帮扶', '健康帮扶'], devMeasure: true, devAssistanceFlag: 'no' }) });
    const marked = member({ householdId: 'B', idNumber: validId('1970-01-01'), household: monitored({ measures: ['产业帮扶'], devMeasure: true, devAssistanceFlag: 'yes' }) });
    const evaluation = run(recordSet({ system: [unmarked, marked] }));
    expect(findingsOf(evaluation, 'DEV_FLAG_UNMARKED').map((f) => [f.subject, f.detail])).toEqual([['A', '公益岗位帮扶、健康帮扶']]);
    expect(findingsOf(evaluation, 'DEV_ASSISTANCE_MISSING')).toEqual([]);
  });

  it('treats a household with a monitorType as monitored whatever its type says', () => {
    const typed = member({ householdId: 'A', household: householdFields({ householdType: '一般农户', monitorType: '边缘易致贫户' }) });
    expect(findingsOf(run(recordSet({ system: [typed] })), 'DEV_ASSISTANCE_MISSING').map((f) => f.subject)).toEqual(['A']);
  });
});

describe('ELIMINATED_BELOW_LINE', () => {
  it('fires for an eliminated monitoring household below the line; skipped with a message without a line', () => {
    const below = member({ householdId: 'A', household: monitored({ riskEliminated: 'yes', income: 5636 }) });
    const above = member({ householdId: 'B', idNumber: validId('1970-01-01'), household: monitored({ riskEliminated: 'yes', income: 7100 }) });
    const withLine = run(recordSet({ system: [below, above] }), { monitoringLine: 7100 });
    expect(findingsOf(withLine, 'ELIMINATED_BELOW_LINE').map((f) => [f.subject, f.detail])).toEqual([['A', '5636']]);
    const withoutLine = run(recordSet({ system: [below] }), { monitoringLine: null });
    expect(withoutLine.rulesSkipped.map((s) => s.rule)).toContain('ELIMINATED_BELOW_LINE');
    expect(withoutLine.messages.join('\n')).toContain('ELIMINATED_BELOW_LINE');
    expect(findingsOf(withoutLine, 'ELIMINATED_BELOW_LINE')).toEqual([]);
  });
});

describe('whole-household no labour (一(四))', () => {
  it('NO_LABOUR_UNMARKED: every living member none; a blank labour class is not none', () => {
    const allNone = [
      member({ householdId: 'A', labour: 'none', household: monitored(), idNumber: validId('1940-01-01') }),
      member({ householdId: 'A', labour: 'none', relation: '配偶', household: monitored(), idNumber: validId('1941-01-01') }),
    ];
    const oneBlank = [
      member({ householdId: 'B', labour: 'none', household: monitored(), idNumber: validId('1942-01-01') }),
      member({ householdId: 'B', labour: null, relation: '配偶', household: monitored(), idNumber: validId('1943-01-01') }),
    ];
    const found = findingsOf(run(recordSet({ system: [...allNone, ...oneBlank] })), 'NO_LABOUR_UNMARKED');
    expect(found.map((f) => f.subject)).toEqual(['A']);
  });

  it('NO_LABOUR_MISMARKED and NO_LABOUR_ELIMINATED', () => {
    const flags = monitored({ noLabourHousehold: 'yes', riskEliminated: 'yes' });
    const weakMember = member({ householdId: 'A', labour: 'weak', household: flags });
    const okFlag = member({ householdId: 'B', idNumber: validId('1940-01-01'), labour: 'none', household: monitored({ noLabourHousehold: 'yes' }) });
    const evaluation = run(recordSet({ system: [weakMember, okFlag] }));
    expect(findingsOf(evaluation, 'NO_LABOUR_MISMARKED').map((f) => f.subject)).toEqual(['A']);
    expect(findingsOf(evaluation, 'NO_LABOUR_ELIMINATED').map((f) => f.subject)).toEqual(['A']);
  });

  it('reads household fields from the 户主 row when rows disagree', () => {
    const other = member({ householdId: 'A', relation: '之子', idNumber: validId('1990-01-01'), household: monitored({ noLabourHousehold: 'yes' }) });
    const head = member({ householdId: 'A', relation: '户主', idNumber: validId('1960-01-01'), household: monitored({ noLabourHousehold: 'no' }) });
    const evaluation = run(recordSet({ system: [other, head] }));
    expect(findingsOf(evaluation, 'NO_LABOUR_MISMARKED')).toEqual([]);
  });
});
