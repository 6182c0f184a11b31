/**
 * The in-process runner (`recon run`): the same stage functions the queue
 * workers call, in order, keeping the records in memory between stages.
 * A bad pipeline fails before anything is stored; a failure later marks the
 * run failed and leaves the ledger as it was (applyRun is one transaction).
 */
import type { Db } from '../db/create-db.js';
import type { RunSummary } from '../export/summary.js';
import { ParseThread, StoreThread } from '../ingest/index.js';
import type { IngestResult } from '../ingest/types.js';
import type { IdNumber } from '../model/records.js';
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
 * Every source in pipeline order, each parsed on a parse thread while the
 * main thread decodes its records. On a SQLite file a store thread writes
 * each chunk as it comes, and the rules may run while the last chunks are
 * written; on PostgreSQL the main thread inserts them (ingestFile). `stored` settles once
 * every store is committed, the run_source rows are written and the thread is
 * closed: nothing else may write before (the thread holds the write lock).
 */
async function ingestAll(
  db: Db,
  runId: number,
  pipeline: Pipeline,
  onProgress?: ProgressListener,
): Promise<{ results: IngestResult[]; stored: Promise<void> }> {
  const results: IngestResult[] = [];
  const announce = (position: number, source: PipelineSource) =>
    onProgress?.({ stage: 'ingest', message: `reading ${source.displayName} (${position + 1} of ${pipeline.sources.length})`, done: position, total: pipeline.sources.length });
  const thread = StoreThread.open(db);
  // one IdNumber object per ID across this run's files, dropped once they are read
  const sharedIds = new Map<string, IdNumber>();
  if (!thread) {
    for (const [position, source] of pipeline.sources.entries()) {
      announce(position, source);
      results.push(await ingestStage(db, runId, source, { position, keepRecords: true, sharedIds, ...(onProgress ? { onProgress } : {}) }));
    }
    return { results, stored: Promise.resolve() };
  }
  let parse: ParseThread | null = null;
  const summaries: Promise<SourceSummary>[] = [];
  // also on failure: every file handed over is committed or rolled back, and the threads closed, before anything else writes
  const finish = async () => {
    await parse?.close();
    try {
      for (const summary of await Promise.all(summaries)) await saveSourceSummary(db, runId, summary);
    } finally {
      await thread.close();
    }
  };
  try {
    parse = ParseThread.open();
    const threads = { store: thread, parse };
    const run = await readRun(db, runId);
    for (const [position, source] of pipeline.sources.entries()) {
      announce(position, source);
      const { result, summary } = await ingestStageVia(db, run, source, position, threads, onProgress, sharedIds);
      summary.catch(() => undefined); // awaited in finish; a failure meanwhile must not go unhandled
      results.push(result);
      summaries.push(summary);
    }
    // the rules run synchronously for half a minute: every record is serialised and sent before, so the thread can store meanwhile
    await thread.handedOver();
    // …and copies its log into the database then (not after each file, while parsing needs both cores)
    void thread.checkpoint();
  } catch (err) {
    await finish().catch(() => undefined);
    throw err;
  }
  const stored = finish();
  stored.catch(() => undefined); // the caller awaits it
  return { results, stored };
}

export async function runPipeline(
  pipelineOrPath: Pipeline | string,
  options: { db: Db; outDir: string; onProgress?: ProgressListener },
): Promise<RunOutcome> {
  const { db, outDir, onProgress } = options;
  const pipeline = typeof pipelineOrPath === 'string' ? loadPipeline(pipelineOrPath) : pipelineOrPath;
  const runId = await createRun(db, pipeline);
  let stored: Promise<void> = Promise.resolve();
  try {
    // in a function of its own, so the per-file results (rejects and stats; recordSetOf moves their records) are out of reach once it returns
    await (async () => {
      const ingested = await ingestAll(db, runId, pipeline, onProgress);
      stored = ingested.stored;
      await evaluateStage(db, runId, recordSetOf(ingested.results), onProgress, stored);
    })();
    // the outputs read the database: the records (a gigabyte on a city night) can be collected meanwhile
    const files = await outputStage(db, runId, outDir, onProgress);
    const summary = (await finishRun(db, runId, { outDir })) as RunSummary;
    return { runId, summary, files };
  } catch (err) {
    await stored.catch(() => undefined); // the store thread first: it holds the write lock
    await finishRun(db, runId, { error: err }).catch(() => undefined);
    throw err;
  }
}
