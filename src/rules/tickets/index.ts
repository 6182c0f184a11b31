/** The research-ticket kinds; adding a kind touches this list only. */
import { dibaoCancelledReview } from './dibao-cancelled-review.js';
import { medicalExpenseRisk } from './medical-expense-risk.js';
import { newAidUnassessed } from './new-aid-unassessed.js';
import { newRiskAfterElimination } from './new-risk-after-elimination.js';
import type { TicketKindDefinition } from './ticket-kind.js';

export const TICKET_KIND_DEFINITIONS: readonly TicketKindDefinition[] = [
  newAidUnassessed,
  dibaoCancelledReview,
  newRiskAfterElimination,
  medicalExpenseRisk,
];
