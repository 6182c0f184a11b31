/**
 * SIGTERM: a worker finishes its current job and exits 0; past its shutdown
 * deadline it exits anyway and the job, handed back, is done by another worker.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config/env.js';
import { QUEUES, jobIds } from '../../src/queue/definitions.js';
import { enqueueRun } from '../../src/queue/producer.js';
import { openQueues, type QueueSet } from '../../src/queue/queues.js';
import { POSTGRES_URL, freshDb, tempDir, type TestDb } from '../helpers/db.js';
import { REDIS_URL, dropPrefix, uniquePrefix, waitFor } from './redis-helpers.js';
import { ROOT, ensureBuilt, spawnRecon, stop, type SpawnedRecon } from './spawn-helpers.js';

describe.skipIf(!REDIS_URL || !POSTGRES_URL)('worker shutdown on SIGTERM (real Redis + PostgreSQL)', () => {
  let prefix: string;
  let testDb: TestDb;
  let queueSet: QueueSet;
  let config: Config;
  let dir: string;
  let pipeline: string;
  const procs: SpawnedRecon[] = [];

  beforeAll(() => ensureBuilt());
  beforeEach(async () => {
    prefix = uniquePrefix();
    testDb = await freshDb('postgres');
    config = loadConfig({ REDIS_URL: REDIS_URL!, DATABASE_URL: testDb.url, RECON_QUEUE_PREFIX: prefix });
    queueSet = await openQueues(REDIS_URL!, prefix);
    dir = tempDir('recon-term-');
    pipeline = path.join(dir, 'p.json');
    fs.writeFileSync(pipeline, JSON.stringify({ name: 'term', asOf: '2024-06-30', sources: [{ kind: 'system', path: path.join(ROOT, 'sample-data/system-2023.xlsx') }] }));
  });
  afterEach(async () => {
    await Promise.all(procs.splice(0).map((p) => stop(p, 'SIGKILL')));
    await queueSet.close();
    await dropPrefix(prefix);
    await testDb.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const env = (extra: Record<string, string> = {}) => ({ REDIS_URL: REDIS_URL!, DATABASE_URL: testDb.url, RECON_QUEUE_PREFIX: prefix, ...extra });
  const ingestState = async (runId: number) => (await queueSet.queues[QUEUES.ingest].getJob(jobIds.ingest(runId, 0)))?.getState();

  it('finishes the current job, then closes in order and exits 0', async () => {
    const worker = spawnRecon(['worker', '--queues', 'ingest'], env());
    procs.push(worker);
    await worker.waitForOutput(/worker started/);
    const runId = await enqueueRun({ db: testDb.db, queues: queueSet, config }, pipeline, { outDir: path.join(dir, 'out') });
    await worker.waitForOutput(/"msg":"ingest-source started"/);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    const out = worker.output();
    const done = out.indexOf('"msg":"ingest-source done"');
    expect(done, out).toBeGreaterThan(out.indexOf('"msg":"shutting down"'));
    expect(out.indexOf('"msg":"worker stopped"')).toBeGreaterThan(done);
    expect(await ingestState(runId)).toBe('completed');
  }, 120_000);

  it('past the deadline it exits and hands the job back to another worker', async () => {
    const quitter = spawnRecon(['worker', '--queues', 'ingest'], env({ SHUTDOWN_TIMEOUT_MS: '100', WORKER_LOCK_MS: '3000' }));
    procs.push(quitter);
    await quitter.waitForOutput(/worker started/);
    const runId = await enqueueRun({ db: testDb.db, queues: queueSet, config }, pipeline, { outDir: path.join(dir, 'out') });
    await quitter.waitForOutput(/"msg":"ingest-source started"/);
    quitter.child.kill('SIGTERM');
    expect(await quitter.exited).toBe(0);
    expect(quitter.output()).toMatch(/shutdown deadline passed/);
    expect(quitter.output()).not.toMatch(/"msg":"ingest-source done"/);
    expect(await ingestState(runId)).not.toBe('completed');

    const taker = spawnRecon(['worker', '--queues', 'ingest'], env({ WORKER_LOCK_MS: '3000' }));
    procs.push(taker);
    await waitFor('the handed-back job to complete', async () => (await ingestState(runId)) === 'completed', 90_000, 250);
    expect(taker.output()).toMatch(/"jobId":"run-1-ingest-0".*"msg":"ingest-source done"/);
  }, 150_000);
});
