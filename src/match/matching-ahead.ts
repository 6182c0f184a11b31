/**
 * Matching ahead (the in-process runner): once every system file of a run is
 * read, the member index is built and each department record is matched as
 * soon as it is decoded, on the main thread while the parse and store threads
 * go on with the rest of the file, instead of all at once later while the
 * other core idles. The outcome is matchDepartments' exactly: the same index
 * over the same rows, matchRecord per record. A record whose ID Excel
 * destroyed waits for matchDepartments, which first announces every such
 * prefix (expectPrefix15), so the index keeps only those.
 */
import { DEPT_KINDS, type DeptKind, type RecordSet, type SystemMember } from '../model/records.js';
import { buildMemberIndex, type MemberIndex } from './member-index.js';
import { matchRecord, type RecordMatch } from './match-record.js';
import type { MatchedRecord } from './match-departments.js';

type DeptRecord = RecordSet[DeptKind][number];
type DeptLists = { [K in DeptKind]: MatchedRecord<RecordSet[K][number]>[] };

/** In place of a destroyed ID's match until matchDepartments makes it. */
const DEFERRED: RecordMatch = Object.freeze({ outcome: 'none', member: null, candidates: [], nameAgreement: null });

/** What matching ahead hands over to buildContext: the system rows it indexed, the index, each department file's matched records. */
export interface MatchedAhead {
  system: SystemMember[];
  index: MemberIndex;
  files: { kind: DeptKind; matched: MatchedRecord<DeptRecord>[] }[];
}

export class MatchingAhead {
  private state: MatchedAhead | null;

  /** `system`: every system row of the run, numbered (seq) and in that order, as buildContext lists them. */
  constructor(system: SystemMember[]) {
    this.state = { system, index: buildMemberIndex(system), files: [] };
  }

  /**
   * A department file being read, in pipeline order: call the function with
   * the file's records so far as they grow, and once with all of them; each
   * record is matched once.
   */
  file(kind: DeptKind): (records: readonly DeptRecord[]) => void {
    const state = this.state;
    if (!state) throw new Error('matching ahead was handed over already');
    const matched: MatchedRecord<DeptRecord>[] = [];
    state.files.push({ kind, matched });
    return (records) => {
      for (let i = matched.length; i < records.length; i++) {
        const record = records[i]!;
        matched.push({ record, match: record.id.status === 'lost' ? DEFERRED : matchRecord(state.index, record) });
      }
    };
  }

  /**
   * Everything matched ahead, when `system` (sorted by seq) is the rows it
   * indexed; null otherwise. Once only: nothing is kept here afterwards, so
   * the night's records can be collected once the rules are done.
   */
  take(system: readonly SystemMember[]): MatchedAhead | null {
    const state = this.state;
    this.state = null;
    if (!state || state.system.length !== system.length || system.some((member, i) => member !== state.system[i])) return null;
    return state;
  }
}

/**
 * Each department kind's records with their matches, in `records`' order,
 * the deferred ones matched now (call after `index.expectPrefix15`); null
 * when a department record was not matched ahead.
 */
export function listsMatchedAhead(ahead: MatchedAhead, records: RecordSet): DeptLists | null {
  const lists = {} as Record<DeptKind, MatchedRecord<DeptRecord>[]>;
  for (const kind of DEPT_KINDS) {
    const files = ahead.files.filter((file) => file.kind === kind);
    // one file of a kind (the usual night) is its list as it is: no copy of two million entries
    const list = files.length === 1 ? files[0]!.matched : files.flatMap((file) => file.matched);
    const expected = records[kind] as readonly DeptRecord[];
    if (list.length !== expected.length || list.some((entry, i) => entry.record !== expected[i])) return null;
    lists[kind] = list;
  }
  for (const kind of DEPT_KINDS) {
    for (const entry of lists[kind]) if (entry.match === DEFERRED) entry.match = matchRecord(ahead.index, entry.record);
  }
  return lists as DeptLists;
}
