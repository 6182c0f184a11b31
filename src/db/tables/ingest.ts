/**
 * Tables owned by src/ingest: one `extract` row per file ingested (keyed by
 * its sha256), its normalised records and its rejected rows. Record data is
 * JSON text (portable to both dialects) in the form src/ingest/record-codec.ts
 * writes: an array per record, without the origin fields (the extract and row
 * columns hold them) and naming its place by position in `extract.places`.
 * Migration: src/db/migrations/2026_11_29_000100_ingest.ts.
 */
import type { Insertable, Selectable } from 'kysely';

export interface ExtractTable {
  /** first 16 hex characters of sha256 */
  id: string;
  sha256: string;
  kind: string;
  /** as given in the pipeline */
  file_name: string;
  path: string;
  /** utf-8 / gb18030 / … for CSV, xlsx for workbooks */
  encoding: string;
  sheet: string | null;
  header_row: number;
  rows_read: number;
  rows_accepted: number;
  rows_rejected: number;
  /** JSON: { unreadable, outOfVocabulary, unresolvedPlaces } */
  stats: string;
  /** wall-clock ISO timestamp */
  ingested_at: string;
  /** JSON array of the places the records refer to by position (record-codec.ts); null before that form */
  places: string | null;
}

export interface RecordTable {
  extract_id: string;
  row: number;
  kind: string;
  /** the record's IdNumber.key (assessment: the head's) — '' when blank */
  id_key: string;
  /** the normalised record as record-codec.ts stores it (older data: a JSON object without extractId / file / row) */
  data: string;
}

export interface RejectTable {
  extract_id: string;
  row: number;
  reason: string;
  raw: string;
}

export interface IngestTables {
  extract: ExtractTable;
  record: RecordTable;
  reject: RejectTable;
}

export type Extract = Selectable<ExtractTable>;
export type NewExtract = Insertable<ExtractTable>;
