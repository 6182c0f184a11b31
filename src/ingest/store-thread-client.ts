/**
 * Stores files on a worker thread with its own SQLite connection, so the
 * in-process runner goes on parsing while a file is written (the insert is a
 * third of ingest's time). Records arrive serialised, chunk by chunk, from
 * the parse thread as a file is parsed (`open`). Files are stored in the
 * order opened, one transaction each.
 *
 * While a file is being stored the thread holds SQLite's write lock: the
 * caller must not write on its own connection until its `stored` promise has
 * settled (it would wait, not fail, up to busy_timeout).
 */
import type { Worker } from 'node:worker_threads';
import { sqliteFileOf, type Db } from '../db/create-db.js';
import type { NewExtract } from '../db/tables/ingest.js';
import { startThread, whenThreadStops } from '../start-thread.js';
import type { StoreMessage, StoreReply } from './store-thread.js';
import type { PackedChunk } from './chunks.js';
import type { RejectedRow } from './types.js';

/** Serialised chunks waiting for the thread (thousands of records each): enough to keep it busy, few enough to bound memory. */
const CHUNKS_QUEUED = 3;

/** One file on its way into the store: its chunks in file order, then commit (or abort). */
export interface StoreStream {
  /** resolves once the chunk is handed over and few enough wait (back-pressure) */
  rows(chunk: PackedChunk): Promise<void>;
  /** `extract`: the row as parsed; resolves with the file's `stored` */
  commit(extract: NewExtract, rejects: RejectedRow[], placesJson: string): Promise<boolean>;
  /** the file could not be read: nothing of it is kept, `stored` rejects with `error` once it is rolled back */
  abort(error: Error): void;
  /** true once committed, false when the sha256 was stored already; rejects when the store failed or was aborted (once rolled back) */
  readonly stored: Promise<boolean>;
}

export class StoreThread {
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (stored: boolean) => void; reject: (err: Error) => void }>();
  private readonly inFlight = new Set<Promise<boolean>>();
  private readonly bySha256 = new Map<string, Promise<boolean>>();
  /** files aborted, by id: the error their `stored` rejects with once the thread has rolled them back */
  private readonly aborted = new Map<number, Error>();
  private failure: Error | null = null;
  private exited = false;
  /** settles once the last file opened is committed or aborted: the next file's messages wait for it */
  private lastFile: Promise<void> = Promise.resolve();
  private chunksQueued = 0;
  private chunkDone: (() => void) | null = null;
  /** checkpoints asked for and not yet done, in order */
  private readonly checkpoints: (() => void)[] = [];

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: StoreReply) => {
      if ('checkpointed' in reply) {
        this.checkpoints.shift()?.();
        return;
      }
      if ('chunkDone' in reply) {
        this.chunksQueued--;
        this.chunkDone?.();
        this.chunkDone = null;
        return;
      }
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      const aborted = this.aborted.get(reply.id);
      this.aborted.delete(reply.id);
      if ('error' in reply) waiter?.reject(aborted ?? new Error(reply.error));
      else waiter?.resolve(reply.stored);
    });
    const fail = (err: Error) => {
      this.failure ??= err;
      for (const waiter of this.waiting.values()) waiter.reject(err);
      this.waiting.clear();
    };
    whenThreadStops(worker, 'store', fail);
    worker.on('exit', () => {
      this.exited = true;
      this.chunkDone?.();
      for (const done of this.checkpoints.splice(0)) done();
    });
  }

  /** A store thread for a SQLite file database; null for PostgreSQL or an in-memory database. */
  static open(db: Db): StoreThread | null {
    const file = sqliteFileOf(db);
    if (file === null) return null;
    // its garbage is a chunk's strings at a time: a small young generation (the night's peak comes while it finishes)
    return new StoreThread(startThread(new URL('./store-thread.js', import.meta.url), { file }, { maxYoungGenerationSizeMb: 16 }));
  }

  /**
   * Starts storing one file whose records will come chunk by chunk.
   * `extract`: its row as known before parsing (commit gives the counts).
   */
  open(extract: NewExtract, kind: string): StoreStream {
    const id = this.nextId++;
    const stored = new Promise<boolean>((resolve, reject) => {
      if (this.failure) reject(this.failure);
      else if (this.exited) reject(new Error('the store thread has stopped'));
      else this.waiting.set(id, { resolve, reject });
    });
    stored.catch(() => undefined); // the caller awaits it later; not an unhandled rejection meanwhile
    this.inFlight.add(stored);
    this.bySha256.set(extract.sha256, stored);
    const settled = () => {
      this.inFlight.delete(stored);
      if (this.bySha256.get(extract.sha256) === stored) this.bySha256.delete(extract.sha256);
    };
    stored.then(settled, settled);
    const fail = (err: unknown) => {
      const waiter = this.waiting.get(id);
      this.waiting.delete(id);
      waiter?.reject(err instanceof Error ? err : new Error(String(err)));
    };
    // this file's messages in order, all after the file before has ended
    let ended!: () => void;
    let chain = this.lastFile;
    this.lastFile = new Promise<void>((resolve) => (ended = resolve));
    const post = (message: StoreMessage, isChunk = false): Promise<void> => {
      const posted = chain.then(() => this.postNow(message, isChunk));
      chain = posted.catch(() => undefined);
      return posted;
    };
    post({ type: 'begin', id, extract, kind }).catch(fail);
    return {
      stored,
      rows: (chunk) => {
        const posted = post({ type: 'rows', id, ...chunk }, true);
        posted.catch(fail);
        return posted;
      },
      commit: (final, rejects, places) => {
        post({ type: 'commit', id, extract: final, rejects, places }).catch(fail).finally(ended);
        return stored;
      },
      abort: (error) => {
        this.aborted.set(id, error);
        post({ type: 'abort', id })
          .catch(() => fail(error))
          .finally(ended);
      },
    };
  }

  /** A chunk waits while CHUNKS_QUEUED wait at the thread. */
  private async postNow(message: StoreMessage, isChunk: boolean): Promise<void> {
    if (isChunk) {
      while (this.chunksQueued >= CHUNKS_QUEUED && !this.exited) await new Promise<void>((resolve) => (this.chunkDone = resolve));
    }
    if (this.failure) throw this.failure;
    if (this.exited) throw new Error('the store thread has stopped');
    if (isChunk) this.chunksQueued++;
    this.worker.postMessage(message);
  }

  /**
   * Settles once every file opened so far has been handed over to the end
   * (the thread may still be inserting). A caller about to run long
   * synchronous code awaits this first, or the thread would sit idle, holding
   * the write lock, meanwhile.
   */
  handedOver(): Promise<void> {
    return this.lastFile;
  }

  /**
   * Asks the thread to copy its log into the database once the files handed
   * over so far are stored (it does not after each file): a caller done
   * handing over files sends this before long work of its own, so the copy
   * runs on the other core meanwhile. Resolves once copied (at once if the
   * thread has stopped).
   */
  async checkpoint(): Promise<void> {
    await this.lastFile;
    if (this.exited || this.failure) return;
    const done = new Promise<void>((resolve) => this.checkpoints.push(resolve));
    this.worker.postMessage({ type: 'checkpoint' } satisfies StoreMessage);
    await done;
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
