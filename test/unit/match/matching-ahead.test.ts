import { describe, expect, it } from 'vitest';
import { matchDepartments, type MatchedSets } from '../../../src/match/match-departments.js';
import { buildMemberIndex } from '../../../src/match/member-index.js';
import { MatchingAhead } from '../../../src/match/matching-ahead.js';
import { DEPT_KINDS, type RecordSet, type SystemMember } from '../../../src/model/records.js';
import { dibao, lostIdOf, medical, member, recordSet, validId } from '../rules/builders.js';

const ZHANG = validId('1975-10-29', '337');
const LI = validId('1980-02-14', '121');
const WANG = validId('1990-07-01', '455');
const STRANGER = validId('1966-03-03', '819');
/** ZHANG with two adjacent digits swapped: a fuzzy match */
const ZHANG_SWAPPED = ZHANG.slice(0, 8) + ZHANG[9] + ZHANG[8] + ZHANG.slice(10);

function night() {
  const system: SystemMember[] = [
    member({ idNumber: ZHANG, name: '张伟' }),
    member({ idNumber: LI, name: '李娜', householdId: 'H2' }),
    member({ idNumber: WANG, name: '王芳', householdId: 'H3' }),
  ];
  system.forEach((row, i) => {
    row.seq = i;
  });
  const yibao1 = [medical(ZHANG), medical(STRANGER, { name: '赵六' }), medical(ZHANG_SWAPPED), medical(lostIdOf(LI), { name: '李娜' })];
  const yibao2 = [medical(WANG, { name: '王芳' })];
  const dibaoRoster = [dibao(LI, { name: '李娜' }), dibao(STRANGER, { name: '赵六' })];
  const records = recordSet({ system, medical: [...yibao1, ...yibao2], dibao: dibaoRoster });
  return { system, yibao1, yibao2, dibaoRoster, records };
}

/** Outcome and matched row of every department record, kind by kind. */
function outcomes(matched: MatchedSets): string[] {
  return DEPT_KINDS.flatMap((kind) => matched[kind].map(({ match }) => `${kind}:${match.outcome}:${match.member?.seq ?? '-'}`));
}

function matchAhead(system: SystemMember[], files: { kind: 'medical' | 'dibao'; records: RecordSet['medical' | 'dibao'] }[]): MatchingAhead {
  const ahead = new MatchingAhead(system);
  for (const { kind, records } of files) {
    const match = ahead.file(kind);
    // as decoded: the file's records so far, chunk by chunk, then all of them once more
    for (let end = 1; end <= records.length; end++) match(records.slice(0, end));
    match(records);
  }
  return ahead;
}

describe('matching ahead', () => {
  it('gives what matching them all at once gives, the destroyed ID matched last', () => {
    const { system, yibao1, yibao2, dibaoRoster, records } = night();
    const ahead = matchAhead(system, [
      { kind: 'medical', records: yibao1 },
      { kind: 'medical', records: yibao2 },
      { kind: 'dibao', records: dibaoRoster },
    ]);
    const taken = ahead.take(system)!;
    expect(taken).not.toBeNull();
    const viaAhead = matchDepartments(records, taken.index, taken);
    const atOnce = matchDepartments(records, buildMemberIndex(system));
    expect(outcomes(viaAhead)).toEqual(outcomes(atOnce));
    expect(outcomes(viaAhead)).toEqual([
      'medical:id:0', 'medical:none:-', 'medical:fuzzy:0', 'medical:prefix15:1', 'medical:id:2', 'dibao:id:1', 'dibao:none:-',
    ]);
    // the entries made ahead are the ones used, not matched again
    expect(viaAhead.medical[4]).toBe(taken.files[1]!.matched[0]);
    expect(viaAhead.dibao).toBe(taken.files[2]!.matched);
  });

  it('is handed over once, and keeps nothing afterwards', () => {
    const { system, dibaoRoster } = night();
    const ahead = matchAhead(system, [{ kind: 'dibao', records: dibaoRoster }]);
    expect(ahead.take(system)).not.toBeNull();
    expect(ahead.take(system)).toBeNull();
    expect(() => ahead.file('medical')).toThrow(/handed over/);
  });

  it('is not used for other system rows or department records it did not see', () => {
    const { system, yibao1, records } = night();
    expect(matchAhead(system, [{ kind: 'medical', records: yibao1 }]).take(system.slice(1))).toBeNull();

    // yibao2 and the 低保 roster were never matched ahead: matchDepartments matches every record itself
    const taken = matchAhead(system, [{ kind: 'medical', records: yibao1 }]).take(system)!;
    const matched = matchDepartments(records, taken.index, taken);
    expect(outcomes(matched)).toEqual(outcomes(matchDepartments(records, buildMemberIndex(system))));
    expect(matched.medical).toHaveLength(5);
  });
});
