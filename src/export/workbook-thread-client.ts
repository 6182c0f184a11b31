/**
 * A thread that writes county workbooks beside the main thread (see
 * workbook-thread.ts): for a SQLite file only, as the store thread; on
 * PostgreSQL or an in-memory database every workbook is written inline.
 */
import type { Worker } from 'node:worker_threads';
import { sqliteFileOf, type Db } from '../db/create-db.js';
import { startThread, whenThreadStops } from '../start-thread.js';
import type { WorkbookReply, WorkbookRequest } from './workbook-thread.js';

export class WorkbookThread {
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  private stopped: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: WorkbookReply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (reply.error === null) waiter?.resolve();
      else waiter?.reject(new Error(reply.error));
    });
    const fail = (err: Error) => {
      this.stopped ??= err;
      for (const waiter of this.waiting.values()) waiter.reject(err);
      this.waiting.clear();
    };
    whenThreadStops(worker, 'workbook', fail);
  }

  static open(db: Db): WorkbookThread | null {
    const file = sqliteFileOf(db);
    if (file === null) return null;
    return new WorkbookThread(startThread(new URL('./workbook-thread.js', import.meta.url), { file }));
  }

  /** Writes one county's workbook there (writeCountyWorkbook); resolves once it is written. */
  write(countyCode: string | null, file: string, runId: number, asOf: string): Promise<void> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'write', id, countyCode, file, runId, asOf } satisfies WorkbookRequest);
    });
  }

  async close(): Promise<void> {
    if (this.stopped) return;
    this.stopped = new Error('the workbook thread was closed');
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ type: 'close' } satisfies WorkbookRequest);
    await exited;
  }
}
