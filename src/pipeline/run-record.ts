/**
 * What a run remembers about itself (the `run` and `run_source` rows): the
 * pipeline, each source's ingest summary, the evaluation's summary, the
 * ledger's counts and per-stage timings. summary.json is built from these, so
 * any worker can write the outputs of a run it did not ingest.
 */
import type { IngestResult, SourceStats } from '../ingest/types.js';
import type { Db } from '../db/create-db.js';
import type { RunRow } from '../db/tables/ledger.js';
import type { LedgerResult } from '../ledger/types.js';
import type { RuleCode, TicketKind } from '../model/findings.js';
import type { Params } from '../model/params.js';
import type { SourceKind } from '../model/records.js';
import type { Pipeline } from './pipeline-file.js';

/** One source's ingest summary (IngestResult without its records and rejects). */
export type SourceSummary = SourceStats &
  Pick<IngestResult, 'kind' | 'extractId' | 'encoding' | 'sheet' | 'headerRow' | 'alreadyIngested'> & {
    position: number;
    file: string;
    ms: number;
  };

/** The evaluation's summary (Evaluation without findings and tickets). */
export interface EvaluationSummary {
  rulesRun: RuleCode[];
  rulesSkipped: { rule: RuleCode; reason: string }[];
  ticketKindsRun: TicketKind[];
  ticketPartsSkipped: { part: string; reason: string }[];
  matches: { file: string; kind?: SourceKind; byMethod: Record<string, number> }[];
  scopeCounties: string[];
  messages: string[];
  findingCandidates: number;
  ticketCandidates: number;
}

export interface StoredRun {
  row: RunRow;
  pipeline: Pipeline;
  params: Params;
  sources: SourceSummary[];
  evaluation: EvaluationSummary | null;
  ledger: LedgerResult | null;
  timings: Record<string, number>;
}

export async function readRun(db: Db, runId: number): Promise<StoredRun> {
  const row = await db.kysely.selectFrom('run').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!row) throw new Error(`run ${runId} does not exist`);
  const sources = await db.kysely.selectFrom('run_source').select('summary').where('run_id', '=', runId).orderBy('position').execute();
  return {
    row,
    pipeline: JSON.parse(row.pipeline ?? 'null') as Pipeline,
    params: JSON.parse(row.params) as Params,
    sources: sources.map((s) => JSON.parse(s.summary) as SourceSummary),
    evaluation: row.evaluation ? (JSON.parse(row.evaluation) as EvaluationSummary) : null,
    ledger: row.ledger ? (JSON.parse(row.ledger) as LedgerResult) : null,
    timings: row.timings ? (JSON.parse(row.timings) as Record<string, number>) : {},
  };
}

/** Adds one stage's time to the run (stages of one run run one after another, except ingest, timed per source). */
export async function recordTiming(db: Db, runId: number, stage: string, ms: number): Promise<void> {
  const row = await db.kysely.selectFrom('run').select('timings').where('id', '=', runId).executeTakeFirstOrThrow();
  const timings = row.timings ? (JSON.parse(row.timings) as Record<string, number>) : {};
  timings[stage] = Math.round((timings[stage] ?? 0) + ms);
  await db.kysely.updateTable('run').set({ timings: JSON.stringify(timings) }).where('id', '=', runId).execute();
}
