/** Runs evaluate() on in-memory records and picks findings and tickets out of the result. */
import { evaluate, type Evaluation } from '../../../src/rules/evaluate.js';
import type { FindingCandidate, PriorState, RuleCode, TicketCandidate, TicketKind } from '../../../src/model/findings.js';
import type { Params } from '../../../src/model/params.js';
import type { RecordSet } from '../../../src/model/records.js';
import { noPrior, params as defaultParams } from './builders.js';

export function run(records: RecordSet, params: Partial<Params> = {}, prior: PriorState = noPrior()): Evaluation {
  return evaluate(records, defaultParams(params), prior);
}

export function findingsOf(evaluation: Evaluation, rule: RuleCode): FindingCandidate[] {
  return evaluation.findings.filter((finding) => finding.rule === rule);
}

export function ticketsOf(evaluation: Evaluation, kind: TicketKind): TicketCandidate[] {
  return evaluation.tickets.filter((ticket) => ticket.kind === kind);
}
