import type { Params } from '../model/params.js';
import type { IdNumber, RecordsByKind, SourceKind } from '../model/records.js';

/** One file to ingest, as the pipeline names it. */
export interface SourceSpec {
  kind: SourceKind;
  /** absolute path */
  path: string;
  /** as written in the pipeline (evidence, messages); defaults to the file's base name */
  displayName?: string;
  /** overrides detection (`gb18030`, `utf-8`, …); CSV only */
  encoding?: string;
  /** XLSX only: the sheet to read (default: the first) */
  sheet?: string;
}

export interface IngestContext {
  /** asOf bounds ID birth dates; region scopes place-name look-ups */
  params: Params;
  onProgress?: (rowsRead: number) => void;
  /**
   * One IdNumber object per ID across the files of a run (the in-process
   * runner's): a person's 医保, 学籍 and 低保 rows share the system row's
   * object and key string instead of holding copies (memory). Records never
   * change an IdNumber, so sharing is safe.
   */
  sharedIds?: Map<string, IdNumber>;
  /**
   * The records are serialised and let go as they are read (the parse
   * thread): sharing and detaching texts, which only make kept records
   * small, is skipped.
   */
  transient?: boolean;
}

/** A row not accepted, for rejects.csv. */
export interface RejectedRow {
  extractId: string;
  file: string;
  row: number;
  /** ID_MISSING, DATE_MISSING, HOUSEHOLD_AND_ID_MISSING, MALFORMED_ROW, UNMATCHED_QUOTE */
  reason: string;
  /** the row's cells as one CSV line */
  raw: string;
}

/** What reading one file counted. Column keys are canonical field names (`approvedAt`). */
export interface SourceStats {
  read: number;
  accepted: number;
  rejected: number;
  /** values written but unreadable (a date `待定`, money `若干`), per field */
  unreadable: Record<string, number>;
  /** values outside the vocabulary (kept or made not active, as the contract says), per field */
  outOfVocabulary: Record<string, number>;
  /** rows with a place named that could not be resolved to the official table */
  unresolvedPlaces: number;
}

export type AnyRecord = RecordsByKind[SourceKind];

/** A parsed and normalised file (no database involved). */
export interface ParsedSource extends SourceStats {
  extractId: string;
  sha256: string;
  file: string;
  path: string;
  kind: SourceKind;
  /** `utf-8`, `gb18030`, … for CSV; `xlsx` for workbooks */
  encoding: string;
  sheet: string | null;
  /** the header's row number as data-contract.md counts rows */
  headerRow: number;
  records: AnyRecord[];
  rejects: RejectedRow[];
}

export interface IngestResult extends ParsedSource {
  /** the same file (sha256) was stored before: nothing was added; stats and records are the stored ones */
  alreadyIngested: boolean;
}
