/**
 * Nightly schedules: BullMQ 6 job schedulers on the `runs` queue. Each fires a
 * `start-run` job (pipeline path + out dir); its handler enqueues the run's
 * flow. A worker on the `runs` queue (the compose "scheduler") keeps them going.
 *
 * @example
 *   await addSchedule(queue, { id: 'jinan', pipelinePath: '/p/nightly.json', outDir: '/out', cron: '0 2 * * *', tz: 'Asia/Shanghai' });
 */
import type { Queue } from 'bullmq';
import { InputError } from '../errors.js';
import { JOBS, payloadSchemas, type Payload } from './definitions.js';

export interface ScheduleSpec {
  id: string;
  pipelinePath: string;
  outDir: string;
  /** cron pattern (5 fields, or 6 with seconds first) */
  cron: string;
  tz: string;
  attempts?: number;
  backoffMs?: number;
}

export interface ScheduleInfo {
  id: string;
  cron: string | undefined;
  tz: string | undefined;
  every: number | undefined;
  /** the next firing, ms since the epoch */
  next: number | undefined;
  iterations: number;
  pipelinePath: string | undefined;
  outDir: string | undefined;
}

const SCHEDULE_ID = /^[A-Za-z0-9._-]+$/;

export function checkTimeZone(tz: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    throw new InputError(`--tz: unknown time zone "${tz}" (use an IANA name such as Asia/Shanghai)`);
  }
}

/** Creates or replaces the schedule `spec.id`; returns what is stored. */
export async function addSchedule(queue: Queue, spec: ScheduleSpec): Promise<ScheduleInfo> {
  if (!SCHEDULE_ID.test(spec.id)) throw new InputError(`schedule id "${spec.id}": letters, digits, '.', '_' and '-' only`);
  checkTimeZone(spec.tz);
  const fields = spec.cron.trim().split(/\s+/);
  if (fields.length < 5 || fields.length > 6) {
    throw new InputError(`--cron "${spec.cron}": a cron pattern has 5 fields (or 6 with seconds first)`);
  }
  const data: Payload<'start-run'> = payloadSchemas['start-run'].parse({
    pipelinePath: spec.pipelinePath,
    outDir: spec.outDir,
    scheduleId: spec.id,
  });
  try {
    await queue.upsertJobScheduler(
      spec.id,
      { pattern: spec.cron, tz: spec.tz },
      {
        name: JOBS.startRun,
        data,
        opts: {
          attempts: spec.attempts ?? 3,
          backoff: { type: 'exponential', delay: spec.backoffMs ?? 5000 },
          removeOnComplete: { count: 100 },
          removeOnFail: { count: 500 },
        },
      },
    );
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    if (/cron|pattern|invalid|range/i.test(why)) throw new InputError(`--cron "${spec.cron}": ${why}`);
    throw err;
  }
  const stored = await getSchedule(queue, spec.id);
  if (!stored) throw new Error(`schedule ${spec.id} was not stored`);
  return stored;
}

export async function getSchedule(queue: Queue, id: string): Promise<ScheduleInfo | undefined> {
  const found = await queue.getJobScheduler(id);
  return found ? toInfo(id, found) : undefined;
}

export async function listSchedules(queue: Queue): Promise<ScheduleInfo[]> {
  const all = await queue.getJobSchedulers(0, -1, true);
  return all.map((s) => toInfo(s.id ?? s.key, s)).sort((a, b) => a.id.localeCompare(b.id));
}

/** Removes a schedule; false when there was none by that id. */
export async function removeSchedule(queue: Queue, id: string): Promise<boolean> {
  return queue.removeJobScheduler(id);
}

function toInfo(id: string, s: Awaited<ReturnType<Queue['getJobScheduler']>> & object): ScheduleInfo {
  const template = payloadSchemas['start-run'].safeParse(s.template?.data);
  return {
    id,
    cron: s.pattern,
    tz: s.tz,
    every: s.every,
    next: s.next ?? undefined,
    iterations: s.iterationCount ?? 0,
    pipelinePath: template.success ? template.data.pipelinePath : undefined,
    outDir: template.success ? template.data.outDir : undefined,
  };
}
