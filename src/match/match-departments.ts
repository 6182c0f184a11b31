/**
 * Matches every department record of a run once (steps 1–3 per record) and
 * counts the outcomes per file for the summary.
 */
import { DEPT_KINDS, type DeptKind, type RecordSet, type SourceKind } from '../model/records.js';
import type { MemberIndex } from './member-index.js';
import { type MatchOutcome, type RecordMatch, matchRecord } from './match-record.js';

export interface MatchedRecord<R> {
  record: R;
  match: RecordMatch;
}

export type MatchedSets = {
  [K in DeptKind | 'assessment']: MatchedRecord<RecordSet[K][number]>[];
};

export interface FileMatchCounts {
  file: string;
  kind: SourceKind;
  byMethod: Record<string, number>;
}

export const MATCHED_KINDS = ['medical', 'education', 'dibao', 'tekun', 'assessment'] as const;

export function matchDepartments(records: RecordSet, index: MemberIndex): MatchedSets {
  // step 3 looks up destroyed department IDs by their first 15 digits: index those prefixes only
  const prefixes = new Set<string>();
  for (const kind of DEPT_KINDS) {
    for (const record of records[kind]) if (record.id.prefix15) prefixes.add(record.id.prefix15);
  }
  for (const record of records.assessment) if (record.headId.prefix15) prefixes.add(record.headId.prefix15);
  index.expectPrefix15(prefixes);
  const matchAll = <R extends { id: RecordSet['medical'][number]['id'] }>(list: readonly R[], nameOf: (r: R) => string) =>
    list.map((record) => ({ record, match: matchRecord(index, { id: record.id, name: nameOf(record) }) }));
  return {
    medical: matchAll(records.medical, (r) => r.name),
    education: matchAll(records.education, (r) => r.name),
    dibao: matchAll(records.dibao, (r) => r.name),
    tekun: matchAll(records.tekun, (r) => r.name),
    assessment: records.assessment.map((record) => ({
      record,
      match: matchRecord(index, { id: record.headId, name: record.headName }),
    })),
  };
}

export function countMatches(matched: MatchedSets): FileMatchCounts[] {
  const counts = new Map<string, FileMatchCounts>();
  for (const kind of MATCHED_KINDS) {
    for (const { record, match } of matched[kind] as MatchedRecord<{ file: string }>[]) {
      const id = `${kind}\u0000${record.file}`;
      let entry = counts.get(id);
      if (!entry) {
        entry = { file: record.file, kind, byMethod: {} };
        counts.set(id, entry);
      }
      const outcome: MatchOutcome = match.outcome;
      entry.byMethod[outcome] = (entry.byMethod[outcome] ?? 0) + 1;
    }
  }
  return [...counts.values()];
}

