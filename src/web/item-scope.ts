/**
 * Server-side authorization of one finding or ticket: out of scope reads as
 * "not found" (404), so a county user cannot even learn that it exists.
 */
import type { FindingRow, TicketRow } from '../db/tables/ledger.js';
import { canSeeCounties, type WebPrincipal } from './scope.js';

function findingCounties(finding: FindingRow): (string | null)[] {
  let listed: string[] = [];
  try {
    const parsed: unknown = JSON.parse(finding.counties);
    if (Array.isArray(parsed)) listed = parsed.filter((c): c is string => typeof c === 'string');
  } catch {
    listed = [];
  }
  return [finding.county_code, ...listed];
}

export function canSeeFinding(user: WebPrincipal, finding: FindingRow): boolean {
  return canSeeCounties(user, findingCounties(finding));
}

export function canSeeTicket(user: WebPrincipal, ticket: TicketRow): boolean {
  return canSeeCounties(user, [ticket.county_code]);
}
