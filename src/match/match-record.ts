/**
 * Matching one department record to a system member (rules.md, "Matching a
 * department record to a system member", steps 1–3, first step with a
 * candidate decides).
 */
import type { IdNumber, SystemMember } from '../model/records.js';
import { type KeyRows, type MemberIndex, livingRowsOf, matchesByKey, nearbyKeys } from './member-index.js';
import { type NameAgreement, nameAgreement } from './name-agreement.js';

export type MatchMethod = 'id' | 'id15' | 'fuzzy' | 'prefix15';
export type MatchOutcome = MatchMethod | 'ambiguous' | 'none';

export interface RecordMatch {
  outcome: MatchOutcome;
  /** the matched system row: of several rows of one ID, the first living one (else the first) */
  member: SystemMember | null;
  /** ambiguous: the candidates' IDs, distinct, in system file order */
  candidates: string[];
  /** fuzzy and prefix15: how the names agreed */
  nameAgreement: NameAgreement | null;
}

/** shared by every result without candidates: frozen, never to be pushed to */
const NO_CANDIDATES = Object.freeze([]) as unknown as string[];
const NO_MATCH: RecordMatch = Object.freeze({ outcome: 'none', member: null, candidates: NO_CANDIDATES, nameAgreement: null });

/** Step-1 results are the same for every record of one key: one shared object per key and method (no allocation per record). */
function exactMatch(entry: KeyRows, outcome: 'id' | 'id15'): RecordMatch {
  const slot = outcome === 'id' ? 'exactMatch' : 'exactMatch15';
  return (entry[slot] ??= Object.freeze({ outcome, member: firstLiving(entry.rows), candidates: NO_CANDIDATES, nameAgreement: null }));
}

function firstLiving(rows: readonly SystemMember[]): SystemMember | null {
  return rows.find((row) => row.living) ?? rows[0] ?? null;
}

/** Candidates agreeing by name, as distinct keys → their first agreeing row. */
function agreeingByKey(
  rows: readonly SystemMember[],
  name: string,
  allowSimilar: boolean,
  distinctBy: (row: SystemMember) => string,
): Map<string, { row: SystemMember; agreement: NameAgreement }> {
  const byKey = new Map<string, { row: SystemMember; agreement: NameAgreement }>();
  for (const row of rows) {
    const agreement = nameAgreement(row.name, name, allowSimilar);
    if (agreement === null) continue;
    const key = distinctBy(row);
    if (!byKey.has(key)) byKey.set(key, { row, agreement });
  }
  return byKey;
}

function decide(
  candidates: Map<string, { row: SystemMember; agreement: NameAgreement }>,
  method: MatchMethod,
): RecordMatch | null {
  if (candidates.size === 0) return null;
  if (candidates.size > 1) {
    const ids = [...new Set([...candidates.values()].sort((a, b) => a.row.seq - b.row.seq).map((c) => c.row.id.key))];
    return { outcome: 'ambiguous', member: null, candidates: ids, nameAgreement: null };
  }
  const only = [...candidates.values()][0]!;
  return { outcome: method, member: only.row, candidates: NO_CANDIDATES, nameAgreement: only.agreement };
}

export function matchRecord(index: MemberIndex, record: { id: IdNumber; name: string }): RecordMatch {
  const { id, name } = record;
  if (id.status === 'lost') {
    if (!id.prefix15) return NO_MATCH;
    const rows = index.livingWithPrefix15(id.prefix15);
    return decide(agreeingByKey(rows, name, false, (row) => row.id.key), 'prefix15') ?? NO_MATCH;
  }
  if (!matchesByKey({ id })) return NO_MATCH;

  const exact = index.rowsByKey.get(id.key);
  if (exact) return exactMatch(exact, id.status === 'legacy15' || exact.legacy15 ? 'id15' : 'id');

  // most records reaching here are strangers to the system: nothing is allocated for them
  const nearKeys = nearbyKeys(index, id.key);
  if (nearKeys.length > 0) {
    const nearRows = nearKeys.flatMap((key) => livingRowsOf(index, key));
    const fuzzy = decide(agreeingByKey(nearRows, name, true, (row) => row.id.key), 'fuzzy');
    if (fuzzy) return fuzzy;
  }

  // the other way round: a system member whose own ID Excel destroyed; candidates are distinct persons
  if (index.lostLivingByPrefix15.size === 0) return NO_MATCH;
  const lostRows = index.lostLivingByPrefix15.get(id.key.slice(0, 15));
  if (!lostRows) return NO_MATCH;
  const personOf = (row: SystemMember): string => `${row.householdId}/${row.name}`;
  return decide(agreeingByKey(lostRows, name, false, personOf), 'prefix15') ?? NO_MATCH;
}
