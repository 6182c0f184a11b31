/**
 * The SQLite half of the store as plain rows, free of Kysely and of record
 * objects, so the same code runs inline and on the store thread
 * (store-thread.ts). One transaction per file, so a failure leaves nothing;
 * records arrive in chunks so a 3-million-row file never sits in memory
 * serialised all at once.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { NewExtract } from '../db/tables/ingest.js';
import type { RejectedRow } from './types.js';

/** Rows per multi-row INSERT (5 parameters each, well under SQLite's 32766). */
const ROWS_PER_STATEMENT = 500;

/** A run of one file's records, serialised, in file order. */
export interface RecordChunk {
  rows: number[];
  idKeys: string[];
  data: string[];
}

/** Writes one file: begin → rows… → commit (or rollback). Synchronous, so nothing else interleaves on the connection. */
export class SqliteExtractWriter {
  private readonly insertMany: BetterSqlite3.Statement;
  private readonly insertOne: BetterSqlite3.Statement;
  private readonly insertReject: BetterSqlite3.Statement;
  private readonly exists: BetterSqlite3.Statement;
  private readonly params: unknown[] = new Array(ROWS_PER_STATEMENT * 5);
  private extractId = '';
  private kind = '';

  constructor(private readonly sqlite: BetterSqlite3.Database) {
    const recordSql = (n: number) =>
      `INSERT INTO record (extract_id, row, kind, id_key, data) VALUES ${Array(n).fill('(?, ?, ?, ?, ?)').join(', ')}`;
    this.insertMany = sqlite.prepare(recordSql(ROWS_PER_STATEMENT));
    this.insertOne = sqlite.prepare(recordSql(1));
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
    const params = this.params;
    for (let p = 0; p < params.length; p += 5) {
      params[p] = this.extractId;
      params[p + 2] = kind;
    }
    return true;
  }

  rows(chunk: RecordChunk): void {
    const { rows, idKeys, data } = chunk;
    const params = this.params;
    let i = 0;
    for (; i + ROWS_PER_STATEMENT <= data.length; i += ROWS_PER_STATEMENT) {
      for (let j = 0, p = 0; j < ROWS_PER_STATEMENT; j++, p += 5) {
        params[p + 1] = rows[i + j];
        params[p + 3] = idKeys[i + j];
        params[p + 4] = data[i + j];
      }
      this.insertMany.run(params);
    }
    for (; i < data.length; i++) this.insertOne.run(this.extractId, rows[i], this.kind, idKeys[i], data[i]);
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
