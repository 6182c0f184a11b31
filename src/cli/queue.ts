/**
 * Queue commands: `worker`, `enqueue`, `schedule add|list|remove`,
 * `runs list|show`, `dashboard`. Configured by the environment
 * (src/config/env.ts): REDIS_URL, DATABASE_URL, RECON_QUEUE_PREFIX, …
 */
import path from 'node:path';
import type { Command } from 'commander';
import { defaultDbUrl, loadConfig } from '../config/env.js';
import { openDb } from '../db/migrate.js';
import { InputError } from '../errors.js';
import { listRuns } from '../ledger/queries.js';
import { log } from '../log.js';
import { loadPipeline } from '../pipeline/pipeline-file.js';
import { ALL_QUEUES, QUEUES, type QueueName } from '../queue/definitions.js';
import { handlers, markRunFailed } from '../queue/handlers.js';
import { enqueueRun } from '../queue/producer.js';
import { openQueues } from '../queue/queues.js';
import { describeRun, formatRunLine, formatRunStatus, fromRow } from '../queue/run-status.js';
import { addSchedule, checkTimeZone, listSchedules, removeSchedule } from '../queue/schedules.js';
import { waitForRun } from '../queue/wait-for-run.js';
import { startWorker } from '../queue/workers.js';
import { summaryLine } from './run.js';
import { withDb } from './with-db.js';

export function register(program: Command): void {
  program
    .command('worker')
    .description('Work the queues until SIGTERM (REDIS_URL, DATABASE_URL, RECON_QUEUE_PREFIX, WORKER_CONCURRENCY)')
    .option('--queues <names>', `comma-separated queues to serve (default: all of ${ALL_QUEUES.join(', ')}; the scheduler serves "runs")`)
    .action(async (opts: { queues?: string }) => {
      const config = loadConfig(process.env, ['REDIS_URL', 'DATABASE_URL']);
      const running = await startWorker(config, { handlers, onFinalFailure: markRunFailed, queues: parseQueueList(opts.queues) });
      const signal = await untilSignal();
      // a second signal while closing means "now"
      const now = () => process.exit(1);
      process.once('SIGTERM', now);
      process.once('SIGINT', now);
      log.info({ signal }, 'shutting down');
      await running.close();
    });
  program
    .command('enqueue')
    .description('Enqueue a run of <pipeline.json> for the workers; prints the run id (REDIS_URL, DATABASE_URL)')
    .argument('<pipeline.json>', 'pipeline file (its sources must be readable by the workers)')
    .option('--out <dir>', 'folder for findings.csv, tickets.csv, rejects.csv, summary.json and workbooks', 'out')
    .option('--wait', 'block until the run ends; print the same summary line and exit like `recon run`')
    .option('--db <url>', 'SQLite file or postgres:// URL (default: DATABASE_URL)')
    .action(async (pipelineFile: string, opts: { out: string; wait?: boolean; db?: string }) => {
      const config = loadConfig(envWithDb(opts.db), ['REDIS_URL', 'DATABASE_URL']);
      loadPipeline(pipelineFile); // a bad pipeline fails before any connection is made
      const db = await openDb(config.databaseUrl);
      const queueSet = await openQueues(config.redisUrl, config.queuePrefix).catch(async (err: unknown) => {
        await db.close();
        throw err;
      });
      try {
        const runId = await enqueueRun({ db, queues: queueSet, config }, pipelineFile, { outDir: opts.out });
        if (!opts.wait) {
          process.stdout.write(`run ${runId} enqueued\n`);
          return;
        }
        process.stderr.write(`recon: run ${runId} enqueued; waiting for the workers\n`);
        const ended = await waitForRun(db, queueSet, runId, (line) => process.stderr.write(`recon: ${line}\n`));
        if (ended.status === 'completed') {
          process.stdout.write(`${summaryLine(ended.summary, opts.out)}\n`);
          return;
        }
        throw ended.badInput ? new InputError(`run ${runId} failed: ${ended.reason}`) : new Error(`run ${runId} failed: ${ended.reason}`);
      } finally {
        await queueSet.close();
        await db.close();
      }
    });
  registerRuns(program);
  registerSchedule(program);
  program
    .command('dashboard')
    .description('Serve the Bull Board dashboard of the queues (REDIS_URL, RECON_QUEUE_PREFIX)')
    .option('--port <port>', 'port to listen on (default: PORT or 3000)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--base-path <path>', 'URL path of the dashboard', '/queues')
    .action(async (opts: { port?: string; host: string; basePath: string }) => {
      const config = loadConfig(process.env, ['REDIS_URL']);
      const port = opts.port === undefined ? config.port : Number(opts.port);
      if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new InputError(`--port "${opts.port}": not a port number`);
      const { default: Fastify } = await import('fastify');
      const { mountQueueSetDashboard } = await import('../queue/dashboard.js');
      const queueSet = await openQueues(config.redisUrl, config.queuePrefix);
      const app = Fastify();
      await mountQueueSetDashboard(app, queueSet, opts.basePath);
      await app.listen({ port, host: opts.host });
      process.stderr.write(`recon dashboard: http://${opts.host}:${port}${opts.basePath}\n`);
      await untilSignal();
      await app.close();
      await queueSet.close();
    });
}

function registerRuns(program: Command): void {
  const runs = program.command('runs').description('Runs and their jobs (DATABASE_URL; REDIS_URL for job states)');
  runs
    .command('list')
    .description('The latest runs, newest first')
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'print JSON')
    .option('--db <url>', 'SQLite file or postgres:// URL (default: DATABASE_URL, else recon.sqlite)', defaultDbUrl())
    .action(async (opts: { limit: string; json?: boolean; db: string }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new InputError(`--limit "${opts.limit}": not a positive whole number`);
      loadConfig(envWithDb(opts.db)); // a bad DATABASE_URL is refused as in every queue command
      const rows = (await withDb(opts.db, (db) => listRuns(db, limit))).map(fromRow);
      if (opts.json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
      else if (rows.length === 0) process.stdout.write('no runs\n');
      else process.stdout.write(rows.map(formatRunLine).join('\n') + '\n');
    });
  runs
    .command('show')
    .description('One run: status, per-stage timings, its jobs with progress and failed reasons')
    .argument('<id>', 'run id (see `runs list`)')
    .option('--json', 'print JSON')
    .option('--db <url>', 'SQLite file or postgres:// URL (default: DATABASE_URL, else recon.sqlite)', defaultDbUrl())
    .action(async (id: string, opts: { json?: boolean; db: string }) => {
      const runId = Number(id);
      if (!Number.isInteger(runId) || runId < 1) throw new InputError(`run id "${id}": not a run number`);
      const config = loadConfig(envWithDb(opts.db));
      const status = await withDb(opts.db, async (db) => {
        // job states need Redis; without REDIS_URL the run row alone is shown
        const queueSet = config.redisUrl ? await openQueues(config.redisUrl, config.queuePrefix) : undefined;
        try {
          return await describeRun(db, runId, queueSet);
        } finally {
          await queueSet?.close();
        }
      });
      if (!status) throw new InputError(`run ${runId}: no such run`);
      process.stdout.write(opts.json ? JSON.stringify(status, null, 2) + '\n' : formatRunStatus(status));
    });
}

function registerSchedule(program: Command): void {
  const schedule = program.command('schedule').description('Nightly runs: BullMQ job schedulers (REDIS_URL, RECON_QUEUE_PREFIX)');
  schedule
    .command('add')
    .description('Create or replace a schedule that enqueues a run of <pipeline.json>')
    .argument('<pipeline.json>', 'pipeline file (absolute or relative to here; must be readable by the workers)')
    .requiredOption('--cron <pattern>', 'cron pattern, e.g. "0 2 * * *" (6 fields: seconds first)')
    .option('--tz <zone>', 'IANA time zone of the pattern', 'Asia/Shanghai')
    .option('--id <id>', 'schedule id (default: the pipeline file name)')
    .option('--out <dir>', 'output directory of each run', 'out')
    .action(async (pipelineFile: string, opts: { cron: string; tz: string; id?: string; out: string }) => {
      const config = loadConfig(process.env, ['REDIS_URL']);
      checkTimeZone(opts.tz);
      const id = opts.id ?? path.basename(pipelineFile).replace(/\.json$/i, '');
      const queueSet = await openQueues(config.redisUrl, config.queuePrefix);
      try {
        const info = await addSchedule(queueSet.queues[QUEUES.runs], {
          id,
          pipelinePath: path.resolve(pipelineFile),
          outDir: path.resolve(opts.out),
          cron: opts.cron,
          tz: opts.tz,
          attempts: config.jobAttempts,
          backoffMs: config.jobBackoffMs,
        });
        process.stdout.write(`schedule ${info.id}: "${info.cron}" ${info.tz}, next ${formatTime(info.next)}\n`);
      } finally {
        await queueSet.close();
      }
    });
  schedule
    .command('list')
    .description('List the schedules')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const config = loadConfig(process.env, ['REDIS_URL']);
      const queueSet = await openQueues(config.redisUrl, config.queuePrefix);
      try {
        const all = await listSchedules(queueSet.queues[QUEUES.runs]);
        if (opts.json) {
          process.stdout.write(JSON.stringify(all, null, 2) + '\n');
          return;
        }
        if (all.length === 0) process.stdout.write('no schedules\n');
        for (const s of all) {
          process.stdout.write(
            `${s.id}\t${s.cron ?? `every ${s.every} ms`}\t${s.tz ?? ''}\tnext ${formatTime(s.next)}\truns ${s.iterations}\t${s.pipelinePath ?? ''}\n`,
          );
        }
      } finally {
        await queueSet.close();
      }
    });
  schedule
    .command('remove')
    .description('Remove a schedule (runs already enqueued go on)')
    .argument('<id>', 'schedule id (see `schedule list`)')
    .action(async (id: string) => {
      const config = loadConfig(process.env, ['REDIS_URL']);
      const queueSet = await openQueues(config.redisUrl, config.queuePrefix);
      try {
        if (!(await removeSchedule(queueSet.queues[QUEUES.runs], id))) throw new InputError(`schedule ${id}: no such schedule`);
        process.stdout.write(`schedule ${id}: removed\n`);
      } finally {
        await queueSet.close();
      }
    });
}

/** The environment with `--db` (when given) standing for DATABASE_URL. */
function envWithDb(db: string | undefined): NodeJS.ProcessEnv {
  return db ? { ...process.env, DATABASE_URL: db } : process.env;
}

/** `--queues ingest,evaluate` → queue names, each checked. */
export function parseQueueList(list: string | undefined): QueueName[] {
  if (!list) return ALL_QUEUES;
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of names) {
    if (!(ALL_QUEUES as string[]).includes(name)) throw new InputError(`--queues: unknown queue "${name}" (known: ${ALL_QUEUES.join(', ')})`);
  }
  return names as QueueName[];
}

export function formatTime(ms: number | undefined | null): string {
  return ms ? new Date(ms).toISOString() : '-';
}

/** Resolves on the first SIGTERM or SIGINT. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', on);
      process.off('SIGINT', on);
      resolve(signal);
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}
