/** Ledger keys (rules.md): a finding is one per (rule, subject, source); a ticket one per (kind, subject). */
import type { FindingCandidate, TicketCandidate } from '../model/findings.js';
import type { Place } from '../model/records.js';

export function findingKey(candidate: Pick<FindingCandidate, 'rule' | 'subject' | 'source'>): string {
  return `${candidate.rule}|${candidate.subject}|${candidate.source}`;
}

export function ticketKey(candidate: Pick<TicketCandidate, 'kind' | 'subject'>): string {
  return `${candidate.kind}|${candidate.subject}`;
}

/** The ledger's place columns of a finding or ticket. */
export function placeColumns(place: Place) {
  return {
    county_code: place.countyCode,
    county: place.county,
    town_code: place.townCode,
    town: place.town,
    village_code: place.villageCode,
    village: place.village,
  };
}
