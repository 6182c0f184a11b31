/** What the ledger takes from a night's evaluation and what it gives back. */
import type { FindingCandidate, RuleCode, TicketCandidate, TicketKind } from '../model/findings.js';
import type { SourceKind } from '../model/records.js';

/** The part of src/rules' Evaluation the ledger reads (the full Evaluation fits it). */
export interface LedgerInput {
  findings: FindingCandidate[];
  tickets: TicketCandidate[];
  /** expense triggers seen tonight: key `${idNumber}|${year}` and the asOf it was first seen */
  expenseTriggersSeen?: readonly { key: string; firstSeen: string }[];
}

export interface LedgerRun {
  id: number;
  asOf: string;
  region: string;
  /** days to assess a ticket (rules.md `ticketDueDays`); default 15 */
  ticketDueDays?: number;
  /** start of the "newly approved / cancelled" window: a trigger that slid out of it never closes an open ticket */
  newSince?: string;
}

/** An assessment row of tonight's assessment extract, kept so it covers households on later nights too. */
export interface ExtractAssessment {
  /** `extractId|row`: the same row read again is stored once */
  sourceKey: string;
  idNumbers: string[];
  assessedAt: string;
  result: string | null;
}

export interface LedgerScope {
  /** county codes present in this run's system extracts within its region */
  counties: string[];
  /** rules whose every source was present */
  rulesRun: RuleCode[];
  /** ticket kinds whose every part ran */
  ticketKindsRun: TicketKind[];
  /**
   * Source kinds this run read: a per-department finding (NAME_MISMATCH|…|education)
   * of an absent source could not have been found, so it never auto-closes. Absent = all present.
   */
  sourcesPresent?: SourceKind[];
  extractAssessments?: ExtractAssessment[];
}

export interface RuleCounts {
  new: number;
  stillOpen: number;
  autoClosed: number;
  reopened: number;
}

export interface KindCounts {
  opened: number;
  stillOpen: number;
  /** assessed + autoClosed */
  closed: number;
  assessed: number;
  autoClosed: number;
}

export interface LedgerResult {
  findings: Partial<Record<RuleCode, RuleCounts>>;
  tickets: Partial<Record<TicketKind, KindCounts>>;
  events: number;
}
