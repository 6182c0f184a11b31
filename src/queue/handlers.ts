/**
 * The handler of each job: parse (done by the worker), call one pipeline
 * stage, report progress, rethrow. No logic lives only here: `recon run`
 * calls the very same stages in one process.
 */
import { DelayedError } from 'bullmq';
import type { Db } from '../db/create-db.js';
import { scrubText } from '../log.js';
import { evaluateStage, finishRun, ingestStage, outputStage, type ProgressListener } from '../pipeline/stages.js';
import type { PipelineSource } from '../pipeline/pipeline-file.js';
import { enqueueRun } from './producer.js';
import { acquireScopeLock } from './scope-lock.js';
import type { HandlerContext, HandlerMap } from './workers.js';

/** What an ingest job returns (kept in Redis, so no records): the parent reads the extract ids from it. */
export interface IngestJobResult {
  sourceIndex: number;
  extractId: string;
  file: string;
  read: number;
  accepted: number;
  rejected: number;
  alreadyIngested: boolean;
}

/** How long an evaluate job waits before trying the scope lock again. */
export const SCOPE_RETRY_MS = 2000;

/** Stage progress → the job's progress, at most every half second (an ingest reports every few hundred rows). */
function progressOf(ctx: HandlerContext): ProgressListener {
  let last = 0;
  return (event) => {
    ctx.log.debug({ stage: event.stage, done: event.done, total: event.total }, scrubText(event.message));
    const now = Date.now();
    if (now - last < 500) return;
    last = now;
    void ctx.progress(event).catch(() => undefined);
  };
}

export const handlers: HandlerMap = {
  async 'start-run'(payload, ctx) {
    if (payload.runId !== undefined) return { runId: payload.runId };
    const runId = await enqueueRun({ db: ctx.db, queues: ctx.queues, config: ctx.config }, payload.pipelinePath, { outDir: payload.outDir });
    await ctx.job.updateData({ ...payload, runId });
    ctx.log.info({ runId, scheduleId: payload.scheduleId }, 'scheduled run enqueued');
    return { runId };
  },

  async 'ingest-source'(payload, ctx): Promise<IngestJobResult> {
    await ctx.progress({ stage: 'ingest', message: `reading ${payload.source.displayName}` });
    const result = await ingestStage(ctx.db, payload.runId, payload.source as PipelineSource, {
      position: payload.sourceIndex,
      onProgress: progressOf(ctx),
    });
    await ctx.progress({ stage: 'ingest', message: `${payload.source.displayName}: ${result.read} rows read`, done: 1, total: 1 });
    return {
      sourceIndex: payload.sourceIndex,
      extractId: result.extractId,
      file: payload.source.displayName,
      read: result.read,
      accepted: result.accepted,
      rejected: result.rejected,
      alreadyIngested: result.alreadyIngested,
    };
  },

  async 'evaluate-run'(payload, ctx) {
    const lock = await acquireScopeLock(ctx.redis, ctx.config.queuePrefix, payload.scope, payload.runId, Math.max(ctx.config.workerLockMs, 30_000));
    if ('heldBy' in lock) {
      // another run of this scope is updating the ledger: wait (delayed, not failed, no attempt used)
      ctx.log.info({ scope: payload.scope, heldBy: lock.heldBy }, 'scope busy: waiting');
      await ctx.job.log(`waiting: run ${lock.heldBy} holds the ledger of scope ${payload.scope}`);
      await ctx.job.moveToDelayed(Date.now() + SCOPE_RETRY_MS, ctx.token);
      throw new DelayedError();
    }
    try {
      const children = Object.values(await ctx.job.getChildrenValues<IngestJobResult>());
      const extractIds = children.sort((a, b) => a.sourceIndex - b.sourceIndex).map((c) => c.extractId);
      await ctx.progress({ stage: 'evaluate', message: `${extractIds.length} extracts`, done: 0, total: 1 });
      const ledger = await evaluateStage(ctx.db, payload.runId, extractIds, progressOf(ctx));
      await ctx.progress({ stage: 'evaluate', message: `${ledger.events} ledger events`, done: 1, total: 1 });
      return { extracts: extractIds.length, events: ledger.events };
    } finally {
      await lock.release();
    }
  },

  async 'write-outputs'(payload, ctx) {
    await ctx.progress({ stage: 'outputs', message: `writing to ${payload.outDir}`, done: 0, total: 1 });
    const files = await outputStage(ctx.db, payload.runId, payload.outDir, progressOf(ctx));
    await finishRun(ctx.db, payload.runId, { outDir: payload.outDir });
    await ctx.progress({ stage: 'outputs', message: `${files.length} files written`, done: 1, total: 1 });
    return { files: files.length, outDir: payload.outDir };
  },
};

/** A job failed for good: its run is failed, with the reason on the run row. */
export async function markRunFailed(db: Db, payload: Record<string, unknown>, reason: string): Promise<void> {
  if (typeof payload.runId !== 'number') return;
  await finishRun(db, payload.runId, { error: reason });
}
