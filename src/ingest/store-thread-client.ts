/**
 * Stores parsed files on a worker thread with its own SQLite connection, so
 * the in-process runner parses file k+1 on the main thread while file k is
 * written (the insert is a third of ingest's time). The main thread
 * serialises the records; the thread only inserts. Files are stored in the
 * order given, one transaction each.
 *
 * While a file is being stored the thread holds SQLite's write lock: the
 * caller must not write on its own connection until `store` has resolved
 * (it would wait, not fail, up to busy_timeout).
 */
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Db } from '../db/create-db.js';
import type { StoreMessage, StoreReply } from './store-thread.js';
import { recordEncoder } from './record-codec.js';
import { extractRow, recordChunks } from './store.js';
import type { ParsedSource } from './types.js';

/** Serialised chunks waiting for the thread: enough to keep it busy, few enough to bound memory. */
const CHUNKS_QUEUED = 8;

export class StoreThread {
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (stored: boolean) => void; reject: (err: Error) => void }>();
  private readonly inFlight = new Set<Promise<boolean>>();
  private readonly bySha256 = new Map<string, Promise<boolean>>();
  private failure: Error | null = null;
  private exited = false;
  /** files are handed over one after another */
  private sending: Promise<void> = Promise.resolve();
  private chunksQueued = 0;
  private chunkDone: (() => void) | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: StoreReply) => {
      if ('chunkDone' in reply) {
        this.chunksQueued--;
        this.chunkDone?.();
        this.chunkDone = null;
        return;
      }
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if ('error' in reply) waiter?.reject(new Error(reply.error));
      else waiter?.resolve(reply.stored);
    });
    const fail = (err: Error) => {
      this.failure = err;
      for (const waiter of this.waiting.values()) waiter.reject(err);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      this.exited = true;
      this.chunkDone?.();
      if (this.waiting.size > 0) fail(new Error(`the store thread stopped (exit code ${code})`));
    });
  }

  /** A store thread for a SQLite file database; null for PostgreSQL or an in-memory database. */
  static open(db: Db): StoreThread | null {
    const file = db.sqlite?.name;
    if (db.dialect !== 'sqlite' || !file || file === ':memory:' || db.sqlite?.memory) return null;
    const compiled = new URL('./store-thread.js', import.meta.url);
    // run from the TypeScript sources (tests): the thread registers tsx, then loads its .ts
    const source = new URL('./store-thread.ts', import.meta.url).href;
    const worker = fs.existsSync(compiled)
      ? new Worker(compiled, { workerData: { file } })
      : new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`, {
          eval: true,
          workerData: { file },
        });
    return new StoreThread(worker);
  }

  /** Serialises the records here, stores them there; false when the sha256 was already stored. */
  store(parsed: ParsedSource): Promise<boolean> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.exited) return Promise.reject(new Error('the store thread has stopped'));
    const id = this.nextId++;
    const stored = new Promise<boolean>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
    });
    this.sending = this.sending.then(() => this.send(id, parsed)).catch((err: unknown) => {
      const waiter = this.waiting.get(id);
      this.waiting.delete(id);
      waiter?.reject(err instanceof Error ? err : new Error(String(err)));
    });
    this.inFlight.add(stored);
    this.bySha256.set(parsed.sha256, stored);
    const settled = () => {
      this.inFlight.delete(stored);
      if (this.bySha256.get(parsed.sha256) === stored) this.bySha256.delete(parsed.sha256);
    };
    stored.then(settled, settled);
    return stored;
  }

  /**
   * Hands one file over chunk by chunk, in the background: each chunk is
   * serialised here (between the main thread's other work) while the thread
   * inserts the one before; at most CHUNKS_QUEUED wait, bounding memory.
   */
  private async send(id: number, parsed: ParsedSource): Promise<void> {
    const post = (message: StoreMessage) => this.worker.postMessage(message);
    post({ type: 'begin', id, extract: extractRow(parsed), kind: parsed.kind });
    const encoder = recordEncoder(parsed.kind);
    for (const chunk of recordChunks(parsed, encoder)) {
      while (this.chunksQueued >= CHUNKS_QUEUED && !this.exited) await new Promise<void>((resolve) => (this.chunkDone = resolve));
      if (this.exited) throw this.failure ?? new Error('the store thread has stopped');
      this.chunksQueued++;
      post({ type: 'rows', id, rows: chunk.rows, idKeys: JSON.stringify(chunk.idKeys), data: chunk.data.join('\n') });
    }
    post({ type: 'commit', id, rejects: parsed.rejects, places: encoder.placesJson() });
  }

  /**
   * Settles once every file handed over so far has been serialised and sent
   * (the thread may still be inserting). The main thread serialises between
   * its other work: a caller about to run long synchronous code awaits this
   * first, or the thread would sit idle, holding the write lock, meanwhile.
   */
  handedOver(): Promise<void> {
    return this.sending;
  }

  /** Settles once a file with this sha256 handed over earlier is stored (at once when none is pending). */
  async settled(sha256: string): Promise<void> {
    await this.bySha256.get(sha256)?.catch(() => undefined);
  }

  /** Waits for the files already handed over, then closes the thread's connection. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ type: 'close' } satisfies StoreMessage);
    await exited;
  }
}
