/**
 * The in-process runner (`recon run`): the same stage functions the queue
 * workers call, in order, keeping the records in memory between stages.
 * A bad pipeline fails before anything is stored; a failure later marks the
 * run failed and leaves the ledger as it was (applyRun is one transaction).
 */
import type { Db } from '../db/create-db.js';
import type { RunSummary } from '../export/summary.js';
import { StoreThread } from '../ingest/index.js';
import type { IngestResult } from '../ingest/types.js';
import { loadPipeline, type Pipeline, type PipelineSource } from './pipeline-file.js';
import { readRun, type SourceSummary } from './run-record.js';
import {
  createRun,
  evaluateStage,
  finishRun,
  ingestStage,
  ingestStageVia,
  outputStage,
  recordSetOf,
  saveSourceSummary,
  type ProgressListener,
} from './stages.js';

export interface RunOutcome {
  runId: number;
  summary: RunSummary;
  files: string[];
}

/**
 * Every source in pipeline order. On a SQLite file the stores run on a store
 * thread (the second core): file k+1 is parsed while file k is written, and
 * the run_source rows are written once every store is committed.
 */
async function ingestAll(db: Db, runId: number, pipeline: Pipeline, onProgress?: ProgressListener): Promise<IngestResult[]> {
  const results: IngestResult[] = [];
  const announce = (position: number, source: PipelineSource) =>
    onProgress?.({ stage: 'ingest', message: `reading ${source.displayName} (${position + 1} of ${pipeline.sources.length})`, done: position, total: pipeline.sources.length });
  const thread = StoreThread.open(db);
  if (!thread) {
    for (const [position, source] of pipeline.sources.entries()) {
      announce(position, source);
      results.push(await ingestStage(db, runId, source, { position, ...(onProgress ? { onProgress } : {}) }));
    }
    return results;
  }
  const summaries: Promise<SourceSummary>[] = [];
  try {
    const run = await readRun(db, runId);
    for (const [position, source] of pipeline.sources.entries()) {
      announce(position, source);
      const { result, summary } = await ingestStageVia(db, run, source, position, thread, onProgress);
      summary.catch(() => undefined); // awaited below; a failure meanwhile must not go unhandled
      results.push(result);
      summaries.push(summary);
    }
    onProgress?.({ stage: 'ingest', message: 'waiting for the last files to be stored' });
    for (const summary of await Promise.all(summaries)) await saveSourceSummary(db, runId, summary);
  } finally {
    // also on failure: every file handed over is committed or rolled back before the run is marked failed
    await thread.close();
  }
  return results;
}

export async function runPipeline(
  pipelineOrPath: Pipeline | string,
  options: { db: Db; outDir: string; onProgress?: ProgressListener },
): Promise<RunOutcome> {
  const { db, outDir, onProgress } = options;
  const pipeline = typeof pipelineOrPath === 'string' ? loadPipeline(pipelineOrPath) : pipelineOrPath;
  const runId = await createRun(db, pipeline);
  try {
    const results = await ingestAll(db, runId, pipeline, onProgress);
    await evaluateStage(db, runId, recordSetOf(results), onProgress);
    const files = await outputStage(db, runId, outDir, onProgress);
    const summary = (await finishRun(db, runId, { outDir })) as RunSummary;
    return { runId, summary, files };
  } catch (err) {
    await finishRun(db, runId, { error: err }).catch(() => undefined);
    throw err;
  }
}
