/**
 * `recon enqueue --wait`: follows a run until its root job (write-outputs)
 * completes or fails. A failure anywhere in the flow fails the root (children
 * carry failParentOnFailure); the run row then holds the real reason.
 */
import type { Db } from '../db/create-db.js';
import type { RunSummary } from '../export/summary.js';
import { getRun } from '../ledger/queries.js';
import { BAD_INPUT, QUEUES, jobIds } from './definitions.js';
import type { QueueSet } from './queues.js';

export type RunEnd =
  | { status: 'completed'; summary: RunSummary }
  | { status: 'failed'; reason: string; badInput: boolean };

export async function waitForRun(db: Db, queueSet: QueueSet, runId: number, onProgress?: (line: string) => void, pollMs = 500): Promise<RunEnd> {
  const root = jobIds.output(runId);
  let lastLine = '';
  for (;;) {
    const job = await queueSet.queues[QUEUES.output].getJob(root);
    const state = job ? await job.getState() : 'gone';
    if (state === 'completed') {
      const run = await getRun(db, runId);
      if (run?.status === 'completed' && run.summary) return { status: 'completed', summary: JSON.parse(run.summary) as RunSummary };
    }
    if (state === 'failed' || state === 'gone') {
      // the failing job's hook writes the run row just after BullMQ fails the flow: give it a moment
      const run = await waitForRow(db, runId, 3000);
      const reason = run?.error ?? job?.failedReason ?? 'the run\'s jobs are gone from the queue';
      return { status: 'failed', reason: reason.replace(BAD_INPUT, ''), badInput: reason.includes(BAD_INPUT) };
    }
    const line = await progressLine(queueSet, runId);
    if (line && line !== lastLine) onProgress?.(line);
    lastLine = line;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

async function waitForRow(db: Db, runId: number, ms: number) {
  const until = Date.now() + ms;
  for (;;) {
    const run = await getRun(db, runId);
    if (run?.status === 'failed' || Date.now() > until) return run;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** "ingest 3 of 7 done" / "evaluate active" / "outputs active" for the person waiting. */
async function progressLine(queueSet: QueueSet, runId: number): Promise<string> {
  const evaluate = await queueSet.queues[QUEUES.evaluate].getJob(jobIds.evaluate(runId));
  const evaluateState = evaluate ? await evaluate.getState() : 'unknown';
  if (evaluateState === 'waiting-children' && evaluate) {
    const counts = await evaluate.getDependenciesCount();
    const done = counts.processed ?? 0;
    return `[ingest] ${done} of ${done + (counts.unprocessed ?? 0)} files read`;
  }
  if (evaluateState !== 'completed') return `[evaluate] ${evaluateState}`;
  return '[outputs] writing';
}
