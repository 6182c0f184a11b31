/**
 * The ingest store: `extract`, `record`, `reject`. One transaction per file,
 * so a failure midway leaves nothing. Bulk inserts go at full speed: on
 * SQLite through better-sqlite3 prepared multi-row statements, on PostgreSQL
 * as `unnest` of column arrays (a few parameters per chunk, far below the
 * 65535-parameter limit however many rows).
 */
import { sql } from 'kysely';
import type { Db } from '../db/create-db.js';
import type { Extract, NewExtract } from '../db/tables/ingest.js';
import { emptyRecordSet, SOURCE_KINDS, type IdNumber, type RecordSet, type SourceKind } from '../model/records.js';
import { decodeShare, recordDecoder, recordEncoder, type RecordEncoder } from './record-codec.js';
import { SqliteExtractWriter, type RecordChunk } from './sqlite-insert.js';
import type { AnyRecord, ParsedSource, RejectedRow, SourceStats } from './types.js';

/**
 * Records serialised at a time. Small: the JSON strings then die young (a
 * scavenge is cheap); 20,000 at a time doubled the store's time in GC.
 */
const RECORDS_PER_CHUNK = 1000;
/** Rows per `unnest` INSERT on PostgreSQL. */
const PG_ROWS_PER_STATEMENT = 5000;

function idKeyOf(record: AnyRecord): string {
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

export async function findExtractBySha256(db: Db, sha256: string): Promise<Extract | undefined> {
  return db.kysely.selectFrom('extract').selectAll().where('sha256', '=', sha256).executeTakeFirst();
}

export async function findExtracts(db: Db, extractIds: string[]): Promise<Map<string, Extract>> {
  if (extractIds.length === 0) return new Map();
  const rows = await db.kysely.selectFrom('extract').selectAll().where('id', 'in', extractIds).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** Stats of a stored extract, as IngestResult reports them. */
export function storedStats(extract: Extract): SourceStats {
  const stats = JSON.parse(extract.stats) as Pick<SourceStats, 'unreadable' | 'outOfVocabulary' | 'unresolvedPlaces'>;
  return {
    read: extract.rows_read,
    accepted: extract.rows_accepted,
    rejected: extract.rows_rejected,
    unreadable: stats.unreadable ?? {},
    outOfVocabulary: stats.outOfVocabulary ?? {},
    unresolvedPlaces: stats.unresolvedPlaces ?? 0,
  };
}

/**
 * Stores a parsed file in one transaction. Returns false (storing nothing)
 * when an extract with the same sha256 is already there, also when another
 * worker stored it a moment earlier.
 */
export async function storeParsedSource(db: Db, parsed: ParsedSource): Promise<boolean> {
  if (await findExtractBySha256(db, parsed.sha256)) return false;
  try {
    if (db.dialect === 'sqlite' && db.sqlite) storeSqlite(db.sqlite, parsed);
    else await storePostgres(db, parsed);
    return true;
  } catch (err) {
    if (await findExtractBySha256(db, parsed.sha256)) return false;
    throw err;
  }
}

function storeSqlite(sqlite: NonNullable<Db['sqlite']>, parsed: ParsedSource): void {
  const writer = new SqliteExtractWriter(sqlite);
  if (!writer.begin(extractRow(parsed), parsed.kind)) throw new Error(`extract ${parsed.extractId} is already stored`);
  try {
    const encoder = recordEncoder(parsed.kind);
    for (const chunk of recordChunks(parsed, encoder)) writer.rows(chunk);
    writer.commit(extractRow(parsed), parsed.rejects, encoder.placesJson());
  } catch (err) {
    writer.rollback();
    throw err;
  }
}

/** Records serialised per chunk (the costly part), in file order; afterwards `encoder` knows the file's places. */
export function* recordChunks(parsed: ParsedSource, encoder: RecordEncoder, size = RECORDS_PER_CHUNK): Generator<RecordChunk> {
  const records = parsed.records;
  for (let start = 0; start < records.length; start += size) yield encodeChunk(records, encoder, start, Math.min(records.length, start + size));
}

/** records[start, end) serialised, with their rows and ID keys. */
export function encodeChunk(records: readonly AnyRecord[], encoder: RecordEncoder, start = 0, end = records.length): RecordChunk {
  const chunk: RecordChunk = { rows: new Array(end - start), idKeys: new Array(end - start), data: new Array(end - start) };
  for (let i = start; i < end; i++) {
    const record = records[i]!;
    chunk.rows[i - start] = record.row;
    chunk.idKeys[i - start] = idKeyOf(record);
    chunk.data[i - start] = encoder.encode(record);
  }
  return chunk;
}

/**
 * A chunk as it crosses between threads: the ID keys as one JSON text and the
 * data joined by \n (JSON text never holds a raw line break). One string
 * clones far faster than a thousand.
 */
export interface PackedChunk {
  rows: number[];
  idKeys: string;
  data: string;
}

export function packChunk(chunk: RecordChunk): PackedChunk {
  return { rows: chunk.rows, idKeys: JSON.stringify(chunk.idKeys), data: chunk.data.join('\n') };
}

export function unpackChunk(packed: PackedChunk): RecordChunk {
  return { rows: packed.rows, idKeys: JSON.parse(packed.idKeys) as string[], data: packed.data.split('\n') };
}

async function storePostgres(db: Db, parsed: ParsedSource): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    await trx.insertInto('extract').values(extractRow(parsed)).execute();
    const encoder = recordEncoder(parsed.kind);
    const serialise = (record: AnyRecord) => encoder.encode(record);
    for (let i = 0; i < parsed.records.length; i += PG_ROWS_PER_STATEMENT) {
      const chunk = parsed.records.slice(i, i + PG_ROWS_PER_STATEMENT);
      await sql`INSERT INTO record (extract_id, row, kind, id_key, data)
        SELECT * FROM unnest(${chunk.map((r) => r.extractId)}::text[], ${chunk.map((r) => r.row)}::int[],
          ${chunk.map(() => parsed.kind)}::text[], ${chunk.map(idKeyOf)}::text[], ${chunk.map(serialise)}::text[])`.execute(trx);
    }
    await trx.updateTable('extract').set({ places: encoder.placesJson() }).where('id', '=', parsed.extractId).execute();
    for (let i = 0; i < parsed.rejects.length; i += PG_ROWS_PER_STATEMENT) {
      const rows = parsed.rejects.slice(i, i + PG_ROWS_PER_STATEMENT);
      await sql`INSERT INTO reject (extract_id, row, reason, raw)
        SELECT * FROM unnest(${rows.map((r) => r.extractId)}::text[], ${rows.map((r) => r.row)}::int[],
          ${rows.map((r) => r.reason)}::text[], ${rows.map((r) => r.raw)}::text[])`.execute(trx);
    }
  });
}

async function selectRows<T>(db: Db, table: 'record' | 'reject', extractId: string, columns: string): Promise<T[]> {
  if (db.dialect === 'sqlite' && db.sqlite) {
    return db.sqlite.prepare(`SELECT ${columns} FROM ${table} WHERE extract_id = ? ORDER BY row`).all(extractId) as T[];
  }
  const result = await sql<T>`SELECT ${sql.raw(columns)} FROM ${sql.table(table)} WHERE extract_id = ${extractId} ORDER BY row`.execute(
    db.kysely,
  );
  return result.rows;
}

function requireExtracts(extracts: Map<string, Extract>, extractIds: string[]): void {
  const missing = extractIds.filter((id) => !extracts.has(id));
  if (missing.length > 0) throw new Error(`extract(s) not in the database: ${missing.join(', ')}`);
}

/** The records of one stored extract, in file order; `file` overrides the stored file name. */
export async function loadExtractRecords(db: Db, extract: Extract, file = extract.file_name, share = decodeShare()): Promise<AnyRecord[]> {
  const read = recordDecoder(extract.kind as SourceKind, extract.id, file, extract.places, share);
  if (db.dialect === 'sqlite' && db.sqlite) {
    // rows as arrays, one at a time: no row object or array of a million rows before the records
    const records: AnyRecord[] = [];
    const select = db.sqlite.prepare('SELECT row, data FROM record WHERE extract_id = ? ORDER BY row').raw();
    for (const [row, data] of select.iterate(extract.id) as IterableIterator<[number, string]>) records.push(read(row, data));
    return records;
  }
  const rows = await selectRows<{ row: number; data: string }>(db, 'record', extract.id, 'row, data');
  return rows.map((r) => read(r.row, r.data));
}

/**
 * Records back from the store (a worker on another machine): each kind's list
 * in the order of `extractIds`, then file order; `present` = kinds of those extracts.
 */
export async function loadRecords(db: Db, extractIds: string[]): Promise<RecordSet> {
  const extracts = await findExtracts(db, extractIds);
  requireExtracts(extracts, extractIds);
  const set = emptyRecordSet();
  // one IdNumber per ID across the night's files, and one string per short text within a file, as when parsed
  const ids = new Map<string, IdNumber>();
  for (const id of extractIds) {
    const extract = extracts.get(id)!;
    const kind = extract.kind as SourceKind;
    if (!SOURCE_KINDS.includes(kind)) throw new Error(`extract ${id} has an unknown kind ${extract.kind}`);
    set.present.add(kind);
    const list = set[kind] as AnyRecord[];
    for (const record of await loadExtractRecords(db, extract, extract.file_name, decodeShare(ids))) list.push(record);
  }
  return set;
}

/** Rejected rows of the given extracts, in that order, then by row. */
export async function loadRejects(db: Db, extractIds: string[]): Promise<RejectedRow[]> {
  const extracts = await findExtracts(db, extractIds);
  requireExtracts(extracts, extractIds);
  const out: RejectedRow[] = [];
  for (const id of extractIds) {
    const extract = extracts.get(id)!;
    const rows = await selectRows<{ row: number; reason: string; raw: string }>(db, 'reject', id, 'row, reason, raw');
    for (const r of rows) out.push({ extractId: id, file: extract.file_name, row: r.row, reason: r.reason, raw: r.raw });
  }
  return out;
}
