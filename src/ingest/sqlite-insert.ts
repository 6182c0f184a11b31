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

/** Rows per multi-row INSERT (3 parameters each, well under SQLite's 32766). */
const ROWS_PER_STATEMENT = 500;

/** A run of one file's records, serialised, in file order. */
export interface RecordChunk {
  rows: number[];
  idKeys: string[];
  data: string[];
}

/**
 * The INSERT of `n` records of one file, its extract id and kind written into
 * the statement: the same for every record, so binding them per record cost a
 * quarter of the insert's CPU (README "Benchmarks"). Both are checked to be
 * what recon makes them (hex digits, a kind's letters), so the text is ours.
 */
function recordInsertSql(extractId: string, kind: string, n: number): string {
  if (!/^[0-9a-f]+$/.test(extractId) || !/^[a-z]+$/.test(kind)) throw new Error(`not an extract id and kind recon makes: ${extractId}, ${kind}`);
  return `INSERT INTO record (extract_id, row, kind, id_key, data) VALUES ${Array(n).fill(`('${extractId}', ?, '${kind}', ?, ?)`).join(', ')}`;
}

/** Writes one file: begin → rows… → commit (or rollback). Synchronous, so nothing else interleaves on the connection. */
export class SqliteExtractWriter {
  /** the file's statements, prepared at its begin */
  private insertMany: BetterSqlite3.Statement | null = null;
  private insertOne: BetterSqlite3.Statement | null = null;
  private readonly insertReject: BetterSqlite3.Statement;
  private readonly exists: BetterSqlite3.Statement;
  private readonly params: unknown[] = new Array(ROWS_PER_STATEMENT * 3);
  private extractId = '';

  constructor(private readonly sqlite: BetterSqlite3.Database) {
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
      this.insertMany = this.sqlite.prepare(recordInsertSql(extract.id, kind, ROWS_PER_STATEMENT));
      this.insertOne = this.sqlite.prepare(recordInsertSql(extract.id, kind, 1));
    } catch (err) {
      this.rollback();
      throw err;
    }
    this.extractId = extract.id;
    return true;
  }

  rows(chunk: RecordChunk): void {
    const { rows, idKeys, data } = chunk;
    const params = this.params;
    const insertMany = this.insertMany!;
    let i = 0;
    for (; i + ROWS_PER_STATEMENT <= data.length; i += ROWS_PER_STATEMENT) {
      for (let j = 0, p = 0; j < ROWS_PER_STATEMENT; j++, p += 3) {
        params[p] = rows[i + j];
        params[p + 1] = idKeys[i + j];
        params[p + 2] = data[i + j];
      }
      insertMany.run(params);
    }
    for (; i < data.length; i++) this.insertOne!.run(rows[i], idKeys[i], data[i]);
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
