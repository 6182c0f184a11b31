/**
 * A file on its way into the store: its extract row, and its records
 * serialised (record-codec.ts) a chunk at a time, packed to cross between
 * threads. Shared by the inline store (store.ts, store-postgres.ts) and the
 * parse and store threads.
 */
import type { NewExtract } from '../db/tables/ingest.js';
import { displayNameOf, extractIdOf } from './read-source.js';
import type { FileFingerprint } from './readers/fingerprint.js';
import type { RecordEncoder } from './record-codec.js';
import type { RecordChunk } from './sqlite-insert.js';
import type { AnyRecord, ParsedSource, SourceSpec } from './types.js';

/**
 * Records serialised at a time. Small: the JSON strings then die young (a
 * scavenge is cheap); 20,000 at a time doubled the store's time in GC.
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

/** Records serialised per chunk (the costly part), in file order; afterwards `encoder` knows the file's places. */
export function* recordChunks(parsed: ParsedSource, encoder: RecordEncoder, size = RECORDS_PER_CHUNK): Generator<RecordChunk> {
  const records = parsed.records;
  for (let start = 0; start < records.length; start += size) {
    yield appendEncoded(emptyChunk(), records, encoder, start, Math.min(records.length, start + size));
  }
}

export function emptyChunk(): RecordChunk {
  return { rows: [], idKeys: [], data: [] };
}

/** records[start, end) serialised onto the end of `chunk`, with their rows and ID keys; returns `chunk`. */
export function appendEncoded(chunk: RecordChunk, records: readonly AnyRecord[], encoder: RecordEncoder, start = 0, end = records.length): RecordChunk {
  for (let i = start; i < end; i++) {
    const record = records[i]!;
    chunk.rows.push(record.row);
    chunk.idKeys.push(idKeyOf(record));
    chunk.data.push(encoder.encode(record));
  }
  return chunk;
}

/**
 * A chunk as it crosses between threads: its records' texts joined by \n
 * (JSON text never holds a raw line break) in pieces of about PIECE_CHARS,
 * and each piece's ID keys as one JSON text. One message a chunk (a message
 * wakes a thread), a few strings, not thousands (one string clones far
 * faster than a thousand), each small enough for V8's young generation: a
 * text over 128 KB is made in the old generation on every thread it reaches,
 * and a night's 1.2 GB of chunk texts there drove full collections.
 */
export interface PackedChunk {
  rows: number[];
  /** per piece, its records' ID keys as one JSON text */
  idKeys: string[];
  /** per piece, its records' stored texts joined by \n */
  data: string[];
}

/** Characters a piece holds (and one record more): at most 64 KB as UTF-16, far under the young generation's 128 KB. */
const PIECE_CHARS = 32_000;

export function packChunk(chunk: RecordChunk): PackedChunk {
  const { idKeys, data } = chunk;
  const packed: PackedChunk = { rows: chunk.rows, idKeys: [], data: [] };
  let start = 0;
  let chars = 0;
  for (let i = 0; i < data.length; i++) {
    chars += data[i]!.length + 1;
    if (chars < PIECE_CHARS && i < data.length - 1) continue;
    packed.idKeys.push(JSON.stringify(idKeys.slice(start, i + 1)));
    packed.data.push(data.slice(start, i + 1).join('\n'));
    start = i + 1;
    chars = 0;
  }
  return packed;
}

/** The records' stored texts, in order (a reader that needs no ID keys: the decoding main thread). */
export function packedTexts(packed: PackedChunk): string[] {
  return packed.data.length === 1 ? packed.data[0]!.split('\n') : packed.data.flatMap((piece) => piece.split('\n'));
}

export function unpackChunk(packed: PackedChunk): RecordChunk {
  return { rows: packed.rows, idKeys: packed.idKeys.flatMap((piece) => JSON.parse(piece) as string[]), data: packedTexts(packed) };
}
