/**
 * What `recon runs show` prints: the run row (status, per-stage timings,
 * error) joined with the state of its BullMQ jobs (progress, attempts, failed
 * reasons). The jobs are found by the ids the producer gave them.
 */
import type { Db } from '../db/create-db.js';
import type { RunRow } from '../db/tables/ledger.js';
import { getRun } from '../ledger/queries.js';
import { JOBS, QUEUE_OF, jobIds, type JobName } from './definitions.js';
import type { QueueSet } from './queues.js';

export interface RunJobStatus {
  name: string;
  jobId: string;
  state: string;
  progress: unknown;
  attemptsMade: number;
  attempts: number;
  failedReason?: string;
  /** the job's last log line (why a delayed job waits) */
  note?: string;
  /** the source file (ingest jobs) */
  file?: string;
  processedOn?: number;
  finishedOn?: number;
}

export interface RunStatus {
  id: number;
  name: string;
  region: string;
  asOf: string;
  /** the run row's status (running | completed | failed) */
  status: string;
  startedAt: string;
  finishedAt: string | null;
  timings: Record<string, number>;
  error: string | null;
  /** undefined when Redis was not consulted */
  jobs?: RunJobStatus[];
}

function parseJson<T>(text: string | null, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** The run and, when a queue set is given, its jobs; undefined when there is no such run. */
export async function describeRun(db: Db, runId: number, queueSet?: QueueSet): Promise<RunStatus | undefined> {
  const run = await getRun(db, runId);
  if (!run) return undefined;
  const status = fromRow(run);
  if (queueSet) status.jobs = await runJobs(queueSet, run);
  return status;
}

export function fromRow(run: RunRow): RunStatus {
  return {
    id: run.id,
    name: run.name,
    region: run.region,
    asOf: run.as_of,
    status: run.status,
    startedAt: run.started_at,
    finishedAt: run.finished_at,
    timings: parseJson<Record<string, number>>(run.timings, {}),
    error: run.error,
  };
}

async function runJobs(queueSet: QueueSet, run: RunRow): Promise<RunJobStatus[]> {
  // the run row keeps the pipeline as loaded: its sources say how many ingest jobs there are
  const sourceList = parseJson<{ sources?: { displayName?: string; path?: string }[] }>(run.pipeline, {}).sources ?? [];
  const wanted: { name: JobName; id: string; file?: string }[] = [
    ...sourceList.map((s, i) => ({ name: JOBS.ingestSource, id: jobIds.ingest(run.id, i), file: s.displayName ?? s.path })),
    { name: JOBS.evaluateRun, id: jobIds.evaluate(run.id) },
    { name: JOBS.writeOutputs, id: jobIds.output(run.id) },
  ];
  const found: RunJobStatus[] = [];
  for (const w of wanted) {
    const queue = queueSet.queues[QUEUE_OF[w.name]];
    const job = await queue.getJob(w.id);
    if (!job) {
      found.push({ name: w.name, jobId: w.id, state: 'gone', progress: null, attemptsMade: 0, attempts: 0, ...(w.file ? { file: w.file } : {}) });
      continue;
    }
    const state = await job.getState();
    const logs = state === 'delayed' ? (await queue.getJobLogs(w.id, -1, -1)).logs : [];
    found.push({
      name: w.name,
      jobId: w.id,
      state,
      ...(logs[0] ? { note: logs[0] } : {}),
      progress: job.progress,
      attemptsMade: job.attemptsMade,
      attempts: job.opts.attempts ?? 1,
      ...(job.failedReason ? { failedReason: job.failedReason } : {}),
      ...(w.file ? { file: w.file } : {}),
      ...(job.processedOn ? { processedOn: job.processedOn } : {}),
      ...(job.finishedOn ? { finishedOn: job.finishedOn } : {}),
    });
  }
  return found;
}

function progressText(progress: unknown): string {
  if (typeof progress === 'number') return `${progress}%`;
  if (!progress || typeof progress !== 'object') return '';
  const p = progress as { stage?: string; message?: string; done?: number; total?: number; percent?: number };
  const count = p.total ? `${p.done ?? 0} of ${p.total} (${p.percent ?? 0} %)` : '';
  return [p.stage ? `[${p.stage}]` : '', p.message ?? '', count].filter(Boolean).join(' ');
}

/** Plain text for a person at a terminal. */
export function formatRunStatus(s: RunStatus): string {
  const lines = [
    `run ${s.id}  ${s.name}  region ${s.region}  asOf ${s.asOf}`,
    `status     ${s.status}`,
    `started    ${s.startedAt}`,
    `finished   ${s.finishedAt ?? '-'}`,
  ];
  const timings = Object.entries(s.timings);
  if (timings.length) lines.push(`timings    ${timings.map(([stage, ms]) => `${stage} ${ms} ms`).join(', ')}`);
  if (s.error) lines.push(`error      ${s.error}`);
  if (s.jobs) {
    lines.push('jobs');
    for (const j of s.jobs) {
      const parts = [`  ${j.name.padEnd(14)} ${j.jobId.padEnd(22)} ${j.state}`];
      if (j.file) parts.push(j.file);
      const progress = progressText(j.progress);
      if (progress && j.state === 'active') parts.push(progress);
      if (j.attemptsMade) parts.push(`attempts ${j.attemptsMade}/${j.attempts}`);
      if (j.processedOn && j.finishedOn) parts.push(`${j.finishedOn - j.processedOn} ms`);
      lines.push(parts.join('  '));
      if (j.note) lines.push(`    ${j.note}`);
      if (j.failedReason) lines.push(`    failed: ${j.failedReason}`);
    }
  }
  return lines.join('\n') + '\n';
}

export function formatRunLine(s: RunStatus): string {
  return `${s.id}\t${s.status}\t${s.asOf}\t${s.region}\t${s.startedAt}\t${s.finishedAt ?? '-'}\t${s.name}${s.error ? `\t${s.error}` : ''}`;
}
