/**
 * Tables owned by src/ledger: runs, the discrepancy ledger (finding), research
 * tickets, their events, stored assessments and first-seen expense triggers.
 * Dates are ISO text; JSON columns are text holding JSON (portable to both dialects).
 * Migration: src/db/migrations/2026_11_29_000200_ledger.ts.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface RunTable {
  id: Generated<number>;
  name: string;
  region: string;
  as_of: string;
  /** running | completed | failed */
  status: string;
  /** wall-clock ISO timestamps (the ledger's own dates are asOf) */
  started_at: string;
  finished_at: string | null;
  /** resolved Params, JSON */
  params: string;
  /** the Pipeline as loaded (sources with absolute paths), JSON — lets a worker on another machine go on */
  pipeline: string | null;
  /** evaluation summary (matches, skipped rules/parts, scope), JSON */
  evaluation: string | null;
  /** LedgerResult, JSON */
  ledger: string | null;
  /** per-stage milliseconds, JSON object */
  timings: string | null;
  /** summary.json as written, JSON */
  summary: string | null;
  error: string | null;
}

/** One source of a run: its extract and its ingest summary (IngestResult without records), JSON. */
export interface RunSourceTable {
  run_id: number;
  /** the source's position in the pipeline */
  position: number;
  extract_id: string;
  summary: string;
}

export interface FindingTable {
  /** `rule|subject|source` */
  key: string;
  rule: string;
  level: string;
  severity: string;
  status: string;
  source: string;
  county_code: string | null;
  county: string | null;
  town_code: string | null;
  town: string | null;
  village_code: string | null;
  village: string | null;
  household_id: string | null;
  subject: string;
  name: string | null;
  id_number: string | null;
  dept_id_number: string | null;
  system_value: string;
  dept_value: string;
  detail: string;
  /** Evidence[] JSON */
  evidence: string;
  /** every county code the finding concerns, JSON array */
  counties: string;
  /** the region of the run that last saw it (scope of items with no county) */
  region: string;
  /** hash of what a run writes (place, values, detail, evidence): unchanged items only move last_seen */
  fingerprint: string;
  first_seen: string;
  last_seen: string;
  reopened_count: number;
  note: string | null;
  updated_by: string | null;
  updated_at: string | null;
  last_run_id: number | null;
}

/** One row per county a finding concerns, so a county's list finds cross-county items too. */
export interface FindingCountyTable {
  finding_key: string;
  county_code: string;
  /** 1 on the row of the finding's own county (finding.county_code), 0 on a county it concerns from elsewhere */
  placed: Generated<number>;
}

export interface TicketTable {
  /** `kind|subject` */
  key: string;
  kind: string;
  subject: string;
  status: string;
  county_code: string | null;
  county: string | null;
  town_code: string | null;
  town: string | null;
  village_code: string | null;
  village: string | null;
  household_id: string | null;
  civil_head_id_number: string | null;
  head_name: string | null;
  /** [{ idNumber, name }] JSON */
  members: string;
  /** TicketTrigger[] JSON */
  triggers: string;
  trigger: string;
  trigger_date: string;
  region: string;
  opened_at: string;
  due_at: string;
  last_seen: string;
  result: string | null;
  assessed_at: string | null;
  assessed_by: string | null;
  note: string | null;
  reopened_count: number;
  updated_at: string | null;
  last_run_id: number | null;
}

export interface EventTable {
  id: Generated<number>;
  /** finding | ticket */
  item_type: string;
  item_key: string;
  run_id: number | null;
  at: string;
  by: string;
  action: string;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
}

export interface AssessmentTable {
  id: Generated<number>;
  ticket_key: string | null;
  /** ID numbers it covers, JSON array */
  id_numbers: string;
  assessed_at: string;
  result: string | null;
  /** extract | workbook | web | cli */
  origin: string;
  by: string | null;
  note: string | null;
  /** extract assessments: `extractId|row`, so a re-read extract is stored once */
  source_key: string | null;
}

export interface ExpenseTriggerTable {
  /** `${idNumber}|${year}` */
  key: string;
  first_seen: string;
}

export interface LedgerTables {
  run: RunTable;
  run_source: RunSourceTable;
  finding: FindingTable;
  finding_county: FindingCountyTable;
  ticket: TicketTable;
  event: EventTable;
  assessment: AssessmentTable;
  expense_trigger: ExpenseTriggerTable;
}

export type RunRow = Selectable<RunTable>;
export type FindingRow = Selectable<FindingTable>;
export type NewFinding = Insertable<FindingTable>;
export type FindingUpdate = Updateable<FindingTable>;
export type TicketRow = Selectable<TicketTable>;
export type NewTicket = Insertable<TicketTable>;
export type EventRow = Selectable<EventTable>;
export type NewEvent = Insertable<EventTable>;
export type AssessmentRow = Selectable<AssessmentTable>;
