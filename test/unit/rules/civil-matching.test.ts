import { describe, expect, it } from 'vitest';
import { dibao, education, idOf, lostIdOf, medical, member, recordSet, tekun, validId } from './builders.js';
import { findingsOf, run } from './run.js';

describe('低保 and 特困 rules', () => {
  it('DIBAO_NOT_RECORDED: active 农村低保 while the system says none or 城市低保; a roster 城市低保 row is ignored', () => {
    const none = member({ idNumber: validId('1939-10-18'), dibao: 'none' });
    const urbanInSystem = member({ householdId: 'H2', idNumber: validId('1942-07-22'), dibao: 'urban' });
    const urbanRoster = member({ householdId: 'H3', idNumber: validId('1959-01-15'), dibao: 'none' });
    const recorded = member({ householdId: 'H4', idNumber: validId('1963-06-26'), dibao: 'rural' });
    const evaluation = run(
      recordSet({
        system: [none, urbanInSystem, urbanRoster, recorded],
        dibao: [dibao(none.id.key), dibao(urbanInSystem.id.key), dibao(urbanRoster.id.key, { category: 'urban' }), dibao(recorded.id.key)],
      }),
    );
    const found = findingsOf(evaluation, 'DIBAO_NOT_RECORDED');
    expect(found.map((f) => [f.subject, f.detail])).toEqual([
      [none.id.key, 'system dibao=no'],
      [urbanInSystem.id.key, 'system dibao=no'],
    ]);
    expect(findingsOf(evaluation, 'DIBAO_STALE')).toEqual([]);
  });

  it('DIBAO_STALE: the system says 农村低保, the roster has no active entry (ended or unknown status)', () => {
    const ended = member({ idNumber: validId('1953-08-18'), dibao: 'rural' });
    const unknown = member({ householdId: 'H2', idNumber: validId('1960-02-17'), dibao: 'rural' });
    const urban = member({ householdId: 'H3', idNumber: validId('1961-02-17'), dibao: 'urban' });
    const evaluation = run(
      recordSet({
        system: [ended, unknown, urban],
        dibao: [
          dibao(ended.id.key, { status: 'ended', statusRaw: '停保', endedAt: '2023-01-01' }),
          dibao(unknown.id.key, { status: 'unknown', statusRaw: '暂缓' }),
        ],
      }),
    );
    expect(findingsOf(evaluation, 'DIBAO_STALE').map((f) => [f.subject, f.deptValue])).toEqual([
      [ended.id.key, '停保'],
      [unknown.id.key, '暂缓'],
    ]);
  });

  it('TEKUN_NOT_RECORDED and TEKUN_STALE, either mode', () => {
    const centralised = member({ idNumber: validId('1946-03-05'), tekun: 'no' });
    const stale = member({ householdId: 'H2', idNumber: validId('1968-09-13'), tekun: 'yes' });
    const fine = member({ householdId: 'H3', idNumber: validId('1950-01-01'), tekun: 'yes' });
    const evaluation = run(
      recordSet({
        system: [centralised, stale, fine],
        tekun: [tekun(centralised.id.key, { mode: 'centralised' }), tekun(fine.id.key)],
      }),
    );
    expect(findingsOf(evaluation, 'TEKUN_NOT_RECORDED').map((f) => [f.subject, f.detail])).toEqual([
      [centralised.id.key, 'system tekun=no'],
    ]);
    expect(findingsOf(evaluation, 'TEKUN_STALE').map((f) => f.subject)).toEqual([stale.id.key]);
  });

  it('a member on two rows is read row by row: the second row records 农村低保 with no entry', () => {
    const id = validId('1950-07-15', '018', '370781');
    const first = member({ idNumber: id, householdId: 'H1', dibao: 'none' });
    const second = member({ idNumber: id, householdId: 'H2', relation: '其他', dibao: 'rural' });
    const found = findingsOf(run(recordSet({ system: [first, second], dibao: [] }, ['dibao'])), 'DIBAO_STALE');
    expect(found.map((f) => [f.subject, f.householdId])).toEqual([[id, 'H1']]);
  });
});

describe('matching rules', () => {
  it('NAME_MISMATCH on an ID match, noting homophones; one per source', () => {
    const zheng = member({ idNumber: validId('1987-04-17', '461'), name: '郑国平' });
    const gao = member({ householdId: 'H2', idNumber: validId('1942-04-06', '112'), name: '高小梅' });
    const evaluation = run(
      recordSet({
        system: [zheng, gao],
        medical: [medical(zheng.id.key, { name: '郑国萍' }), medical(gao.id.key, { name: '高小文' })],
        tekun: [tekun(zheng.id.key, { name: '郑国萍' })],
      }),
    );
    const found = findingsOf(evaluation, 'NAME_MISMATCH');
    expect(found.map((f) => [f.subject, f.source, f.detail])).toEqual([
      [zheng.id.key, 'medical', '郑国平 vs 郑国萍 (同音)'],
      [gao.id.key, 'medical', '高小梅 vs 高小文'],
      [zheng.id.key, 'tekun', '郑国平 vs 郑国萍 (同音)'],
    ]);
    expect(found[0]!.deptIdNumber).toBe(zheng.id.key);
  });

  it('ID_TYPO_SUSPECTED for a fuzzy match, which then counts as the member’s record (no MED_UNINSURED)', () => {
    const id = validId('1975-10-29', '337');
    const typo = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
    const zhang = member({ idNumber: id });
    const evaluation = run(recordSet({ system: [zhang], medical: [medical(typo)] }));
    const [finding] = findingsOf(evaluation, 'ID_TYPO_SUSPECTED');
    expect(finding).toMatchObject({ subject: id, source: 'medical', deptIdNumber: typo, detail: `system ${id} vs medical ${typo}` });
    expect(findingsOf(evaluation, 'MED_UNINSURED')).toEqual([]);
  });

  it('a prefix15 match raises no ID_TYPO_SUSPECTED and still counts as enrolment', () => {
    const id = validId('2020-11-18', '264', '371721');
    const child = member({ idNumber: id, name: '程芳' });
    const evaluation = run(recordSet({ system: [child], medical: [medical(lostIdOf(id), { name: '程芳' })] }));
    expect(findingsOf(evaluation, 'ID_TYPO_SUSPECTED')).toEqual([]);
    expect(findingsOf(evaluation, 'MED_UNINSURED')).toEqual([]);
    expect(evaluation.matches).toEqual([{ file: 'yibao.csv', kind: 'medical', byMethod: { prefix15: 1 } }]);
  });

  it('MATCH_AMBIGUOUS: subject the department ID, placed by the department row, no system member', () => {
    const id = validId('1941-06-27', '359');
    const first = member({ idNumber: id.slice(0, 14) + '4' + id.slice(15), householdId: 'H1' });
    const second = member({ idNumber: id.slice(0, 16) + (id[16] === '1' ? '3' : '1') + id[17], householdId: 'H2' });
    const record = medical(idOf(id));
    const evaluation = run(recordSet({ system: [first, second], medical: [record] }));
    const found = findingsOf(evaluation, 'MATCH_AMBIGUOUS');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ subject: id, source: 'medical', householdId: null, idNumber: null, place: record.place });
    expect(found[0]!.detail.split(';').sort()).toEqual([first.id.key, second.id.key].sort());
  });

  it('DECEASED_STILL_LISTED per department: medical 死亡, education 死亡; not for an already dead member', () => {
    const alive = member({ idNumber: validId('1943-04-02') });
    const dead = member({ householdId: 'H2', idNumber: validId('1944-04-02'), living: false, status: '死亡' });
    const evaluation = run(
      recordSet({
        system: [alive, dead],
        medical: [medical(alive.id.key, { deceased: true, active: false }), medical(dead.id.key, { deceased: true })],
        education: [education(alive.id.key, { deceased: true, active: false, enrolStatus: '死亡' })],
      }),
    );
    expect(findingsOf(evaluation, 'DECEASED_STILL_LISTED').map((f) => [f.subject, f.source, f.detail])).toEqual([
      [alive.id.key, 'medical', 'marked 死亡 by medical'],
      [alive.id.key, 'education', 'marked 死亡 by education'],
    ]);
  });
});
