/** Ledger keys (rules.md): a finding is one per (rule, subject, source); a ticket one per (kind, subject). */
import type { FindingCandidate, TicketCandidate } from '../model/findings.js';

export function findingKey(candidate: Pick<FindingCandidate, 'rule' | 'subject' | 'source'>): string {
  return `${candidate.rule}|${candidate.subject}|${candidate.source}`;
}

export function ticketKey(candidate: Pick<TicketCandidate, 'kind' | 'subject'>): string {
  return `${candidate.kind}|${candidate.subject}`;
}
