import { describe, expect, it } from 'vitest';
import { medical, member, PLACE, recordSet, validId } from './builders.js';
import { run } from './run.js';

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
    const before = JSON.stringify(records.system);
    const evaluation = run(records);
    expect(evaluation.matches).toEqual([{ file: 'yibao.csv', kind: 'medical', byMethod: { id: 1, none: 1 } }]);
    expect(JSON.stringify(records.system)).toBe(before);
  });
});
