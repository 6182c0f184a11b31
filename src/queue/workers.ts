/**
 * `startWorker(config)`: one BullMQ Worker per recon queue, each job routed to
 * exactly one handler by name (start-up fails when one is missing). The
 * processor parses the payload with its zod schema, calls the handler (a thin
 * call into a pipeline stage), and rethrows: an InputError becomes an
 * UnrecoverableError (fails without retry), anything else retries with backoff.
 *
 * Shutdown is ordered under a deadline: workers (finish or hand back the
 * current job) → producer queues → Redis → database. Past the deadline the
 * caller is expected to exit the process (the `worker` command does).
 */
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { prettifyError } from 'zod';
import type { Config } from '../config/env.js';
import type { Db } from '../db/create-db.js';
import { openDb } from '../db/migrate.js';
import { InputError } from '../errors.js';
import { log, scrubText, type Logger } from '../log.js';
import { ALL_QUEUES, BAD_INPUT, JOBS, QUEUE_OF, payloadSchemas, type JobName, type Payload, type QueueName } from './definitions.js';
import { redisConnection } from './connection.js';
import { openQueues, type QueueSet } from './queues.js';

export interface HandlerContext {
  db: Db;
  config: Config;
  /** producer side, for handlers that enqueue (start-run) */
  queues: QueueSet;
  /** the worker's own connection, for the scope lock */
  redis: Redis;
  job: Job;
  token: string | undefined;
  log: Logger;
  /** the job's progress: `{ stage, message, done, total, percent }` (percent only when the total is known) */
  progress(update: JobProgressUpdate): Promise<void>;
}

export interface JobProgressUpdate {
  stage: string;
  message?: string;
  done?: number;
  total?: number;
}

export type Handler<N extends JobName> = (payload: Payload<N>, ctx: HandlerContext) => Promise<unknown>;
export type HandlerMap = { [N in JobName]: Handler<N> };

/** Called once when a job has failed for good (no retry left), to mark its run failed. */
export type FinalFailureHook = (db: Db, payload: Record<string, unknown>, reason: string) => Promise<void>;

export interface WorkerOptions {
  handlers: HandlerMap;
  onFinalFailure?: FinalFailureHook;
  /** which queues this process serves (default: all) */
  queues?: QueueName[];
  /** an open database (tests); by default opened from config.databaseUrl and migrated */
  db?: Db;
}

export interface RunningWorker {
  workers: Worker[];
  db: Db;
  queues: QueueSet;
  /** ordered shutdown under config.shutdownTimeoutMs; resolves when everything is closed */
  close(): Promise<void>;
}

/** Fails unless every job name has exactly one handler and nothing else is listed. */
export function checkHandlers(handlers: Partial<Record<string, unknown>>): asserts handlers is HandlerMap {
  const expected = Object.values(JOBS) as string[];
  const missing = expected.filter((name) => typeof handlers[name] !== 'function');
  const unknown = Object.keys(handlers).filter((name) => !expected.includes(name));
  if (missing.length || unknown.length) {
    throw new Error(
      `worker handlers: ${missing.length ? `missing ${missing.join(', ')}` : ''}${missing.length && unknown.length ? '; ' : ''}${unknown.length ? `unknown ${unknown.join(', ')}` : ''}`,
    );
  }
}

export async function startWorker(config: Config, options: WorkerOptions): Promise<RunningWorker> {
  checkHandlers(options.handlers);
  const handlers = options.handlers;
  const serve = options.queues ?? ALL_QUEUES;
  const db = options.db ?? (await openDb(config.databaseUrl));
  const queues = await openQueues(config.redisUrl, config.queuePrefix);
  const redis = redisConnection(config.redisUrl, 'worker');
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));

  const processJob = async (job: Job, token?: string): Promise<unknown> => {
    const name = job.name as JobName;
    if (!(name in payloadSchemas) || QUEUE_OF[name] !== job.queueName) {
      throw new UnrecoverableError(`job ${job.name} does not belong on queue ${job.queueName}`);
    }
    const parsed = payloadSchemas[name].safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`bad ${name} payload: ${prettifyError(parsed.error)}`);
    const payload = parsed.data as Record<string, unknown>;
    const jobLog = log.child({ queue: job.queueName, jobId: job.id, runId: payload.runId });
    const ctx: HandlerContext = {
      db,
      config,
      queues,
      redis,
      job,
      token,
      log: jobLog,
      async progress(update) {
        const { stage, message, done, total } = update;
        await job.updateProgress({
          stage,
          ...(message ? { message: scrubText(message) } : {}),
          ...(done !== undefined ? { done } : {}),
          ...(total ? { total, percent: Math.round(((done ?? 0) / total) * 100) } : {}),
        });
      },
    };
    jobLog.info({ attempt: job.attemptsMade + 1 }, `${name} started`);
    const started = Date.now();
    try {
      const result = await (handlers[name] as Handler<JobName>)(parsed.data as Payload<JobName>, ctx);
      jobLog.info({ ms: Date.now() - started }, `${name} done`);
      return result;
    } catch (err) {
      if (err instanceof DelayedError) throw err;
      const message = scrubText(err instanceof Error ? err.message : String(err));
      jobLog.error({ err: message, attempt: job.attemptsMade + 1 }, `${name} failed`);
      // bad input does not get better by retrying
      if (err instanceof InputError) throw new UnrecoverableError(BAD_INPUT + message);
      // BullMQ keeps the reason and the stack in Redis and shows them: no ID number may stay in either
      if (err instanceof Error) {
        err.message = message;
        if (err.stack) err.stack = scrubText(err.stack);
        throw err;
      }
      throw new Error(message);
    }
  };

  const workers = serve.map((queueName) => {
    const worker = new Worker(queueName, processJob, {
      connection: redis,
      prefix: config.queuePrefix,
      concurrency: config.workerConcurrency,
      lockDuration: config.workerLockMs,
      stalledInterval: config.workerLockMs,
      maxStalledCount: 2,
      autorun: false,
    });
    worker.on('failed', (job, err) => {
      // a parent failed because a child did (deferredFailure): the child already marked the run with the real reason
      if (!job || job.deferredFailure) return;
      const final = err instanceof UnrecoverableError || err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
      if (!final || !options.onFinalFailure) return;
      const data = (job.data ?? {}) as Record<string, unknown>;
      options.onFinalFailure(db, data, `${job.name}: ${scrubText(err.message)}`).catch((hookErr: unknown) =>
        log.error({ err: String(hookErr), jobId: job.id }, 'could not mark the run failed'),
      );
    });
    worker.on('error', (err) => log.error({ queue: queueName, err: scrubText(err.message) }, 'worker error'));
    return worker;
  });
  for (const worker of workers) void worker.run();
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  log.info({ queues: serve, concurrency: config.workerConcurrency, prefix: config.queuePrefix }, 'worker started');

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= shutdown(config.shutdownTimeoutMs, workers, queues, redis, options.db ? undefined : db);
    return closing;
  };
  return { workers, db, queues, close };
}

async function shutdown(deadlineMs: number, workers: Worker[], queues: QueueSet, redis: Redis, db: Db | undefined): Promise<void> {
  const startedAt = Date.now();
  const left = () => Math.max(0, deadlineMs - (Date.now() - startedAt));
  // workers first: let the current jobs finish; past the deadline force them (their lock lapses and another worker takes the job)
  const graceful = Promise.all(workers.map((w) => w.close()));
  const finished = await Promise.race([graceful.then(() => true), delay(left()).then(() => false)]);
  if (!finished) {
    // a job still running cannot be interrupted: drop the Redis connections so it can neither complete nor
    // fail, and leave; its lock lapses and another worker takes it up (an ingest stores nothing twice)
    log.warn('shutdown deadline passed: handing back unfinished jobs');
    for (const w of workers) void w.close(true).catch(() => undefined);
    redis.disconnect();
    queues.redis.disconnect();
    log.info({ ms: Date.now() - startedAt }, 'worker stopped');
    return;
  }
  await queues.close();
  await redis.quit().catch(() => redis.disconnect());
  if (db) await db.close();
  log.info({ ms: Date.now() - startedAt }, 'worker stopped');
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
