import { describe, expect, it } from 'vitest';
import { buildMemberIndex } from '../../../src/match/member-index.js';
import { matchRecord } from '../../../src/match/match-record.js';
import type { SystemMember } from '../../../src/model/records.js';
import { idOf, legacyIdOf, lostIdOf, member, validId } from '../rules/builders.js';

const ZHANG = validId('1975-10-29', '337');

/** `key` with the character at `position` replaced by the next digit. */
function substituted(key: string, position: number): string {
  const digit = (Number(key[position]) + 1) % 10;
  return key.slice(0, position) + digit + key.slice(position + 1);
}

function matcher(...system: SystemMember[]) {
  const index = buildMemberIndex(system);
  return (key: string | ReturnType<typeof idOf>, name = '张伟') =>
    matchRecord(index, { id: typeof key === 'string' ? idOf(key) : key, name });
}

describe('matching step 1: by ID', () => {
  it('matches the same cleaned ID', () => {
    const zhang = member({ idNumber: ZHANG });
    const match = matcher(zhang)(ZHANG);
    expect(match.outcome).toBe('id');
    expect(match.member).toBe(zhang);
  });

  it('matches a system ID with a wrong check digit copied as it stands', () => {
    const badCheck = ZHANG.slice(0, 17) + (ZHANG[17] === '0' ? '1' : '0');
    const zhang = member({ idNumber: badCheck });
    expect(zhang.id.status).toBe('badCheck');
    expect(matcher(zhang)(badCheck).outcome).toBe('id');
  });

  it('uses method id15 when the department ID was upgraded from 15 digits', () => {
    const legacy = legacyIdOf('370124751029337');
    const zhang = member({ idNumber: legacy.key });
    const match = matcher(zhang)(legacy);
    expect(match.outcome).toBe('id15');
    expect(match.member).toBe(zhang);
  });

  it('uses method id15 when the system ID was upgraded from 15 digits', () => {
    const legacy = legacyIdOf('370124751029337');
    const zhang = member({ id: legacy });
    expect(matcher(zhang)(legacy.key).outcome).toBe('id15');
  });

  it('picks the first living row of an ID that stands on several rows', () => {
    const dead = member({ idNumber: ZHANG, living: false, status: '死亡', householdId: 'H1' });
    const living = member({ idNumber: ZHANG, householdId: 'H2' });
    expect(matcher(dead, living)(ZHANG).member).toBe(living);
  });
});

describe('matching step 2: fuzzy fallback', () => {
  it('matches a one-digit typo with the same name', () => {
    const zhang = member({ idNumber: ZHANG });
    const typo = substituted(ZHANG, 9);
    const match = matcher(zhang)(typo);
    expect(match.outcome).toBe('fuzzy');
    expect(match.member).toBe(zhang);
    expect(match.nameAgreement).toBe('equal');
  });

  it('matches an adjacent swap', () => {
    const zhang = member({ idNumber: ZHANG });
    const swapped = ZHANG.slice(0, 12) + ZHANG[13] + ZHANG[12] + ZHANG.slice(14);
    expect(swapped).not.toBe(ZHANG);
    expect(matcher(zhang)(swapped).outcome).toBe('fuzzy');
  });

  it('finds a typo at every position and a swap at every pair of adjacent positions', () => {
    const zhang = member({ idNumber: ZHANG });
    const match = matcher(zhang);
    for (let position = 0; position < 17; position++) {
      expect(match(substituted(ZHANG, position)).outcome, `substitution at ${position}`).toBe('fuzzy');
      if (ZHANG[position] === ZHANG[position + 1]) continue;
      const swapped = ZHANG.slice(0, position) + ZHANG[position + 1] + ZHANG[position] + ZHANG.slice(position + 2);
      expect(match(swapped).outcome, `swap at ${position}`).toBe('fuzzy');
    }
  });

  it('matches a department ID whose check digit is wrong to the valid system ID', () => {
    const zhang = member({ idNumber: ZHANG });
    const wrongCheck = ZHANG.slice(0, 17) + (ZHANG[17] === '0' ? '1' : '0');
    expect(matcher(zhang)(wrongCheck).outcome).toBe('fuzzy');
  });

  it('accepts a homophone name (同音字) and a similar three-character name (形近字)', () => {
    const zhengGuoPing = member({ idNumber: ZHANG, name: '郑国平' });
    const typo = substituted(ZHANG, 15);
    const homophone = matcher(zhengGuoPing)(typo, '郑国萍');
    expect(homophone.outcome).toBe('fuzzy');
    expect(homophone.nameAgreement).toBe('homophone');
    const similar = matcher(zhengGuoPing)(typo, '郑国乎');
    expect(similar.nameAgreement).toBe('similar');
  });

  it('rejects a different two-character name even at edit distance 1', () => {
    const huShan = member({ idNumber: ZHANG, name: '胡山' });
    expect(matcher(huShan)(substituted(ZHANG, 15), '胡昕').outcome).toBe('none');
  });

  it('does not link IDs two substitutions apart', () => {
    const zhang = member({ idNumber: ZHANG });
    expect(matcher(zhang)(substituted(substituted(ZHANG, 9), 15)).outcome).toBe('none');
  });

  it('reports two candidates as ambiguous, listing both IDs', () => {
    const first = member({ idNumber: substituted(ZHANG, 9), householdId: 'H1' });
    const second = member({ idNumber: substituted(ZHANG, 15), householdId: 'H2' });
    const match = matcher(first, second)(ZHANG);
    expect(match.outcome).toBe('ambiguous');
    expect(match.member).toBeNull();
    expect(match.candidates).toEqual([first.id.key, second.id.key]);
  });

  it('counts two rows of one duplicated ID as one candidate', () => {
    const typoOf = substituted(ZHANG, 9);
    const first = member({ idNumber: typoOf, householdId: 'H1' });
    const second = member({ idNumber: typoOf, householdId: 'H2' });
    const match = matcher(first, second)(ZHANG);
    expect(match.outcome).toBe('fuzzy');
    expect(match.member).toBe(first);
  });

  it('never takes a 999999 placeholder or a deceased member as a candidate', () => {
    const placeholder = member({ id: { key: `999999${ZHANG.slice(6)}`, status: 'placeholder' } });
    const dead = member({ idNumber: substituted(ZHANG, 9), living: false, status: '死亡' });
    expect(matcher(placeholder, dead)(ZHANG).outcome).toBe('none');
  });
});

describe('matching step 3: prefix fallback for destroyed IDs', () => {
  it('matches a department ID that lost its last digits by the first 15 and the name', () => {
    const zhang = member({ idNumber: ZHANG });
    const match = matcher(zhang)(lostIdOf(ZHANG));
    expect(match.outcome).toBe('prefix15');
    expect(match.member).toBe(zhang);
    expect(matcher(zhang)(lostIdOf(ZHANG), '李娜').outcome).toBe('none');
  });

  it('matches the other way round: a system ID that lost its digits', () => {
    const zhang = member({ id: lostIdOf(ZHANG) });
    const match = matcher(zhang)(ZHANG);
    expect(match.outcome).toBe('prefix15');
    expect(match.member).toBe(zhang);
  });

  it('reports two people under one prefix as ambiguous', () => {
    const first = member({ idNumber: ZHANG, householdId: 'H1' });
    const sibling = validId('1975-10-29', '338');
    expect(sibling.slice(0, 15)).toBe(ZHANG.slice(0, 15));
    const second = member({ idNumber: sibling, householdId: 'H2' });
    const match = matcher(first, second)(lostIdOf(ZHANG));
    expect(match.outcome).toBe('ambiguous');
    expect(match.candidates).toHaveLength(2);
  });

  it('answers a prefix the run did not announce as well as the announced ones', () => {
    const zhang = member({ idNumber: ZHANG });
    const other = validId('1980-02-14', '125');
    const wang = member({ idNumber: other, name: '王芳' });
    const index = buildMemberIndex([zhang, wang]);
    // matchDepartments announces the prefixes of the night's destroyed IDs; only those are indexed
    index.expectPrefix15(new Set([ZHANG.slice(0, 15)]));
    expect(matchRecord(index, { id: lostIdOf(ZHANG), name: '张伟' }).member).toBe(zhang);
    expect(matchRecord(index, { id: lostIdOf(other), name: '王芳' }).member).toBe(wang);
    expect(matchRecord(index, { id: lostIdOf(ZHANG), name: '张伟' }).member).toBe(zhang);
  });

  it('matches nothing when fewer than 15 digits survive', () => {
    const zhang = member({ idNumber: ZHANG });
    expect(matcher(zhang)({ key: '3.70124E+17', status: 'lost' }).outcome).toBe('none');
  });

  it('never matches a destroyed ID by the fuzzy step', () => {
    const zhang = member({ idNumber: substituted(ZHANG, 3) });
    expect(matcher(zhang)(lostIdOf(ZHANG)).outcome).toBe('none');
  });
});
