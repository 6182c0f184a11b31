/**
 * The SQLite half of the store as plain rows, free of Kysely and of record
 * objects, so the same code runs inline and on the store thread
 * (store-thread.ts). One transaction per file, so a failure leaves nothing;
 * records arrive in chunks so a 3-million-row file never sits in memory
 * serialised all at once.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { NewExtract } from '../db/tables/ingest.js';
import type { PackedChunk } from './chunks.js';
import type { RejectedRow } from './types.js';

/** Writes one file: begin → rows… → commit (or rollback). Synchronous, so nothing else interleaves on the connection. */
export class SqliteExtractWriter {
  private readonly insertPacked: BetterSqlite3.Statement;
  private readonly insertReject: BetterSqlite3.Statement;
  private readonly exists: BetterSqlite3.Statement;
  private extractId = '';
  private kind = '';

  constructor(private readonly sqlite: BetterSqlite3.Database) {
    // `value -> 2` is the stored text as JSON.stringify wrote it: SQLite keeps a number's and an escaped string's text as written
    this.insertPacked = sqlite.prepare(
      `INSERT INTO record (extract_id, row, kind, id_key, data) SELECT ?, value ->> 0, ?, value ->> 1, value -> 2 FROM json_each(?)`,
    );
    this.insertReject = sqlite.prepare('INSERT INTO reject (extract_id, row, reason, raw) VALUES (?, ?, ?, ?)');
    this.exists = sqlite.prepare('SELECT 1 FROM extract WHERE sha256 = ?').pluck();
  }

  /** Opens the file's transaction; false (no transaction left open) when its sha256 is already stored. */
  begin(extract: NewExtract, kind: string): boolean {
    this.sqlite.exec('BEGIN IMMEDIATE');
    try {
      if (this.exists.get(extract.sha256) !== undefined) {
        this.sqlite.exec('ROLLBACK');
        return false;
      }
      const columns = Object.keys(extract);
      this.sqlite
        .prepare(`INSERT INTO extract (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`)
        .run(extract);
    } catch (err) {
      this.rollback();
      throw err;
    }
    this.extractId = extract.id;
    this.kind = kind;
    return true;
  }

  /** A chunk packed as one JSON text (chunks.ts), inserted by SQLite as it is. */
  rows(chunk: PackedChunk): void {
    this.insertPacked.run(this.extractId, this.kind, chunk.json);
  }

  /**
   * `extract`: the row as parsed (a file stored as it is parsed began with
   * the counts unknown); `placesJson`: the places the records refer to
   * (record-codec.ts), kept on the extract row.
   */
  commit(extract: NewExtract, rejects: readonly RejectedRow[], placesJson: string): void {
    for (const reject of rejects) this.insertReject.run(reject.extractId, reject.row, reject.reason, reject.raw);
    const columns = Object.keys(extract).filter((c) => c !== 'id');
    this.sqlite
      .prepare(`UPDATE extract SET ${columns.map((c) => `${c} = @${c}`).join(', ')}, places = @places WHERE id = @id`)
      .run({ ...extract, places: placesJson, id: this.extractId });
    this.sqlite.exec('COMMIT');
  }

  rollback(): void {
    if (this.sqlite.inTransaction) this.sqlite.exec('ROLLBACK');
  }
}
