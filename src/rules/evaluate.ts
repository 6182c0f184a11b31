/**
 * The rules stage: match every department record, run every rule and ticket
 * kind whose sources are present. Pure: no I/O, no clock (dates are asOf);
 * with `release` it only lets go of 医保 and 学籍 rows that can make nothing.
 */
import type { FileMatchCounts } from '../match/match-departments.js';
import type { FindingCandidate, PriorState, RuleCode, TicketCandidate } from '../model/findings.js';
import type { Params } from '../model/params.js';
import type { RecordSet, SourceKind } from '../model/records.js';
import { RULE_DEFINITIONS } from './catalogue.js';
import { buildContext, type Release } from './context.js';
import { AssessmentBook } from './tickets/coverage.js';
import { TICKET_KIND_DEFINITIONS } from './tickets/index.js';
import { ExpenseLedger } from './tickets/ticket-kind.js';

export interface Evaluation {
  findings: FindingCandidate[];
  tickets: TicketCandidate[];
  rulesRun: RuleCode[];
  rulesSkipped: { rule: RuleCode; reason: string }[];
  ticketPartsSkipped: { part: string; reason: string }[];
  /** match outcomes per department file: id, id15, fuzzy, prefix15, ambiguous, none */
  matches: FileMatchCounts[];
  /** counties present in this run's system records within params.region: the ledger's scope */
  scopeCounties: string[];
  /** expense triggers of this night, key `${idNumber}|${year ?? ''}` → the night first seen (for PriorState) */
  expenseTriggersSeen: { key: string; firstSeen: string }[];
  messages: string[];
  /** the source kinds this run had (a per-department finding of an absent source could not have been found) */
  sourcesPresent: SourceKind[];
}

function missingSources(sources: readonly SourceKind[], present: Set<SourceKind>): SourceKind[] {
  return sources.filter((source) => !present.has(source));
}

/** `release`: the caller hands the set over, and rows that can make nothing leave it once matched (see buildContext's Release). */
export function evaluate(records: RecordSet, params: Params, prior: PriorState, release?: Release): Evaluation {
  const context = buildContext(records, params, prior, release);
  const present = records.present;
  const evaluation: Evaluation = {
    findings: [],
    tickets: [],
    rulesRun: [],
    rulesSkipped: [],
    ticketPartsSkipped: [],
    matches: context.matchCounts,
    scopeCounties: [],
    expenseTriggersSeen: [],
    messages: [],
    sourcesPresent: [...present],
  };

  for (const rule of RULE_DEFINITIONS) {
    const missing = missingSources(rule.sources, present);
    if (missing.length > 0) {
      evaluation.rulesSkipped.push({ rule: rule.code, reason: `no ${missing.join(', ')} extract` });
      continue;
    }
    if (rule.code === 'ELIMINATED_BELOW_LINE' && params.monitoringLine === null) {
      const reason = 'no monitoringLine parameter';
      evaluation.rulesSkipped.push({ rule: rule.code, reason });
      evaluation.messages.push(`ELIMINATED_BELOW_LINE skipped: ${reason}`);
      continue;
    }
    evaluation.rulesRun.push(rule.code);
    for (const finding of rule.evaluate(context)) evaluation.findings.push(finding);
  }

  const assessments = new AssessmentBook(context);
  const expenses = new ExpenseLedger(context);
  for (const kind of TICKET_KIND_DEFINITIONS) {
    for (const { part, source } of kind.parts) {
      if (!present.has(source)) evaluation.ticketPartsSkipped.push({ part, reason: `no ${source} extract` });
    }
    if (!present.has('system')) continue;
    for (const ticket of kind.evaluate(context, assessments, expenses)) evaluation.tickets.push(ticket);
  }
  evaluation.expenseTriggersSeen = [...expenses.seen].map(([key, firstSeen]) => ({ key, firstSeen }));

  const counties = new Set<string>();
  for (const member of context.records.system) {
    const county = member.place.countyCode;
    if (county && county.startsWith(params.region)) counties.add(county);
  }
  evaluation.scopeCounties = [...counties].sort();
  return evaluation;
}
