/**
 * The workbook thread's body: its own connection to the run's SQLite file,
 * writing the county workbooks it is given one at a time while the main
 * thread writes the others (see county-workbooks.ts). Reading the ledger and
 * building the sheets' XML costs CPU; on two cores the two halves overlap.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createDb, type Db } from '../db/create-db.js';
import { writeCountyWorkbook } from './workbook.js';

export type WorkbookRequest = { type: 'write'; id: number; countyCode: string | null; file: string; runId: number; asOf: string } | { type: 'close' };
export type WorkbookReply = { id: number; error: string | null };

const port = parentPort;
if (!port) throw new Error('workbook-thread.ts runs as a worker thread only');

let db: Promise<Db> | null = null;
let queue: Promise<void> = Promise.resolve();

port.on('message', (request: WorkbookRequest) => {
  queue = queue.then(async () => {
    if (request.type === 'close') {
      await (await db)?.close();
      process.exit(0);
    }
    try {
      db ??= createDb((workerData as { file: string }).file);
      await writeCountyWorkbook(await db, request.countyCode, request.file, { runId: request.runId, asOf: request.asOf });
      port.postMessage({ id: request.id, error: null } satisfies WorkbookReply);
    } catch (err) {
      port.postMessage({ id: request.id, error: err instanceof Error ? err.message : String(err) } satisfies WorkbookReply);
    }
  });
});
