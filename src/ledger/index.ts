/** The ledger's public functions: the CLI, the workbook import, the web page and the runs all call these. */
export { applyRun } from './apply-run.js';
export type { LedgerInput, LedgerResult, LedgerRun, LedgerScope, ExtractAssessment, RuleCounts, KindCounts } from './types.js';
export { loadPriorState } from './prior-state.js';
export { setFindingStatus, SETTABLE_FINDING_STATUSES, type ChangeOutcome, type Expectation, type FindingStatusChange } from './finding-status.js';
export { assessTicket, ASSESSMENT_RESULTS, type TicketAssessment } from './assess-ticket.js';
export * from './queries.js';
export { findingKey, ticketKey } from './keys.js';
