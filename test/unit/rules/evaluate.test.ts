import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/rules/evaluate.js';
import { education, medical, member, noPrior, params, PLACE, recordSet, validId } from './builders.js';
import { findingsOf, run } from './run.js';

describe('evaluate', () => {
  it('scopes the run to the counties of its system records within region', () => {
    const jinan = member({ idNumber: validId('1980-01-01'), place: { ...PLACE, countyCode: '370124' } });
    const weifang = member({ householdId: 'H2', idNumber: validId('1981-01-01'), place: { ...PLACE, countyCode: '370781' } });
    const unplaced = member({ householdId: 'H3', idNumber: validId('1982-01-01'), place: { ...PLACE, countyCode: null } });
    expect(run(recordSet({ system: [jinan, weifang, unplaced] }), { region: '3701' }).scopeCounties).toEqual(['370124']);
    expect(run(recordSet({ system: [weifang, jinan] })).scopeCounties).toEqual(['370124', '370781']);
  });

  it('runs the rules whose sources are present and says why the others did not run', () => {
    const evaluation = run(recordSet({ system: [member()], medical: [] }, ['medical']));
    expect(evaluation.rulesRun).toContain('MED_UNINSURED');
    expect(evaluation.rulesRun).toContain('NAME_MISMATCH');
    expect(evaluation.rulesSkipped).toContainEqual({ rule: 'EDU_STAGE_MISMATCH', reason: 'no education extract' });
    expect(evaluation.rulesSkipped).toContainEqual({ rule: 'TEKUN_STALE', reason: 'no tekun extract' });
    expect(evaluation.rulesRun.length + evaluation.rulesSkipped.length).toBe(28);
    expect(evaluation.sourcesPresent.sort()).toEqual(['medical', 'system']);
  });

  it('counts match outcomes per file and leaves its input untouched', () => {
    const zhang = member({ idNumber: validId('1980-01-01') });
    const records = recordSet({ system: [zhang], medical: [medical(zhang.id.key), medical(validId('1990-01-01'))] });
    const before = JSON.stringify([records.system, records.medical]);
    const evaluation = run(records);
    expect(evaluation.matches).toEqual([{ file: 'yibao.csv', kind: 'medical', byMethod: { id: 1, none: 1 } }]);
    expect(JSON.stringify([records.system, records.medical])).toBe(before);
  });

  it('with release, lets go of the 医保 and 学籍 rows of people not in the system that can make nothing, and finds the same', () => {
    const zhang = member({ idNumber: validId('1980-01-01') });
    const twoRowsOverThreshold = validId('1990-01-01', '111');
    const underThreshold = validId('1991-01-01', '222');
    const rows = [
      medical(zhang.id.key, { year: 2023 }),
      medical(validId('1992-01-01', '333'), { year: 2024 }), // no expense, but it makes 2024 the counted year
      medical(twoRowsOverThreshold, { year: 2024, outOfPocket: 9999.5 }),
      medical(twoRowsOverThreshold, { year: 2024, outOfPocket: 0.5 }),
      medical(underThreshold, { year: 2024, outOfPocket: 9999 }),
      medical(underThreshold, { year: 2023, outOfPocket: 50000 }), // not the counted year
    ];
    const students = [education(zhang.id.key), education(validId('2012-01-01', '444'))];
    const build = () => recordSet({ system: [zhang], medical: rows, education: students });
    const kept = run(build());
    const released = build();
    const evaluation = evaluate(released, params(), noPrior(), { collect: () => undefined });
    expect(JSON.stringify(evaluation)).toBe(JSON.stringify(kept));
    expect(evaluation.tickets.map((t) => t.subject)).toEqual([twoRowsOverThreshold]);
    expect(findingsOf(evaluation, 'MED_UNINSURED').map((f) => f.subject)).toEqual([zhang.id.key]);
    expect(released.medical.map((r) => r.id.key)).toEqual([zhang.id.key, twoRowsOverThreshold, twoRowsOverThreshold]);
    expect(released.education.map((r) => r.id.key)).toEqual([zhang.id.key]);
    expect(evaluation.matches.find((m) => m.kind === 'education')!.byMethod).toEqual({ id: 1, none: 1 });
  });
});
