/**
 * Failures: a job that keeps failing uses its attempts (with backoff) and
 * lands in `failed`, its reason visible in `runs show`; a job whose input is
 * bad fails at once, without retry; the run row says failed either way.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/index.js';
import { loadConfig, type Config } from '../../src/config/env.js';
import { getRun } from '../../src/ledger/queries.js';
import { QUEUES, jobIds } from '../../src/queue/definitions.js';
import { handlers, markRunFailed } from '../../src/queue/handlers.js';
import { enqueueRun } from '../../src/queue/producer.js';
import { openQueues, type QueueSet } from '../../src/queue/queues.js';
import { waitForRun } from '../../src/queue/wait-for-run.js';
import { startWorker, type RunningWorker } from '../../src/queue/workers.js';
import { POSTGRES_URL, freshDb, tempDir, type TestDb } from '../helpers/db.js';
import { REDIS_URL, dropPrefix, uniquePrefix } from './redis-helpers.js';
import { ROOT } from './spawn-helpers.js';

async function reconOut(env: Record<string, string>, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  let out = '';
  let err = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  try {
    return { code: await main(['node', 'recon', ...args]), out, err };
  } finally {
    spy.mockRestore();
    errSpy.mockRestore();
    process.env = saved;
  }
}

describe.skipIf(!REDIS_URL || !POSTGRES_URL)('failing jobs (real Redis + PostgreSQL)', () => {
  let prefix: string;
  let testDb: TestDb;
  let queueSet: QueueSet;
  let config: Config;
  let worker: RunningWorker | undefined;
  let dir: string;

  beforeEach(async () => {
    prefix = uniquePrefix();
    testDb = await freshDb('postgres');
    dir = tempDir('recon-fail-');
    config = loadConfig({ REDIS_URL: REDIS_URL!, DATABASE_URL: testDb.url, RECON_QUEUE_PREFIX: prefix, JOB_ATTEMPTS: '3', JOB_BACKOFF_MS: '50' });
    queueSet = await openQueues(config.redisUrl, prefix);
  });
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
    await queueSet.close();
    await dropPrefix(prefix);
    await testDb.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function pipelineWith(files: { kind: string; file: string }[]): string {
    const sources = files.map((f) => {
      const copy = path.join(dir, f.file);
      fs.copyFileSync(path.join(ROOT, 'sample-data', f.file), copy);
      return { kind: f.kind, path: f.file };
    });
    const file = path.join(dir, 'pipeline.json');
    fs.writeFileSync(file, JSON.stringify({ name: 'failing', asOf: '2024-06-30', sources }));
    return file;
  }

  it('a transient error uses every attempt, then the job is failed and `runs show` gives the reason', async () => {
    const pipeline = pipelineWith([{ kind: 'system', file: 'system-2023.xlsx' }, { kind: 'tekun', file: 'tekun.csv' }]);
    let calls = 0;
    worker = await startWorker(config, {
      db: testDb.db,
      onFinalFailure: markRunFailed,
      handlers: {
        ...handlers,
        // the tekun ingest meets a database that keeps dropping the connection
        'ingest-source': async (payload, ctx) => {
          if (payload.source.kind !== 'tekun') return handlers['ingest-source'](payload, ctx);
          calls += 1;
          throw new Error('connection terminated unexpectedly (row 370102199001011234)');
        },
      },
    });
    const runId = await enqueueRun({ db: testDb.db, queues: queueSet, config }, pipeline, { outDir: path.join(dir, 'out') });
    const end = await waitForRun(testDb.db, queueSet, runId, undefined, 100);
    expect(end).toMatchObject({ status: 'failed', badInput: false });
    if (end.status !== 'failed') return;
    // the ID number in the error is masked wherever the reason is kept
    expect(end.reason).toMatch(/^ingest-source: connection terminated unexpectedly \(row 370102\*+\d+\)$/);
    expect(calls).toBe(3);

    const job = await queueSet.queues[QUEUES.ingest].getJob(jobIds.ingest(runId, 1));
    expect(await job!.getState()).toBe('failed');
    expect(job!.attemptsMade).toBe(3);
    expect(job!.failedReason).toMatch(/^connection terminated unexpectedly \(row 370102\*+\d+\)$/);
    expect(JSON.stringify(job!.stacktrace)).not.toContain('370102199001011234');
    // the failure went up the flow: the run's later jobs never ran
    expect(await (await queueSet.queues[QUEUES.output].getJob(jobIds.output(runId)))!.getState()).toBe('failed');
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);

    const env = { DATABASE_URL: testDb.url, REDIS_URL: REDIS_URL!, RECON_QUEUE_PREFIX: prefix };
    const shown = await reconOut(env, 'runs', 'show', String(runId));
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(/^status\s+failed$/m);
    expect(shown.out).toMatch(/^error\s+ingest-source: connection terminated unexpectedly \(row 370102\*+\d+\)$/m);
    expect(shown.out).not.toContain('370102199001011234');
    // the flow failed upwards: the parents name the child that failed
    expect(shown.out).toMatch(/run-1-evaluate\s+failed[^\n]*\n {4}failed: child \S+:ingest:run-1-ingest-1 failed/);
    expect(shown.out).toMatch(/run-1-output\s+failed/);
    expect(shown.out).toMatch(/run-1-ingest-1\s+failed\s+tekun\.csv.*attempts 3\/3/);
    expect(shown.out).toMatch(/^ {4}failed: connection terminated unexpectedly \(row 370102\*+\d+\)$/m);
    const listed = await reconOut(env, 'runs', 'list');
    expect(listed.out).toMatch(new RegExp(`^${runId}\\tfailed\\t2024-06-30\\t37\\t`, 'm'));
  });

  it('bad input fails at once, without retry, and `enqueue --wait` would exit 2', async () => {
    const pipeline = pipelineWith([{ kind: 'system', file: 'system-2023.xlsx' }, { kind: 'dibao', file: 'dibao.csv' }]);
    const runId = await enqueueRun({ db: testDb.db, queues: queueSet, config }, pipeline, { outDir: path.join(dir, 'out') });
    // the file is replaced by garbage between the nightly enqueue and the ingest
    fs.writeFileSync(path.join(dir, 'dibao.csv'), 'this,is,not\na,roster,at all\n');
    worker = await startWorker(config, { db: testDb.db, handlers, onFinalFailure: markRunFailed });
    const end = await waitForRun(testDb.db, queueSet, runId, undefined, 100);
    expect(end.status).toBe('failed');
    if (end.status !== 'failed') return;
    expect(end.badInput).toBe(true);
    expect(end.reason).toMatch(/^ingest-source: .*dibao\.csv/);
    const job = await queueSet.queues[QUEUES.ingest].getJob(jobIds.ingest(runId, 1));
    expect(job!.attemptsMade).toBe(1);
    expect(job!.failedReason).toMatch(/^bad input: /);
    const run = await getRun(testDb.db, runId);
    expect(run?.status).toBe('failed');
  });

  it('a failed source never shows a person\'s name or ID: not in the job, run.error, stderr or `runs show`', async () => {
    const pipeline = pipelineWith([{ kind: 'system', file: 'system-2023.xlsx' }, { kind: 'dibao', file: 'dibao.csv' }]);
    const runId = await enqueueRun({ db: testDb.db, queues: queueSet, config }, pipeline, { outDir: path.join(dir, 'out') });
    // a roster with no header row: its first row is a person, which must not be echoed as "the header"
    fs.writeFileSync(path.join(dir, 'dibao.csv'), '370102199001011234,王秀英,历下区,农村低保,2023-01-05\n370102199202021236,李建国,历下区,农村低保,2023-02-01\n');
    let stderr = '';
    const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
    try {
      worker = await startWorker(config, { db: testDb.db, handlers, onFinalFailure: markRunFailed });
      const end = await waitForRun(testDb.db, queueSet, runId, (line) => process.stderr.write(`${line}\n`), 100);
      expect(end.status).toBe('failed');
      if (end.status === 'failed') expect(end.reason).toMatch(/dibao\.csv/);
    } finally {
      errSpy.mockRestore();
    }
    const job = await queueSet.queues[QUEUES.ingest].getJob(jobIds.ingest(runId, 1));
    const run = await getRun(testDb.db, runId);
    const shown = await reconOut({ DATABASE_URL: testDb.url, REDIS_URL: REDIS_URL!, RECON_QUEUE_PREFIX: prefix }, 'runs', 'show', String(runId));
    expect(run?.error).toMatch(/dibao\.csv/);
    for (const text of [stderr, job!.failedReason, JSON.stringify(job!.stacktrace), run?.error ?? '', shown.out, shown.err]) {
      for (const secret of ['王秀英', '秀英', '李建国', '370102199001011234', '370102199202021236']) expect(text).not.toContain(secret);
    }
  });

  it('a bad pipeline is refused before any run or job exists', async () => {
    const file = path.join(dir, 'broken.json');
    fs.writeFileSync(file, JSON.stringify({ sources: [{ kind: 'system', path: 'missing.xlsx' }] }));
    await expect(enqueueRun({ db: testDb.db, queues: queueSet, config }, file, { outDir: dir })).rejects.toThrow(/missing\.xlsx not found/);
    expect(await getRun(testDb.db, 1)).toBeUndefined();
    expect(await queueSet.queues[QUEUES.output].getJobCountByTypes('waiting-children', 'waiting', 'failed')).toBe(0);
  });
});
