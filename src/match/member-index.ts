/**
 * An index of the system rows built once per run, so matching a department
 * record costs a few Map look-ups, never a scan (rules.md, "Matching").
 *
 * Step 2 (one substitution) is found through three "two parts intact" keys:
 * an 18-char ID is region (0–6) + birth date (6–14) + sequence (14–18); one
 * substituted character leaves two of the three parts unchanged, and each
 * pair of parts is selective (a few people share region + birth date).
 * Adjacent swaps are looked up directly (17 swapped variants).
 */
import type { SystemMember } from '../model/records.js';

const MATCHABLE = new Set(['valid', 'legacy15', 'badCheck', 'badDate']);

/** Whether an ID status can match by its 18-char key (step 1). */
export function matchesByKey(member: { id: { status: string } }): boolean {
  return MATCHABLE.has(member.id.status);
}

function pairKeys(key: string): [string, string, string] {
  const region = key.slice(0, 6);
  const birth = key.slice(6, 14);
  const sequence = key.slice(14, 18);
  return [`a${region}${birth}`, `b${region}${sequence}`, `c${birth}${sequence}`];
}

export interface MemberIndex {
  /** every system row (living or not) by matchable 18-char key, file order */
  rowsByKey: Map<string, SystemMember[]>;
  /** living rows by any 18-char key that is not a placeholder (step 2 candidates) */
  livingByKey18: Map<string, SystemMember[]>;
  /** pair-of-parts key → distinct 18-char keys of living rows */
  pairIndex: Map<string, string[]>;
  /** living rows whose ID is 18 chars (not a placeholder) or lost, by first 15 digits (step 3) */
  livingByPrefix15: Map<string, SystemMember[]>;
  /** living rows whose own ID was destroyed, by its surviving first 15 digits (step 3, other way round) */
  lostLivingByPrefix15: Map<string, SystemMember[]>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A key usable as a step-2 candidate: 18 characters, not a `999999` placeholder, not destroyed. */
export function isFuzzyCandidateKey(member: SystemMember): boolean {
  const { status, key } = member.id;
  return key.length === 18 && status !== 'placeholder' && status !== 'lost' && status !== 'blank';
}

export function buildMemberIndex(system: readonly SystemMember[]): MemberIndex {
  const index: MemberIndex = {
    rowsByKey: new Map(),
    livingByKey18: new Map(),
    pairIndex: new Map(),
    livingByPrefix15: new Map(),
    lostLivingByPrefix15: new Map(),
  };
  for (const member of system) {
    if (matchesByKey(member)) push(index.rowsByKey, member.id.key, member);
    if (!member.living) continue;
    if (isFuzzyCandidateKey(member)) {
      const key = member.id.key;
      const known = index.livingByKey18.get(key);
      if (known) known.push(member);
      else {
        index.livingByKey18.set(key, [member]);
        for (const pair of pairKeys(key)) push(index.pairIndex, pair, key);
      }
      push(index.livingByPrefix15, key.slice(0, 15), member);
    } else if (member.id.status === 'lost' && member.id.prefix15) {
      push(index.lostLivingByPrefix15, member.id.prefix15, member);
      push(index.livingByPrefix15, member.id.prefix15, member);
    }
  }
  return index;
}

function differsInOnePosition(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let differences = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && ++differences > 1) return false;
  return differences === 1;
}

/** Distinct 18-char keys of living rows one substitution or one adjacent swap away from `key`. */
export function nearbyKeys(index: MemberIndex, key: string): string[] {
  const found = new Set<string>();
  for (const pair of pairKeys(key)) {
    for (const candidate of index.pairIndex.get(pair) ?? []) {
      if (differsInOnePosition(candidate, key)) found.add(candidate);
    }
  }
  for (let i = 0; i + 1 < key.length; i++) {
    if (key[i] === key[i + 1]) continue;
    const swapped = key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2);
    if (index.livingByKey18.has(swapped)) found.add(swapped);
  }
  return [...found];
}
