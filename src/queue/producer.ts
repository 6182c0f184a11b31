/**
 * `enqueueRun`: reads the pipeline (a bad one fails here, before anything is
 * stored), starts the run row, then adds the run as one BullMQ flow:
 *
 *   write-outputs (root)
 *     └─ evaluate-run (matching, rules, ledger)
 *          ├─ ingest-source #0   ┐ children: run in parallel
 *          └─ ingest-source #n   ┘ across workers
 *
 * A parent starts only when its children completed; a child that fails for
 * good fails its parent (failParentOnFailure), so the run fails as a whole.
 *
 * @example
 *   const runId = await enqueueRun({ db, queues, config }, 'pipelines/nightly.json', { outDir: '/out/nightly' });
 */
import path from 'node:path';
import type { Config } from '../config/env.js';
import type { Db } from '../db/create-db.js';
import { log } from '../log.js';
import { loadPipeline } from '../pipeline/pipeline-file.js';
import { createRun, finishRun } from '../pipeline/stages.js';
import type { JobsOptions } from 'bullmq';
import { JOBS, QUEUES, jobIds, payloadSchemas } from './definitions.js';
import type { QueueSet } from './queues.js';

export interface ProducerDeps {
  db: Db;
  queues: QueueSet;
  config: Pick<Config, 'jobAttempts' | 'jobBackoffMs'>;
}

/** The ledger lock's scope: the province of the run's region (a city run and a province run overlap). */
export function scopeOfRegion(region: string): string {
  return region.slice(0, 2);
}

export async function enqueueRun(deps: ProducerDeps, pipelinePath: string, options: { outDir: string }): Promise<number> {
  const pipeline = loadPipeline(pipelinePath);
  const outDir = path.resolve(options.outDir);
  const runId = await createRun(deps.db, pipeline);
  const jobOpts: JobsOptions = {
    attempts: deps.config.jobAttempts,
    backoff: { type: 'exponential', delay: deps.config.jobBackoffMs },
    // a run's jobs stay visible for `runs show` and Bull Board; old ones are trimmed
    removeOnComplete: { age: 14 * 24 * 3600, count: 2000 },
    removeOnFail: { age: 30 * 24 * 3600 },
    // an evaluate job waiting for its scope logs each try: keep the latest few
    keepLogs: 20,
  };
  try {
    await deps.queues.flow.add({
      name: JOBS.writeOutputs,
      queueName: QUEUES.output,
      data: payloadSchemas['write-outputs'].parse({ runId, outDir }),
      opts: { ...jobOpts, jobId: jobIds.output(runId) },
      children: [
        {
          name: JOBS.evaluateRun,
          queueName: QUEUES.evaluate,
          data: payloadSchemas['evaluate-run'].parse({ runId, pipelinePath: pipeline.file, scope: scopeOfRegion(pipeline.params.region) }),
          opts: { ...jobOpts, jobId: jobIds.evaluate(runId), failParentOnFailure: true },
          children: pipeline.sources.map((source, sourceIndex) => ({
            name: JOBS.ingestSource,
            queueName: QUEUES.ingest,
            data: payloadSchemas['ingest-source'].parse({ runId, pipelinePath: pipeline.file, sourceIndex, source }),
            opts: { ...jobOpts, jobId: jobIds.ingest(runId, sourceIndex), failParentOnFailure: true },
          })),
        },
      ],
    });
  } catch (err) {
    // the run row exists but nothing will ever work on it: say so on the row
    await finishRun(deps.db, runId, { error: err }).catch(() => undefined);
    throw err;
  }
  log.info({ runId, sources: pipeline.sources.length, prefix: deps.queues.prefix }, 'run enqueued');
  return runId;
}
