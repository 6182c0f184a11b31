/**
 * An index of the system rows built once per run, so matching a department
 * record costs a few Map look-ups, never a scan (rules.md, "Matching").
 *
 * Step 2 candidates (one substitution or one adjacent swap away) are found
 * through "two parts intact" keys: an 18-char ID is region (0–6) + birth date
 * (6–14) + sequence and check (14–18). A substitution, or a swap inside one
 * part, leaves two parts unchanged, and each pair of parts is selective (a
 * few people share region + birth date). The two swaps that straddle a part
 * boundary are looked up directly. Pair keys are hashed to small integers
 * (cheap to hash, no allocation at city scale); a hash collision only adds a
 * candidate that the typo check then rejects.
 */
import type { SystemMember } from '../model/records.js';

const MATCHABLE = new Set(['valid', 'legacy15', 'badCheck', 'badDate']);

/** Whether an ID status can match by its 18-char key (step 1). */
export function matchesByKey(member: { id: { status: string } }): boolean {
  return MATCHABLE.has(member.id.status);
}

const DIGIT_KEY = /^\d{17}[\dX]$/;

function digitsValue(key: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) value = value * 10 + (key.charCodeAt(i) - 48);
  return value;
}

/** Two part values → a 30-bit integer (a V8 small integer: no allocation as a Map key). */
function hashPair(a: number, b: number): number {
  return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) & 0x3fffffff;
}

/** The three pair-of-parts keys of a 17-digit + digit/X key, or null for any other shape. */
function pairKeys(key: string): [number, number, number] | null {
  if (key.length !== 18 || !DIGIT_KEY.test(key)) return null;
  const region = digitsValue(key, 0, 6);
  const birth = digitsValue(key, 6, 14);
  const check = key.charCodeAt(17) === 88 /* X */ ? 10 : key.charCodeAt(17) - 48;
  const sequence = digitsValue(key, 14, 17) * 11 + check;
  return [hashPair(region, birth), hashPair(region + 1_000_000, sequence), hashPair(birth, sequence + 20_000)];
}

/** Swaps straddling a part boundary (5|6, 13|14) change two parts: looked up directly. */
const BOUNDARY_SWAPS = [5, 13];

export interface MemberIndex {
  /** every system row (living or not) by matchable 18-char key, file order */
  rowsByKey: Map<string, SystemMember[]>;
  /** living rows by any 18-char key that is not a placeholder (step 2 candidates) */
  livingByKey18: Map<string, SystemMember[]>;
  /**
   * per pair of parts (region+birth, region+sequence, birth+sequence): pair hash → the distinct
   * 18-char keys of living rows (one key stored as itself, several as an array: fewer allocations)
   */
  pairIndex: [Map<number, string | string[]>, Map<number, string | string[]>, Map<number, string | string[]>];
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

function addKey(map: Map<number, string | string[]>, hash: number, key: string): void {
  const known = map.get(hash);
  if (known === undefined) map.set(hash, key);
  else if (typeof known === 'string') map.set(hash, [known, key]);
  else known.push(key);
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
    pairIndex: [new Map(), new Map(), new Map()],
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
        const pairs = pairKeys(key);
        if (pairs) for (let part = 0; part < 3; part++) addKey(index.pairIndex[part]!, pairs[part]!, key);
      }
      push(index.livingByPrefix15, key.slice(0, 15), member);
    } else if (member.id.status === 'lost' && member.id.prefix15) {
      push(index.lostLivingByPrefix15, member.id.prefix15, member);
      push(index.livingByPrefix15, member.id.prefix15, member);
    }
  }
  return index;
}

/** One substituted character, or one swap of two adjacent characters. */
export function isOneTypoApart(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  let first = -1;
  let second = -1;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (first < 0) first = i;
    else if (second < 0) second = i;
    else return false;
  }
  if (second < 0) return true;
  return second === first + 1 && a[first] === b[second] && a[second] === b[first];
}

/** Distinct 18-char keys of living rows one substitution or one adjacent swap away from `key`. */
export function nearbyKeys(index: MemberIndex, key: string): string[] {
  const pairs = pairKeys(key);
  if (!pairs) return [];
  // most records are strangers to the system: allocate only when a candidate turns up
  let found: string[] | null = null;
  const consider = (candidate: string) => {
    if (!isOneTypoApart(candidate, key)) return;
    if (found === null) found = [candidate];
    else if (!found.includes(candidate)) found.push(candidate);
  };
  for (let part = 0; part < 3; part++) {
    const stored = index.pairIndex[part]!.get(pairs[part]!);
    if (stored === undefined) continue;
    if (typeof stored === 'string') consider(stored);
    else stored.forEach(consider);
  }
  for (const i of BOUNDARY_SWAPS) {
    if (key.charCodeAt(i) === key.charCodeAt(i + 1)) continue;
    const swapped = key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2);
    if (index.livingByKey18.has(swapped)) consider(swapped);
  }
  return found ?? [];
}
