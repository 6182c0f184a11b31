/**
 * The PostgreSQL half of the store: records as `unnest` of column arrays (a
 * few parameters per statement, far below the 65535-parameter limit however
 * many rows), one transaction per file. A parsed file is stored at once
 * (`storePostgres`); a file parsed on the parse thread is stored chunk by
 * chunk as it is read (`streamToPostgres`), nothing of it held here.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { extractRow, provisionalExtractRow, recordChunks, unpackChunk } from './chunks.js';
import type { ParseThread } from './parse-thread-client.js';
import type { FileFingerprint } from './readers/fingerprint.js';
import { recordEncoder } from './record-codec.js';
import type { RecordChunk } from './sqlite-insert.js';
import type { IngestContext, ParsedSource, RejectedRow, SourceSpec } from './types.js';

/** Rows per `unnest` INSERT. */
const ROWS_PER_STATEMENT = 5000;

async function insertRecords(trx: Transaction<Database>, extractId: string, kind: string, chunk: RecordChunk): Promise<void> {
  for (let i = 0; i < chunk.data.length; i += ROWS_PER_STATEMENT) {
    const end = Math.min(chunk.data.length, i + ROWS_PER_STATEMENT);
    // the extract and kind once a statement, not once a row
    await sql`INSERT INTO record (extract_id, row, kind, id_key, data)
      SELECT ${extractId}::text, t.row, ${kind}::text, t.id_key, t.data
      FROM unnest(${chunk.rows.slice(i, end)}::int[], ${chunk.idKeys.slice(i, end)}::text[], ${chunk.data.slice(i, end)}::text[]) AS t(row, id_key, data)`.execute(trx);
  }
}

async function insertRejects(trx: Transaction<Database>, rejects: readonly RejectedRow[]): Promise<void> {
  for (let i = 0; i < rejects.length; i += ROWS_PER_STATEMENT) {
    const rows = rejects.slice(i, i + ROWS_PER_STATEMENT);
    await sql`INSERT INTO reject (extract_id, row, reason, raw)
      SELECT * FROM unnest(${rows.map((r) => r.extractId)}::text[], ${rows.map((r) => r.row)}::int[],
        ${rows.map((r) => r.reason)}::text[], ${rows.map((r) => r.raw)}::text[])`.execute(trx);
  }
}

/** A parsed file, in one transaction. */
export async function storePostgres(db: Kysely<Database>, parsed: ParsedSource): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('extract').values(extractRow(parsed)).execute();
    const encoder = recordEncoder(parsed.kind);
    for (const chunk of recordChunks(parsed, encoder, ROWS_PER_STATEMENT)) await insertRecords(trx, parsed.extractId, parsed.kind, chunk);
    await trx.updateTable('extract').set({ places: encoder.placesJson() }).where('id', '=', parsed.extractId).execute();
    await insertRejects(trx, parsed.rejects);
  });
}

/**
 * A file parsed on `parse`, each chunk inserted as it comes (the thread
 * waits while an insert runs), in one transaction: the extract row first with
 * its counts unknown, then the records, then the counts, places and rejects.
 * A file that fails midway leaves nothing. Resolves with the file's stats
 * and rejects, and its records decoded here with `keepRecords`.
 */
export async function streamToPostgres(
  db: Kysely<Database>,
  source: SourceSpec,
  ctx: IngestContext,
  fingerprint: FileFingerprint,
  parse: ParseThread,
  keepRecords: boolean,
): Promise<ParsedSource> {
  return db.transaction().execute(async (trx) => {
    const extract = provisionalExtractRow(source, fingerprint);
    await trx.insertInto('extract').values(extract).execute();
    const { parsed, placesJson } = await parse.parse(
      source,
      ctx,
      fingerprint,
      (chunk) => insertRecords(trx, extract.id, source.kind, unpackChunk(chunk)),
      { keepRecords },
    );
    const { id, ...counts } = extractRow(parsed);
    await trx.updateTable('extract').set({ ...counts, places: placesJson }).where('id', '=', id).execute();
    await insertRejects(trx, parsed.rejects);
    return parsed;
  });
}
