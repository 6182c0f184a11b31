/**
 * The ingest store: `extract`, `record`, `reject`. One transaction per file,
 * so a failure midway leaves nothing. Bulk inserts go at full speed: on
 * SQLite through better-sqlite3 prepared multi-row statements, on PostgreSQL
 * as `unnest` of column arrays (a few parameters per chunk, far below the
 * 65535-parameter limit however many rows).
 */
import { sql } from 'kysely';
import type { Db } from '../db/create-db.js';
import type { Extract } from '../db/tables/ingest.js';
import { emptyRecordSet, SOURCE_KINDS, type IdNumber, type RecordSet, type SourceKind } from '../model/records.js';
import { extractRow, recordChunks } from './chunks.js';
import { decodeShare, recordDecoder, recordEncoder } from './record-codec.js';
import { SqliteExtractWriter } from './sqlite-insert.js';
import { storePostgres } from './store-postgres.js';
import type { AnyRecord, ParsedSource, RejectedRow, SourceStats } from './types.js';

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
    else await storePostgres(db.kysely, parsed);
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
