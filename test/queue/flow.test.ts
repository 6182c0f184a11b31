/**
 * A run as a BullMQ flow across worker processes gives the same findings.csv
 * and tickets.csv as the in-process `recon run` on the same inputs — also
 * when a worker is SIGKILLed in the middle of an ingest job.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { POSTGRES_URL, freshDb, tempDir, type TestDb } from '../helpers/db.js';
import { REDIS_URL, dropPrefix, uniquePrefix } from './redis-helpers.js';
import { ROOT, ensureBuilt, spawnRecon, stop, type SpawnedRecon } from './spawn-helpers.js';

const SOURCES = [
  { kind: 'system', path: 'system-2023.xlsx' },
  { kind: 'medical', path: 'yibao.csv', encoding: 'gb18030' },
  { kind: 'dibao', path: 'dibao.csv' },
  { kind: 'tekun', path: 'tekun.csv' },
  { kind: 'assessment', path: 'yanpan.xlsx' },
];

/** A pipeline over part of sample-data (absolute paths), written to a temp folder. */
function writePipeline(dir: string): string {
  const demo = JSON.parse(fs.readFileSync(path.join(ROOT, 'pipelines/demo.json'), 'utf8')) as Record<string, unknown>;
  const file = path.join(dir, 'pipeline.json');
  const sources = SOURCES.map((s) => ({ ...s, path: path.join(ROOT, 'sample-data', s.path) }));
  fs.writeFileSync(file, JSON.stringify({ ...demo, name: 'queue-test', sources }));
  return file;
}

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8');

describe.skipIf(!REDIS_URL || !POSTGRES_URL)('a run as a flow over worker processes (real Redis + PostgreSQL)', () => {
  let work: string;
  let pipelineFile: string;
  let referenceOut: string;
  let prefix: string;
  let queueDb: TestDb | undefined;
  const procs: SpawnedRecon[] = [];

  beforeAll(async () => {
    ensureBuilt();
    work = tempDir('recon-flow-');
    pipelineFile = writePipeline(work);
    referenceOut = path.join(work, 'reference');
    const reference = await freshDb('postgres');
    try {
      await runPipeline(pipelineFile, { db: reference.db, outDir: referenceOut });
    } finally {
      await reference.cleanup();
    }
    expect(read(referenceOut, 'findings.csv').split('\n').length).toBeGreaterThan(20);
  }, 180_000);

  afterEach(async () => {
    await Promise.all(procs.splice(0).map((p) => stop(p, 'SIGKILL')));
    await dropPrefix(prefix);
    await queueDb?.cleanup();
    queueDb = undefined;
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  function env(extra: Record<string, string> = {}): Record<string, string> {
    return { REDIS_URL: REDIS_URL!, DATABASE_URL: queueDb!.url, RECON_QUEUE_PREFIX: prefix, ...extra };
  }

  it('two workers share the jobs and write what `recon run` writes', async () => {
    prefix = uniquePrefix();
    queueDb = await freshDb('postgres');
    procs.push(spawnRecon(['worker'], env()), spawnRecon(['worker'], env()));
    await Promise.all(procs.map((p) => p.waitForOutput(/worker started/)));

    const out = path.join(work, 'queued');
    const enqueue = spawnRecon(['enqueue', pipelineFile, '--out', out, '--wait'], env({ LOG_LEVEL: 'warn' }));
    const code = await enqueue.exited;
    expect(code, enqueue.output()).toBe(0);
    expect(enqueue.output()).toMatch(/^run 1 completed \(asOf 2024-06-30\): \d+ findings open/m);

    expect(read(out, 'findings.csv')).toBe(read(referenceOut, 'findings.csv'));
    expect(read(out, 'tickets.csv')).toBe(read(referenceOut, 'tickets.csv'));
    expect(read(out, 'rejects.csv')).toBe(read(referenceOut, 'rejects.csv'));
    expect(fs.readdirSync(path.join(out, 'workbooks')).sort()).toEqual(fs.readdirSync(path.join(referenceOut, 'workbooks')).sort());

    // the ingest jobs really were spread over both processes
    const ingestsBy = procs.map((p) => (p.output().match(/"msg":"ingest-source done"/g) ?? []).length);
    expect(ingestsBy.reduce((a, b) => a + b)).toBe(SOURCES.length);
    expect(ingestsBy.every((n) => n > 0), `ingest jobs per worker: ${ingestsBy.join(', ')}`).toBe(true);
    // logs carry queue, job and run, and never an ID number
    expect(procs[0]!.output()).toMatch(/"queue":"ingest","jobId":"run-1-ingest-\d","runId":1/);
    expect(procs.map((p) => p.output()).join('')).not.toMatch(/\d{17}[\dX]/);

    // SIGTERM: each worker closes in order and exits 0
    for (const p of procs) p.child.kill('SIGTERM');
    expect(await Promise.all(procs.map((p) => p.exited))).toEqual([0, 0]);
    expect(procs[0]!.output()).toMatch(/"msg":"worker stopped"/);
  }, 180_000);

  it('a worker SIGKILLed mid-ingest: its job comes back and the run completes with the same output', async () => {
    prefix = uniquePrefix();
    queueDb = await freshDb('postgres');
    // a short lock so the killed worker's job is found stalled within seconds
    const victim = spawnRecon(['worker', '--queues', 'ingest'], env({ WORKER_CONCURRENCY: '1', WORKER_LOCK_MS: '5000' }));
    procs.push(victim);
    await victim.waitForOutput(/worker started/);

    const out = path.join(work, 'after-kill');
    const enqueue = spawnRecon(['enqueue', pipelineFile, '--out', out, '--wait'], env({ LOG_LEVEL: 'warn' }));
    procs.push(enqueue);
    await victim.waitForOutput(/"jobId":"run-1-ingest-0".*"msg":"ingest-source started"/);
    victim.child.kill('SIGKILL');
    await victim.exited;
    expect(victim.output()).not.toMatch(/"jobId":"run-1-ingest-0".*"msg":"ingest-source done"/);

    const survivor = spawnRecon(['worker'], env({ WORKER_LOCK_MS: '5000' }));
    procs.push(survivor);
    const code = await enqueue.exited;
    expect(code, enqueue.output() + survivor.output()).toBe(0);
    // the survivor picked the interrupted job up again
    expect(survivor.output()).toMatch(/"jobId":"run-1-ingest-0".*"msg":"ingest-source done"/);

    expect(read(out, 'findings.csv')).toBe(read(referenceOut, 'findings.csv'));
    expect(read(out, 'tickets.csv')).toBe(read(referenceOut, 'tickets.csv'));
    // the interrupted ingest left nothing behind: each extract stored once, its records once
    const extracts = await queueDb.db.kysely.selectFrom('extract').select(['id', 'rows_accepted']).execute();
    expect(extracts).toHaveLength(SOURCES.length);
    const records = await queueDb.db.kysely.selectFrom('record').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(records.n)).toBe(extracts.reduce((sum, e) => sum + e.rows_accepted, 0));
  }, 240_000);
});
