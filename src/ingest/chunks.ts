/**
 * A file on its way into the store: its extract row, and its records
 * serialised (record-codec.ts) a chunk at a time, or packed as one text to
 * cross between threads. Shared by the inline store (store.ts, store-postgres.ts) and the
 * parse and store threads.
 */
import type { NewExtract } from '../db/tables/ingest.js';
import { displayNameOf, extractIdOf } from './read-source.js';
import type { FileFingerprint } from './readers/fingerprint.js';
import type { RecordEncoder } from './record-codec.js';
import type { AnyRecord, ParsedSource, SourceSpec } from './types.js';

/**
 * Records serialised at a time when a parsed file is stored at once. Small:
 * the texts then die young (a scavenge is cheap); 20,000 at a time doubled
 * the store's time in GC.
 */
const RECORDS_PER_CHUNK = 1000;

export function idKeyOf(record: AnyRecord): string {
  return 'id' in record ? record.id.key : record.headId.key;
}

export function extractRow(parsed: ParsedSource): NewExtract {
  const stats = { unreadable: parsed.unreadable, outOfVocabulary: parsed.outOfVocabulary, unresolvedPlaces: parsed.unresolvedPlaces };
  return {
    id: parsed.extractId,
    sha256: parsed.sha256,
    kind: parsed.kind,
    file_name: parsed.file,
    path: parsed.path,
    encoding: parsed.encoding,
    sheet: parsed.sheet,
    header_row: parsed.headerRow,
    rows_read: parsed.read,
    rows_accepted: parsed.accepted,
    rows_rejected: parsed.rejected,
    stats: JSON.stringify(stats),
    ingested_at: new Date().toISOString(),
  };
}

/** The extract row before its file is parsed: what parsing finds (encoding, header, counts) comes with the commit. */
export function provisionalExtractRow(source: SourceSpec, fingerprint: FileFingerprint): NewExtract {
  return {
    id: extractIdOf(fingerprint.sha256),
    sha256: fingerprint.sha256,
    kind: source.kind,
    file_name: displayNameOf(source),
    path: source.path,
    encoding: '',
    sheet: null,
    header_row: 0,
    rows_read: 0,
    rows_accepted: 0,
    rows_rejected: 0,
    stats: '{}',
    ingested_at: new Date().toISOString(),
  };
}

/**
 * A chunk as it crosses between threads: one JSON text, `[[row, idKey,
 * stored], …]` (RecordEncoder.encodeMany). One string clones far faster than
 * thousands; the store inserts it as it is (SQLite's json_each, PostgreSQL's
 * json_array_elements) and the main thread decodes it with one JSON.parse.
 */
export interface PackedChunk {
  json: string;
  /** records in it */
  count: number;
}

export function packRecords(records: readonly AnyRecord[], encoder: RecordEncoder): PackedChunk {
  return { json: encoder.encodeMany(records, idKeyOf), count: records.length };
}

/** A parsed file's records packed chunk by chunk (the costly part), in file order; afterwards `encoder` knows the file's places. */
export function* packedChunks(parsed: ParsedSource, encoder: RecordEncoder, size = RECORDS_PER_CHUNK): Generator<PackedChunk> {
  for (let start = 0; start < parsed.records.length; start += size) yield packRecords(parsed.records.slice(start, start + size), encoder);
}
