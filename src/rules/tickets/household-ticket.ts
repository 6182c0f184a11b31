/** A ticket keyed by a system household, listing its living members. */
import type { Household } from '../../match/households.js';
import type { TicketCandidate, TicketKind, TicketTrigger } from '../../model/findings.js';
import { latestDate } from './ticket-kind.js';

export function householdTicket(
  kind: TicketKind,
  household: Household,
  triggers: TicketTrigger[],
  trigger: string,
  coveredBy: TicketCandidate['coveredBy'],
): TicketCandidate {
  const members = household.living.length > 0 ? household.living : household.rows;
  return {
    kind,
    subject: household.householdId,
    householdId: household.householdId,
    civilHeadIdNumber: null,
    headName: household.head?.name ?? household.representative.name,
    memberIds: members.map((member) => member.id.key),
    memberNames: members.map((member) => member.name),
    place: household.place,
    triggers,
    triggerDate: latestDate(triggers),
    trigger,
    coveredBy,
  };
}
