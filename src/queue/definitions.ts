/**
 * Queue and job names, and one zod schema per job payload: validated before
 * `add` (producer) and parsed again in the processor (a payload written by
 * another version, or by hand in Bull Board, fails without retry).
 *
 * A run is a BullMQ flow: `write-outputs` (root) ← `evaluate-run` ← one
 * `ingest-source` per source file. A schedule adds `start-run` jobs, whose
 * handler enqueues that flow.
 */
import { z } from 'zod';
import { SOURCE_KINDS } from '../model/records.js';

export const QUEUES = {
  runs: 'runs',
  ingest: 'ingest',
  evaluate: 'evaluate',
  output: 'output',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
export const ALL_QUEUES: QueueName[] = Object.values(QUEUES);

export const JOBS = {
  startRun: 'start-run',
  ingestSource: 'ingest-source',
  evaluateRun: 'evaluate-run',
  writeOutputs: 'write-outputs',
} as const;
export type JobName = (typeof JOBS)[keyof typeof JOBS];

/** which queue each job runs on */
export const QUEUE_OF: Record<JobName, QueueName> = {
  'start-run': QUEUES.runs,
  'ingest-source': QUEUES.ingest,
  'evaluate-run': QUEUES.evaluate,
  'write-outputs': QUEUES.output,
};

const runId = z.number().int().positive();
const absolutePath = z.string().min(1).refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), 'must be an absolute path');

/** a source of the loaded pipeline (PipelineSource: its path resolved), as the ingest stage takes it */
export const sourceSchema = z.object({
  kind: z.enum(SOURCE_KINDS),
  path: absolutePath,
  displayName: z.string().min(1),
  encoding: z.string().optional(),
  sheet: z.string().optional(),
});

export const payloadSchemas = {
  'start-run': z.object({
    pipelinePath: absolutePath,
    outDir: absolutePath,
    scheduleId: z.string().optional(),
    /** set once the run is enqueued, so a retried start-run job does not start a second run */
    runId: runId.optional(),
  }),
  'ingest-source': z.object({
    runId,
    pipelinePath: absolutePath,
    sourceIndex: z.number().int().nonnegative(),
    source: sourceSchema,
  }),
  'evaluate-run': z.object({
    runId,
    pipelinePath: absolutePath,
    scope: z.string().min(1),
  }),
  'write-outputs': z.object({
    runId,
    outDir: absolutePath,
  }),
} satisfies Record<JobName, z.ZodType>;

export type Payload<N extends JobName> = z.infer<(typeof payloadSchemas)[N]>;

/** Job ids derived from the run, so `runs show` can find every job of a run (BullMQ ids may not contain ':'). */
export const jobIds = {
  ingest: (id: number, index: number) => `run-${id}-ingest-${index}`,
  evaluate: (id: number) => `run-${id}-evaluate`,
  output: (id: number) => `run-${id}-output`,
};

/** Prefix of a failed reason that came from bad input (an InputError in a stage): failed without retry. */
export const BAD_INPUT = 'bad input: ';
