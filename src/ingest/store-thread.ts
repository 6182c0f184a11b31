/**
 * The store thread's body: its own better-sqlite3 connection to the run's
 * database file. Messages come in order: begin (the extract row), rows (a
 * chunk of serialised records) …, commit (the rejects). One transaction per
 * file; an error rolls it back and is reported on the file's commit.
 * See store-thread-client.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { NewExtract } from '../db/tables/ingest.js';
import { SqliteExtractWriter } from './sqlite-insert.js';
import { unpackChunk, type PackedChunk } from './chunks.js';
import type { RejectedRow } from './types.js';

/**
 * begin: the extract row as known before parsing; commit: as parsed (its
 * counts), with the rejects and places; abort: the file could not be parsed,
 * nothing of it stays.
 */
export type StoreMessage =
  | { type: 'begin'; id: number; extract: NewExtract; kind: string }
  | ({ type: 'rows'; id: number } & PackedChunk)
  | { type: 'commit'; id: number; extract: NewExtract; rejects: RejectedRow[]; places: string }
  | { type: 'abort'; id: number }
  /** every file is handed over: copy the log into the database now (see wal_autocheckpoint below) */
  | { type: 'checkpoint' }
  | { type: 'close' };

export type StoreReply = { id: number; stored: boolean } | { id: number; error: string } | { chunkDone: true } | { checkpointed: true };

const port = parentPort;
if (!port) throw new Error('store-thread.ts runs as a worker thread only');

const sqlite = new Database((workerData as { file: string }).file);
// the same settings as createDb's connection, but for foreign keys: this thread writes a file's records in
// the transaction that wrote its extract row, so each record's look-up of that row could never fail, and it
// cost a sixth of the insert's CPU (scripts/bench/store-cost.ts: 2.3–2.7 against 2.7–3.7 µs a 医保 record)
sqlite.pragma('journal_mode = WAL');
sqlite.pragma('synchronous = NORMAL');
sqlite.pragma('foreign_keys = OFF');
sqlite.pragma('busy_timeout = 30000');
// no checkpoint at each file's commit: a night's files would each copy their pages from the log into the
// database while the next file is parsed, on cores parsing needs (1.5 s of a city night's ingest); one
// checkpoint comes after the last file instead (`checkpoint`, sent while the rules run, and on close)
sqlite.pragma('wal_autocheckpoint = 0');

/** Copies the log into the database: PASSIVE, so it copies what no reader still needs and never waits. Not inside a file's transaction. */
function checkpoint(): void {
  if (sqlite.inTransaction) return;
  try {
    sqlite.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // the next checkpoint (or the last connection's close) copies what this one could not
  }
}
const writer = new SqliteExtractWriter(sqlite);

/** the file being written: `skip` once it turned out stored already or failed */
let current: { id: number; skip: 'stored' | 'failed' | null; error?: string } | null = null;

port.on('message', (message: StoreMessage) => {
  if (message.type === 'checkpoint') {
    checkpoint();
    port.postMessage({ checkpointed: true } satisfies StoreReply);
    return;
  }
  if (message.type === 'close') {
    writer.rollback();
    checkpoint();
    sqlite.close();
    // in a worker thread this ends the thread only (closing the port alone does not end it)
    process.exit(0);
  }
  if (message.type === 'abort') {
    if (current?.id === message.id) {
      writer.rollback();
      current = null;
    }
    // the file's `stored` settles now, its transaction rolled back
    port.postMessage({ id: message.id, error: 'aborted' } satisfies StoreReply);
    return;
  }
  try {
    if (message.type === 'begin') {
      writer.rollback(); // a file whose commit never came
      current = { id: message.id, skip: writer.begin(message.extract, message.kind) ? null : 'stored' };
    } else if (current?.id === message.id && current.skip === null) {
      if (message.type === 'rows') writer.rows(unpackChunk(message));
      else writer.commit(message.extract, message.rejects, message.places);
    }
  } catch (err) {
    writer.rollback();
    if (current) {
      current.skip = 'failed';
      current.error = err instanceof Error ? err.message : String(err);
    }
  }
  // lets the main thread serialise the next chunk only when few are waiting (memory)
  if (message.type === 'rows') port.postMessage({ chunkDone: true } satisfies StoreReply);
  if (message.type === 'commit') {
    const file = current?.id === message.id ? current : { id: message.id, skip: 'failed' as const, error: 'the file was never begun' };
    port.postMessage(
      (file.skip === 'failed' ? { id: message.id, error: file.error ?? 'store failed' } : { id: message.id, stored: file.skip === null }) satisfies StoreReply,
    );
    current = null;
  }
});
