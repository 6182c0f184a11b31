/**
 * The stages of a run, one ordinary async function each: the in-process
 * runner calls them in order, a BullMQ processor calls one per job.
 * createRun → ingestStage (per source) → evaluateStage → outputStage → finishRun.
 */
import type { Db } from '../db/create-db.js';
import { ingestFile, ingestSourceVia, loadRecords, type IngestThreads } from '../ingest/index.js';
import type { IngestContext, IngestResult } from '../ingest/types.js';
import { applyRun } from '../ledger/apply-run.js';
import { loadPriorState } from '../ledger/prior-state.js';
import type { ExtractAssessment, LedgerResult } from '../ledger/types.js';
import { scrubText } from '../log.js';
import { TICKET_KINDS, type TicketKind } from '../model/findings.js';
import { SOURCE_KINDS, type AssessmentRecord, type IdNumber, type RecordSet } from '../model/records.js';
import { evaluate, type Evaluation } from '../rules/evaluate.js';
import { writeOutputs, writeSummary } from '../export/outputs.js';
import type { RunSummary } from '../export/summary.js';
import { setHeapGrowth } from './heap-growth.js';
import type { Pipeline, PipelineSource } from './pipeline-file.js';
import { readRun, recordTiming, type EvaluationSummary, type SourceSummary, type StoredRun } from './run-record.js';

/** Progress for a person at a terminal (or a job's progress bar). */
export type ProgressListener = (event: { stage: string; message: string; done?: number; total?: number }) => void;

/** Starts a run (status running): its name, region, asOf, parameters and sources are kept on the row. */
export async function createRun(db: Db, pipeline: Pipeline): Promise<number> {
  const inserted = await db.kysely
    .insertInto('run')
    .values({
      name: pipeline.name,
      region: pipeline.params.region,
      as_of: pipeline.params.asOf,
      status: 'running',
      started_at: new Date().toISOString(),
      finished_at: null,
      params: JSON.stringify(pipeline.params),
      pipeline: JSON.stringify(pipeline),
      evaluation: null,
      ledger: null,
      timings: '{}',
      summary: null,
      error: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

/**
 * Reads one source into the store (ingestFile: on PostgreSQL parsed on a
 * parse thread and stored as it is read) and remembers its summary on the
 * run. The records come back only with `keepRecords` (the in-process runner
 * on PostgreSQL or in memory); a queue's evaluate job loads them back from the store.
 */
export async function ingestStage(
  db: Db,
  runId: number,
  source: PipelineSource,
  options: { position?: number; onProgress?: ProgressListener; keepRecords?: boolean; sharedIds?: Map<string, IdNumber> } = {},
): Promise<IngestResult> {
  const run = await readRun(db, runId);
  const position = options.position ?? run.pipeline.sources.findIndex((s) => s.path === source.path && s.kind === source.kind);
  const started = performance.now();
  const ctx = ingestContext(run, source, options.onProgress, options.sharedIds);
  const result = await ingestFile(db, source, ctx, { keepRecords: options.keepRecords ?? false });
  await saveSourceSummary(db, runId, sourceSummaryOf(position, source, result, started));
  // no recordTiming here: ingest jobs may run in parallel; summary.json sums the sources' own times
  return result;
}

/**
 * The in-process runner's ingest of one source: parsed on the parse thread,
 * stored on the store thread as it is read; resolves once parsed, the store
 * perhaps still running; `summary` (its time: the parse) resolves once it is
 * committed.
 * Nothing may write to the database (run_source included: saveSourceSummary)
 * until every `summary` has settled: the thread holds the write lock.
 */
export async function ingestStageVia(
  db: Db,
  run: StoredRun,
  source: PipelineSource,
  position: number,
  threads: IngestThreads,
  onProgress?: ProgressListener,
  sharedIds?: Map<string, IdNumber>,
): Promise<{ result: IngestResult; summary: Promise<SourceSummary> }> {
  const started = performance.now();
  const { result, stored } = await ingestSourceVia(db, source, ingestContext(run, source, onProgress, sharedIds), threads);
  // the file's time is its parse: its store overlaps it and ends soon after
  const summary = sourceSummaryOf(position, source, result, started);
  return { result, summary: stored.then(() => summary) };
}

function ingestContext(run: StoredRun, source: PipelineSource, progress?: ProgressListener, sharedIds?: Map<string, IdNumber>): IngestContext {
  return {
    params: run.params,
    ...(sharedIds ? { sharedIds } : {}),
    ...(progress ? { onProgress: (rows: number) => progress({ stage: 'ingest', message: `${source.displayName}: ${rows} rows read`, done: rows }) } : {}),
  };
}

function sourceSummaryOf(position: number, source: PipelineSource, result: IngestResult, started: number): SourceSummary {
  return {
    position,
    file: source.displayName,
    kind: source.kind,
    extractId: result.extractId,
    encoding: result.encoding,
    sheet: result.sheet,
    headerRow: result.headerRow,
    read: result.read,
    accepted: result.accepted,
    rejected: result.rejected,
    unreadable: result.unreadable,
    outOfVocabulary: result.outOfVocabulary,
    unresolvedPlaces: result.unresolvedPlaces,
    alreadyIngested: result.alreadyIngested,
    ms: Math.round(performance.now() - started),
  };
}

/** Remembers one source's ingest on the run (run_source). */
export async function saveSourceSummary(db: Db, runId: number, summary: SourceSummary): Promise<void> {
  const json = JSON.stringify(summary);
  await db.kysely
    .insertInto('run_source')
    .values({ run_id: runId, position: summary.position, extract_id: summary.extractId, summary: json })
    .onConflict((oc) => oc.columns(['run_id', 'position']).doUpdateSet({ extract_id: summary.extractId, summary: json }))
    .execute();
}

/** System rows numbered across files in pipeline order (`seq`: the first row of a duplicated ID wins; persons are found by it). */
export function numberSystemRows(records: RecordSet): void {
  records.system.forEach((member, i) => {
    member.seq = i;
  });
}

/**
 * Moves per-file records into one RecordSet in pipeline order (the in-process
 * runner keeps them in memory): each result's list is left empty, so a result
 * still referenced somewhere does not hold a file's records beside the set.
 */
export function recordSetOf(results: readonly Pick<IngestResult, 'kind' | 'records'>[]): RecordSet {
  const set: RecordSet = { system: [], medical: [], education: [], dibao: [], tekun: [], assessment: [], present: new Set() };
  for (const result of results) {
    set.present.add(result.kind);
    const list = set[result.kind] as unknown[];
    // a loop, not push(...records): spreading a million records overflows the stack
    for (const record of result.records) list.push(record);
    result.records.length = 0;
  }
  return set;
}

/** A ticket kind "ran" when none of its parts was skipped: only then may its tickets auto-close. */
function ticketKindsRun(partsSkipped: readonly { part: string }[]): TicketKind[] {
  return TICKET_KINDS.filter((kind) => !partsSkipped.some((skipped) => skipped.part.split(/\s/)[0] === kind));
}

function extractAssessments(rows: readonly AssessmentRecord[]): ExtractAssessment[] {
  return rows
    .filter((row) => row.headId.key !== '' && row.assessedAt)
    .map((row) => ({ sourceKey: `${row.extractId}|${row.row}`, idNumbers: [row.headId.key], assessedAt: row.assessedAt, result: row.result }));
}

/**
 * Matches, applies every rule and ticket kind, and updates the ledger in one
 * transaction. `input`: the records in memory, or extract ids to load (default:
 * the run's own sources, in pipeline order). `writable`: settles once this
 * connection may write (the in-process runner's store thread may still be
 * committing the last files while the rules run); nothing is written before.
 */
export async function evaluateStage(
  db: Db,
  runId: number,
  input?: RecordSet | readonly string[],
  onProgress?: ProgressListener,
  writable: Promise<unknown> = Promise.resolve(),
): Promise<LedgerResult> {
  const run = await readRun(db, runId);
  let started = performance.now();
  const { evaluation, assessments } = await evaluateRecords(db, run, input ?? run.sources.map((s) => s.extractId), onProgress).finally(() => {
    // the night's records (a gigabyte on a city night) are garbage now: collected before the ledger and outputs grow the
    // heap, which then grows as V8 chooses again (the next night's reading)
    collectGarbage();
    setHeapGrowth('reading');
  });
  const kindsRun = ticketKindsRun(evaluation.ticketPartsSkipped);
  const evaluationSummary: EvaluationSummary = {
    rulesRun: evaluation.rulesRun,
    rulesSkipped: evaluation.rulesSkipped,
    ticketKindsRun: kindsRun,
    ticketPartsSkipped: evaluation.ticketPartsSkipped,
    matches: evaluation.matches,
    scopeCounties: evaluation.scopeCounties,
    messages: evaluation.messages,
    findingCandidates: evaluation.findings.length,
    ticketCandidates: evaluation.tickets.length,
  };
  const evaluateMs = performance.now() - started;
  await writable;
  await recordTiming(db, runId, 'evaluate', evaluateMs);

  started = performance.now();
  onProgress?.({ stage: 'ledger', message: `${evaluation.findings.length} findings, ${evaluation.tickets.length} tickets into the ledger` });
  const ledger = await applyRun(
    db,
    { id: runId, asOf: run.params.asOf, region: run.params.region, ticketDueDays: run.params.ticketDueDays, newSince: run.params.newSince },
    evaluation,
    {
      counties: evaluation.scopeCounties,
      rulesRun: evaluation.rulesRun,
      ticketKindsRun: kindsRun,
      sourcesPresent: evaluation.sourcesPresent,
      extractAssessments: assessments,
    },
  );
  await db.kysely
    .updateTable('run')
    .set({ evaluation: JSON.stringify(evaluationSummary), ledger: JSON.stringify(ledger) })
    .where('id', '=', runId)
    .execute();
  await recordTiming(db, runId, 'ledger', performance.now() - started);
  return ledger;
}

/** The rules over the records: the records are out of reach once this returns (the caller must hold none). */
async function evaluateRecords(
  db: Db,
  run: StoredRun,
  input: RecordSet | readonly string[],
  onProgress?: ProgressListener,
): Promise<{ evaluation: Evaluation; assessments: ExtractAssessment[] }> {
  const records = Array.isArray(input) ? await loadRecords(db, [...(input as readonly string[])]) : (input as RecordSet);
  // the night is in: from here the heap grows by 30 % at a time, from a collection now that puts that limit in place
  setHeapGrowth('holding');
  collectGarbage();
  numberSystemRows(records);
  const prior = await loadPriorState(db);
  onProgress?.({ stage: 'evaluate', message: `matching and rules over ${records.system.length} system rows` });
  const evaluation = evaluate(records, run.params, prior, { collect: collectGarbage });
  const assessments = extractAssessments(records.assessment);
  // emptied, not only dropped: a caller's frame suspended at an await may still hold the set itself
  for (const kind of SOURCE_KINDS) records[kind] = [];
  return { evaluation, assessments };
}

/**
 * A full collection now, when Node runs with --expose-gc (bin/recon.js does):
 * V8 would otherwise collect a dead gigabyte only once the heap had grown
 * again by its growing factor, and the process's peak memory with it. It
 * pauses the thread (a second job of the same worker too) for well under a
 * second: most of what it visits is dead.
 */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** findings.csv, tickets.csv, rejects.csv and the county workbooks. */
export async function outputStage(db: Db, runId: number, outDir: string, onProgress?: ProgressListener): Promise<string[]> {
  const started = performance.now();
  onProgress?.({ stage: 'outputs', message: `writing outputs to ${outDir}` });
  const files = await writeOutputs(db, runId, outDir);
  await recordTiming(db, runId, 'outputs', performance.now() - started);
  return files;
}

/**
 * Ends a run: completed (and summary.json written to outDir, when given) or
 * failed with its one-line reason (ID numbers scrubbed).
 */
export async function finishRun(db: Db, runId: number, outcome: { outDir?: string; error?: unknown } = {}): Promise<RunSummary | null> {
  const failed = outcome.error !== undefined;
  const reason = failed ? scrubText(outcome.error instanceof Error ? outcome.error.message : String(outcome.error)) : null;
  await db.kysely
    .updateTable('run')
    .set({ status: failed ? 'failed' : 'completed', finished_at: new Date().toISOString(), error: reason })
    .where('id', '=', runId)
    .execute();
  if (!outcome.outDir) return null;
  const summary = await writeSummary(db, runId, outcome.outDir);
  await db.kysely.updateTable('run').set({ summary: JSON.stringify(summary) }).where('id', '=', runId).execute();
  return summary;
}
