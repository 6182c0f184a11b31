/**
 * Two runs of one scope never interleave their ledger updates: while another
 * run holds the scope, an evaluate job waits (delayed, no attempt used) and
 * goes on once the scope is free.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';
import { getRun } from '../../src/ledger/queries.js';
import { QUEUES, jobIds } from '../../src/queue/definitions.js';
import { handlers, markRunFailed } from '../../src/queue/handlers.js';
import { enqueueRun } from '../../src/queue/producer.js';
import { openQueues, type QueueSet } from '../../src/queue/queues.js';
import { describeRun, formatRunStatus } from '../../src/queue/run-status.js';
import { acquireScopeLock } from '../../src/queue/scope-lock.js';
import { waitForRun } from '../../src/queue/wait-for-run.js';
import { startWorker, type RunningWorker } from '../../src/queue/workers.js';
import { POSTGRES_URL, freshDb, tempDir, type TestDb } from '../helpers/db.js';
import { REDIS_URL, dropPrefix, uniquePrefix, waitFor } from './redis-helpers.js';
import { ROOT } from './spawn-helpers.js';

describe.skipIf(!REDIS_URL || !POSTGRES_URL)('per-scope waiting (real Redis + PostgreSQL)', () => {
  let prefix: string;
  let testDb: TestDb;
  let queueSet: QueueSet;
  let worker: RunningWorker | undefined;
  let redis: Redis;
  let dir: string;

  beforeEach(async () => {
    prefix = uniquePrefix();
    testDb = await freshDb('postgres');
    queueSet = await openQueues(REDIS_URL!, prefix);
    redis = new Redis(REDIS_URL!);
    dir = tempDir('recon-scope-');
  });
  afterEach(async () => {
    await worker?.close();
    await queueSet.close();
    redis.disconnect();
    await dropPrefix(prefix);
    await testDb.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('holds the evaluate job back while another run of the province works, then completes', async () => {
    const pipeline = path.join(dir, 'p.json');
    fs.writeFileSync(pipeline, JSON.stringify({ name: 'scoped', asOf: '2024-06-30', region: '3717', sources: [{ kind: 'tekun', path: path.join(ROOT, 'sample-data/tekun.csv') }] }));
    const config = loadConfig({ REDIS_URL: REDIS_URL!, DATABASE_URL: testDb.url, RECON_QUEUE_PREFIX: prefix });
    // a province-wide run (say run 99) is updating the ledger of 37
    const other = await acquireScopeLock(redis, prefix, '37', 99);
    if (!('release' in other)) throw new Error('lock not taken');

    worker = await startWorker(config, { db: testDb.db, handlers, onFinalFailure: markRunFailed });
    const runId = await enqueueRun({ db: testDb.db, queues: queueSet, config }, pipeline, { outDir: path.join(dir, 'out') });
    const evaluate = await waitFor('the evaluate job to wait for the scope', async () => {
      const job = await queueSet.queues[QUEUES.evaluate].getJob(jobIds.evaluate(runId));
      return job && (await job.getState()) === 'delayed' && job;
    });
    const logs = await queueSet.queues[QUEUES.evaluate].getJobLogs(evaluate.id!);
    expect(logs.logs[0]).toBe('waiting: run 99 holds the ledger of scope 37');
    expect((await getRun(testDb.db, runId))?.ledger).toBeNull();
    const shown = await describeRun(testDb.db, runId, queueSet);
    expect(formatRunStatus(shown!)).toMatch(/run-1-evaluate\s+delayed\n {4}waiting: run 99 holds the ledger of scope 37\n/);

    await other.release();
    const end = await waitForRun(testDb.db, queueSet, runId, undefined, 100);
    expect(end.status).toBe('completed');
    const done = await queueSet.queues[QUEUES.evaluate].getJob(jobIds.evaluate(runId));
    // waiting used no attempt
    expect(done!.attemptsMade).toBe(1);
    expect(await redis.get(`${prefix}:scope-lock:37`)).toBeNull();
    // each job left its progress behind
    const ingest = await queueSet.queues[QUEUES.ingest].getJob(jobIds.ingest(runId, 0));
    expect(ingest!.progress).toMatchObject({ stage: 'ingest', done: 1, total: 1, percent: 100 });
    expect((ingest!.progress as { message: string }).message).toMatch(/tekun\.csv: \d+ rows read$/);
    expect(done!.progress).toMatchObject({ stage: 'evaluate', percent: 100 });
  });
});
