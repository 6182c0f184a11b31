/**
 * An index of the system rows built once per run, so matching a department
 * record costs a few Map look-ups, never a scan (rules.md, "Matching").
 *
 * Step 2 candidates (one substitution or one adjacent swap away) are found
 * through "parts intact" keys. An 18-char ID is cut into four parts: region
 * (0–6), birth year and month (6–12), birth day and the first two sequence
 * digits (12–16), last sequence digit and check (16–18). A substitution, or
 * a swap inside one part, leaves three parts unchanged, and any three parts
 * are selective (the region alone has a dozen values in a city, so a key
 * keeping only two parts would list dozens of strangers). The three swaps
 * that straddle a part boundary (positions 5|6, 11|12, 15|16) are caught by
 * keys of the ID without those two positions. Keys are hashed to 29-bit
 * integers and kept with the ID's position as one sorted array of numbers,
 * searched by halving (no Map of millions of entries to build or hold); a
 * hash collision only adds a candidate that the typo check then rejects. Most department records
 * are strangers to the system, so a bit filter over the hashes answers "no
 * candidate" without searching the array.
 */
import type { SystemMember } from '../model/records.js';
import { RowGroup } from './persons.js';
import type { RecordMatch } from './match-record.js';

const MATCHABLE = new Set(['valid', 'legacy15', 'badCheck', 'badDate']);

/** Whether an ID status can match by its 18-char key (step 1). */
export function matchesByKey(member: { id: { status: string } }): boolean {
  return MATCHABLE.has(member.id.status);
}

const TYPO_KEYS = 7;
/** Filter size in bits: ~16 per typo key, at most 2^26 (8 MB: a city's ~6M keys set under 10 % of the bits). */
function filterMaskFor(rows: number): number {
  let bits = 1 << 10;
  while (bits < rows * TYPO_KEYS * 16 && bits < 1 << 26) bits *= 2;
  return bits - 1;
}

/** The number the digits from..to spell (at most 9 digits: an int32). */
function digitsValue(key: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) value = value * 10 + (key.charCodeAt(i) - 48);
  return value;
}

/** A key number and three values → a 29-bit integer (with a 24-bit key position it fits a double exactly). */
function hash4(k: number, a: number, b: number, c: number): number {
  return (Math.imul(k + 1, 0x27d4eb2f) ^ Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b) ^ Math.imul(c, 0xc2b2ae35)) & 0x1fffffff;
}

/** Typo-index entries are `hash * KEY_SLOTS + position of the key`, sorted: one number each, no Map. */
const KEY_SLOTS = 2 ** 24;

function isDigitKey(key: string): boolean {
  if (key.length !== 18) return false;
  for (let i = 0; i < 17; i++) {
    const code = key.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  const last = key.charCodeAt(17);
  return (last >= 48 && last <= 57) || last === 88; /* X */
}

/** Fills `into` with the seven typo keys of a 17-digit + digit/X key; false for any other shape. */
function typoKeys(key: string, into: Int32Array): boolean {
  if (!isDigitKey(key)) return false;
  const check = key.charCodeAt(17) === 88 ? 10 : key.charCodeAt(17) - 48;
  const region = digitsValue(key, 0, 6);
  const month = digitsValue(key, 6, 12);
  const day = digitsValue(key, 12, 16);
  const last = (key.charCodeAt(16) - 48) * 11 + check;
  into[0] = hash4(0, month, day, last);
  into[1] = hash4(1, region, day, last);
  into[2] = hash4(2, region, month, last);
  into[3] = hash4(3, region, month, day);
  // without positions 5 and 6, 11 and 12, 15 and 16
  into[4] = hash4(4, digitsValue(key, 0, 5), digitsValue(key, 7, 12), day * 110 + last);
  into[5] = hash4(5, region, digitsValue(key, 6, 11), digitsValue(key, 13, 16) * 110 + last);
  into[6] = hash4(6, region, month, digitsValue(key, 12, 15) * 11 + check);
  return true;
}

/** The system rows of one matchable 18-char key, and what step 1 concludes for every record of that key. */
export class KeyRows extends RowGroup {
  /** a row's ID was upgraded from 15 digits (a match by this key is then `id15`) */
  legacy15 = false;
  /** the step-1 result by method, made on first use and shared by every record of the key (src/match/match-record.ts) */
  exactMatch: RecordMatch | null = null;
  exactMatch15: RecordMatch | null = null;

  /** whether a living row other than `row` has the key */
  hasOtherLiving(row: SystemMember): boolean {
    return (this.first !== row && this.first.living) || this.otherRows.some((other) => other !== row && other.living);
  }
}

export interface MemberIndex {
  /** every system row (living or not) by matchable 18-char key, file order */
  rowsByKey: Map<string, KeyRows>;
  /** the distinct 18-char keys of living rows, once each */
  typoKeys: string[];
  /** every typo key of every one of typoKeys: `hash * KEY_SLOTS + position in typoKeys`, ascending */
  typoEntries: Float64Array;
  /** one bit per typo-key hash present in typoEntries (any of the seven), hash & typoFilterMask */
  typoFilter: Uint32Array;
  typoFilterMask: number;
  /** living rows whose own ID was destroyed, by its surviving first 15 digits (step 3, other way round) */
  lostLivingByPrefix15: Map<string, SystemMember[]>;
  /** living rows whose ID is 18 chars or lost, with these first 15 digits (step 3): indexed on first use */
  livingWithPrefix15(prefix15: string): SystemMember[];
  /**
   * The prefixes livingWithPrefix15 will be asked for (a run's destroyed
   * department IDs, a few hundred): only those are indexed, not a million.
   * A prefix outside them still gets its answer (the full index is built then).
   */
  expectPrefix15(prefixes: ReadonlySet<string>): void;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A key usable as a step-2 / step-3 candidate: 18 characters, not a `999999` placeholder, not destroyed. */
export function isFuzzyCandidateKey(member: SystemMember): boolean {
  const { status, key } = member.id;
  return key.length === 18 && status !== 'placeholder' && status !== 'lost' && status !== 'blank';
}

export function buildMemberIndex(system: readonly SystemMember[]): MemberIndex {
  const rowsByKey = new Map<string, KeyRows>();
  const lostLivingByPrefix15 = new Map<string, SystemMember[]>();
  const typoFilterMask = filterMaskFor(system.length);
  const typoFilter = new Uint32Array((typoFilterMask + 1) / 32);
  const distinctKeys: string[] = [];
  // at most seven entries a row: one allocation, sorted in place (growing by doubling, then
  // copying out to sort, held two or three 50 MB arrays at once on a city night)
  const entries = new Float64Array(system.length * TYPO_KEYS);
  let entryCount = 0;
  const keys = new Int32Array(TYPO_KEYS);
  for (const member of system) {
    const matchable = matchesByKey(member);
    const entry = matchable ? rowsByKey.get(member.id.key) : undefined;
    const keyRows = entry ?? (matchable ? new KeyRows(member) : undefined);
    if (entry) entry.add(member);
    else if (keyRows) rowsByKey.set(member.id.key, keyRows);
    if (keyRows) keyRows.legacy15 ||= member.id.status === 'legacy15';
    if (!member.living) continue;
    // a key's typo keys once: a living row before this one of the same key added them
    if (matchable && !entry?.hasOtherLiving(member) && typoKeys(member.id.key, keys)) {
      const position = distinctKeys.push(member.id.key) - 1;
      if (position >= KEY_SLOTS) throw new Error(`more than ${KEY_SLOTS} distinct ID numbers in one run`);
      for (let k = 0; k < TYPO_KEYS; k++) {
        const hash = keys[k]!;
        entries[entryCount++] = hash * KEY_SLOTS + position;
        typoFilter[(hash & typoFilterMask) >>> 5]! |= 1 << (hash & 31);
      }
    }
    if (member.id.status === 'lost' && member.id.prefix15) push(lostLivingByPrefix15, member.id.prefix15, member);
  }
  const typoEntries = entries.subarray(0, entryCount).sort();
  let byPrefix: Map<string, SystemMember[]> | null = null;
  let expected: ReadonlySet<string> | null = null;
  const indexPrefixes = (only: ReadonlySet<string> | null): Map<string, SystemMember[]> => {
    const map = new Map<string, SystemMember[]>();
    for (const member of system) {
      if (!member.living) continue;
      const prefix = isFuzzyCandidateKey(member) ? member.id.key.slice(0, 15) : member.id.status === 'lost' ? member.id.prefix15 : undefined;
      if (prefix && (only === null || only.has(prefix))) push(map, prefix, member);
    }
    return map;
  };
  return {
    rowsByKey,
    typoKeys: distinctKeys,
    typoEntries,
    typoFilter,
    typoFilterMask,
    lostLivingByPrefix15,
    expectPrefix15(prefixes) {
      expected = prefixes;
      byPrefix = null;
    },
    livingWithPrefix15(prefix15) {
      if (expected !== null && !expected.has(prefix15)) {
        // not announced: index every prefix from now on
        expected = null;
        byPrefix = null;
      }
      byPrefix ??= indexPrefixes(expected);
      return byPrefix.get(prefix15) ?? [];
    },
  };
}

/** One substituted character, or one swap of two adjacent characters. */
export function isOneTypoApart(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  let first = -1;
  let second = -1;
  for (let i = 0; i < a.length; i++) {
    if (a.charCodeAt(i) === b.charCodeAt(i)) continue;
    if (first < 0) first = i;
    else if (second < 0) second = i;
    else return false;
  }
  if (second < 0) return true;
  return second === first + 1 && a[first] === b[second] && a[second] === b[first];
}

const probeKeys = new Int32Array(TYPO_KEYS);

/** The first position in `sorted` holding a value ≥ `value`. */
function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Distinct 18-char keys of living rows one substitution or one adjacent swap away from `key`. */
export function nearbyKeys(index: MemberIndex, key: string): string[] {
  if (!typoKeys(key, probeKeys)) return [];
  // most records are strangers to the system: allocate only when a candidate turns up
  let found: string[] | null = null;
  const entries = index.typoEntries;
  for (let k = 0; k < TYPO_KEYS; k++) {
    const hash = probeKeys[k]!;
    if ((index.typoFilter[(hash & index.typoFilterMask) >>> 5]! & (1 << (hash & 31))) === 0) continue;
    const first = hash * KEY_SLOTS;
    for (let i = lowerBound(entries, first); i < entries.length && entries[i]! < first + KEY_SLOTS; i++) {
      const candidate = index.typoKeys[entries[i]! - first]!;
      if (!isOneTypoApart(candidate, key)) continue;
      if (found === null) found = [candidate];
      else if (!found.includes(candidate)) found.push(candidate);
    }
  }
  return found ?? [];
}

/** Living rows of an 18-char key, file order. */
export function livingRowsOf(index: MemberIndex, key: string): SystemMember[] {
  return (index.rowsByKey.get(key)?.rows ?? []).filter((row) => row.living);
}
