/**
 * What the rules stage hands the ledger: candidate findings and tickets for
 * one night. The ledger (src/ledger) turns them into lasting items with
 * statuses and events; outputs.md's CSV columns are read off the ledger.
 */
import type { DeptKind, Place } from './records.js';

export type Level = 'person' | 'household' | 'dept';
export type Severity = 'high' | 'medium' | 'low';

export const RULE_CODES = [
  'ID_INVALID', 'ID_LEGACY_15', 'ID_DUPLICATE', 'ID_ATTR_MISMATCH', 'HOUSEHOLD_HEAD_INVALID', 'FIELD_MISSING',
  'AGE_STAGE_IMPLAUSIBLE', 'NAME_MISMATCH', 'ID_TYPO_SUSPECTED', 'MATCH_AMBIGUOUS', 'DECEASED_STILL_LISTED',
  'MED_UNINSURED', 'MED_FLAG_MISMATCH', 'EDU_COMPULSORY_NOT_ENROLLED', 'EDU_ENROLLED_NOT_RECORDED',
  'EDU_RECORDED_NOT_ENROLLED', 'EDU_STAGE_MISMATCH', 'DIBAO_NOT_RECORDED', 'DIBAO_STALE', 'TEKUN_NOT_RECORDED',
  'TEKUN_STALE', 'NONPOLICY_TO_VERIFY', 'DEV_ASSISTANCE_MISSING', 'DEV_FLAG_UNMARKED', 'ELIMINATED_BELOW_LINE',
  'NO_LABOUR_UNMARKED', 'NO_LABOUR_MISMARKED', 'NO_LABOUR_ELIMINATED',
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

export const TICKET_KINDS = [
  'NEW_AID_UNASSESSED', 'DIBAO_CANCELLED_REVIEW', 'NEW_RISK_AFTER_ELIMINATION', 'MEDICAL_EXPENSE_RISK',
] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];

export type FindingStatus = 'open' | 'in_progress' | 'resolved' | 'dismissed' | 'auto_closed';
export type TicketStatus = 'open' | 'assessed' | 'auto_closed';

/** A file and row that supports a finding or ticket. */
export interface Evidence {
  file: string;
  row: number;
}

export interface FindingCandidate {
  rule: RuleCode;
  /** rules.md "Subject" */
  subject: string;
  /** department kind, or '' for system-only and household rules */
  source: DeptKind | '';
  householdId: string | null;
  /** the system member's name (blank for household rules unless the rule names one) */
  name: string | null;
  /** the system member's normalised ID (null for household rules) */
  idNumber: string | null;
  /** set for ID_TYPO_SUSPECTED, MATCH_AMBIGUOUS, NAME_MISMATCH */
  deptIdNumber: string | null;
  place: Place;
  /** normalised text of the system field(s) the rule reads */
  systemValue: string;
  /** department field(s) the rule reads; several records sorted, de-duplicated, joined with `;` */
  deptValue: string;
  detail: string;
  evidence: Evidence[];
  /** every county code the item concerns (ID_DUPLICATE across counties); at least place.countyCode when set */
  counties: string[];
}

/** One reason a ticket exists (a person's approval, an application, a cancellation, an expense). */
export interface TicketTrigger {
  /** 'dibao approved' | 'dibao applying' | 'tekun approved' | 'tekun applying' | 'dibao ended' | 'expense' … */
  what: string;
  /** normalised ID of the person it concerns */
  idNumber: string;
  name: string;
  /** trigger date; for an expense the asOf of the night it was first seen (ledger memory, see PriorState) */
  date: string;
  /** expense triggers: the 参保年度 (per person and year) */
  year?: number | null;
  evidence: Evidence[];
}

export interface TicketCandidate {
  kind: TicketKind;
  /** rules.md ticket table "key" without the kind: civil head ID, person ID or householdId */
  subject: string;
  householdId: string | null;
  civilHeadIdNumber: string | null;
  headName: string | null;
  /** IDs of every person of the household (system or civil) the ticket is about */
  memberIds: string[];
  /** names to show next to memberIds, same order */
  memberNames: string[];
  place: Place;
  triggers: TicketTrigger[];
  /** the ticket's trigger date: the latest of its triggers' dates */
  triggerDate: string;
  /** summary text for the `trigger` column, e.g. 'dibao approved' */
  trigger: string;
  /**
   * Set when an assessment (extract, workbook or web) dated on/after triggerDate
   * covers it: the ledger then closes an open ticket as assessed, or opens none.
   */
  coveredBy: { assessedAt: string; result: string | null; origin: string; note?: string | null; by?: string | null } | null;
}

/** What the ledger remembers that the rules need (loaded before evaluation). */
export interface PriorState {
  /** assessments stored by earlier runs, workbooks, the web page or the CLI */
  assessments: StoredAssessment[];
  /** expense triggers already seen: key `${idNumber}|${year ?? ''}` → asOf of the night first seen */
  expenseFirstSeen: Map<string, string>;
  /**
   * Keys (`kind|subject`) of tickets open in the ledger: a trigger that slid out of
   * the newSince window must keep an open ticket alive (rules.md), so the rules
   * still emit its candidate. Optional: loadPriorState fills it.
   */
  openTicketKeys?: Set<string>;
}

export interface StoredAssessment {
  /** ID numbers it names: the head's and every member's on the ticket it answered */
  idNumbers: string[];
  assessedAt: string;
  result: string | null;
  origin: 'extract' | 'workbook' | 'web' | 'cli';
  ticketKey: string | null;
}
