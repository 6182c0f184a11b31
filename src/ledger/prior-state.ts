/** What the rules need from earlier nights: stored assessments, expense triggers' first nights, open tickets. */
import type { Db } from '../db/create-db.js';
import type { PriorState, StoredAssessment } from '../model/findings.js';

export async function loadPriorState(db: Db): Promise<PriorState> {
  const [assessments, expenses, openTickets] = await Promise.all([
    db.kysely.selectFrom('assessment').select(['ticket_key', 'id_numbers', 'assessed_at', 'result', 'origin']).orderBy('id').execute(),
    db.kysely.selectFrom('expense_trigger').select(['key', 'first_seen']).execute(),
    db.kysely.selectFrom('ticket').select('key').where('status', '=', 'open').execute(),
  ]);
  return {
    assessments: assessments.map(
      (row): StoredAssessment => ({
        idNumbers: JSON.parse(row.id_numbers) as string[],
        assessedAt: row.assessed_at,
        result: row.result,
        origin: row.origin as StoredAssessment['origin'],
        ticketKey: row.ticket_key,
      }),
    ),
    expenseFirstSeen: new Map(expenses.map((row) => [row.key, row.first_seen])),
    openTicketKeys: new Set(openTickets.map((row) => row.key)),
  };
}
