/**
 * A schedule firing every second: a worker on the `runs` queue turns each
 * firing into a run (row + flow); after two runs the schedule is removed and
 * no further run starts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';
import { listRuns } from '../../src/ledger/queries.js';
import { QUEUES, jobIds } from '../../src/queue/definitions.js';
import { handlers, markRunFailed } from '../../src/queue/handlers.js';
import { openQueues, type QueueSet } from '../../src/queue/queues.js';
import { addSchedule, listSchedules, removeSchedule } from '../../src/queue/schedules.js';
import { startWorker, type RunningWorker } from '../../src/queue/workers.js';
import { POSTGRES_URL, freshDb, tempDir, type TestDb } from '../helpers/db.js';
import { REDIS_URL, dropPrefix, uniquePrefix, waitFor } from './redis-helpers.js';
import { ROOT } from './spawn-helpers.js';

describe.skipIf(!REDIS_URL || !POSTGRES_URL)('a schedule that fires (real Redis + PostgreSQL)', () => {
  let prefix: string;
  let testDb: TestDb;
  let queueSet: QueueSet;
  let scheduler: RunningWorker | undefined;
  let dir: string;

  beforeEach(async () => {
    prefix = uniquePrefix();
    testDb = await freshDb('postgres');
    queueSet = await openQueues(REDIS_URL!, prefix);
    dir = tempDir('recon-sched-');
  });
  afterEach(async () => {
    await scheduler?.close();
    await queueSet.close();
    await dropPrefix(prefix);
    await testDb.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts a run on each firing, twice, then stops once removed', async () => {
    const pipeline = path.join(dir, 'nightly.json');
    fs.writeFileSync(pipeline, JSON.stringify({ name: 'every-second', asOf: '2024-06-30', sources: [{ kind: 'tekun', path: path.join(ROOT, 'sample-data/tekun.csv') }] }));
    const config = loadConfig({ REDIS_URL: REDIS_URL!, DATABASE_URL: testDb.url, RECON_QUEUE_PREFIX: prefix });
    // the compose "scheduler": a worker serving only the runs queue
    scheduler = await startWorker(config, { db: testDb.db, handlers, onFinalFailure: markRunFailed, queues: [QUEUES.runs] });
    await addSchedule(queueSet.queues[QUEUES.runs], { id: 'every-second', pipelinePath: pipeline, outDir: path.join(dir, 'out'), cron: '* * * * * *', tz: 'UTC' });

    const runs = await waitFor('two scheduled runs', async () => {
      const rows = await listRuns(testDb.db, 10);
      return rows.length >= 2 && rows;
    }, 20_000, 100);
    expect(await removeSchedule(queueSet.queues[QUEUES.runs], 'every-second')).toBe(true);
    expect(await listSchedules(queueSet.queues[QUEUES.runs])).toEqual([]);

    // each firing made a real run: its row, and its flow waiting for ingest workers
    for (const run of runs.slice(0, 2)) {
      expect(run).toMatchObject({ name: 'every-second', status: 'running', as_of: '2024-06-30' });
      const ingest = await queueSet.queues[QUEUES.ingest].getJob(jobIds.ingest(run.id, 0));
      expect(await ingest?.getState()).toBe('waiting');
      expect(await (await queueSet.queues[QUEUES.output].getJob(jobIds.output(run.id)))?.getState()).toBe('waiting-children');
    }
    // each firing's job remembers its run, so a retry of it would not start another
    const fired = await queueSet.queues[QUEUES.runs].getJobs(['completed']);
    const firedRunIds = fired.map((job) => (job.data as { runId?: number }).runId).sort();
    expect(firedRunIds.length).toBeGreaterThanOrEqual(2);
    expect(new Set(firedRunIds).size).toBe(firedRunIds.length);
    for (const run of runs.slice(0, 2)) expect(firedRunIds).toContain(run.id);
    // removed: nothing fires any more
    await new Promise((r) => setTimeout(r, 1500));
    const count = (await listRuns(testDb.db, 10)).length;
    await new Promise((r) => setTimeout(r, 1500));
    expect((await listRuns(testDb.db, 10)).length).toBe(count);
    expect(count).toBeLessThanOrEqual(3);
  });
});
