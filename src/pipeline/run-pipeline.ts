/**
 * The in-process runner (`recon run`): the same stage functions the queue
 * workers call, in order, keeping the records in memory between stages.
 * A bad pipeline fails before anything is stored; a failure later marks the
 * run failed and leaves the ledger as it was (applyRun is one transaction).
 */
import type { Db } from '../db/create-db.js';
import type { RunSummary } from '../export/summary.js';
import type { IngestResult } from '../ingest/types.js';
import { loadPipeline } from './pipeline-file.js';
import { createRun, evaluateStage, finishRun, ingestStage, outputStage, recordSetOf, type ProgressListener } from './stages.js';

export interface RunOutcome {
  runId: number;
  summary: RunSummary;
  files: string[];
}

export async function runPipeline(
  pipelinePath: string,
  options: { db: Db; outDir: string; onProgress?: ProgressListener },
): Promise<RunOutcome> {
  const { db, outDir, onProgress } = options;
  const pipeline = loadPipeline(pipelinePath);
  const runId = await createRun(db, pipeline);
  try {
    const results: IngestResult[] = [];
    for (const [position, source] of pipeline.sources.entries()) {
      onProgress?.({ stage: 'ingest', message: `reading ${source.displayName} (${position + 1} of ${pipeline.sources.length})`, done: position, total: pipeline.sources.length });
      results.push(await ingestStage(db, runId, source, { position, ...(onProgress ? { onProgress } : {}) }));
    }
    await evaluateStage(db, runId, recordSetOf(results), onProgress);
    const files = await outputStage(db, runId, outDir, onProgress);
    const summary = (await finishRun(db, runId, { outDir })) as RunSummary;
    return { runId, summary, files };
  } catch (err) {
    await finishRun(db, runId, { error: err }).catch(() => undefined);
    throw err;
  }
}
