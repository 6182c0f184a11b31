/**
 * A person records a ticket's assessment (研判). It closes the ticket as
 * `assessed` and is stored with the ticket's subject and member IDs, so the
 * same household stays covered on later nights (rules.md "Research tickets").
 */
import type { Db } from '../db/create-db.js';
import type { TicketRow } from '../db/tables/ledger.js';
import { InputError } from '../errors.js';
import { isIsoDate } from './dates.js';
import type { ChangeOutcome, Expectation } from './finding-status.js';
import { withTransaction } from './lock.js';
import { maskKey } from './mask-key.js';

export const ASSESSMENT_RESULTS = ['纳入监测', '不符合条件', '已是监测对象', '其他'] as const;
export type AssessmentResult = (typeof ASSESSMENT_RESULTS)[number];

export interface TicketAssessment {
  result: string;
  by: string;
  note?: string | null;
  /** 研判日期 (ISO); must not be before the ticket's trigger date */
  assessedAt: string;
  origin?: 'workbook' | 'web' | 'cli';
  expect?: Expectation;
}

/** The IDs an assessment of this ticket covers: the civil head, the members, an ID subject. */
function coveredIds(ticket: TicketRow): string[] {
  const members = JSON.parse(ticket.members) as { idNumber: string }[];
  const ids = new Set<string>();
  if (ticket.civil_head_id_number) ids.add(ticket.civil_head_id_number);
  for (const member of members) if (member.idNumber) ids.add(member.idNumber);
  if (ticket.subject !== ticket.household_id) ids.add(ticket.subject);
  return [...ids];
}

export async function assessTicket(
  db: Db,
  key: string,
  assessment: TicketAssessment,
): Promise<{ outcome: ChangeOutcome; ticket: TicketRow }> {
  if (!(ASSESSMENT_RESULTS as readonly string[]).includes(assessment.result)) {
    throw new InputError(`研判结论 "${assessment.result}" is not one of ${ASSESSMENT_RESULTS.join(' / ')}`);
  }
  const by = assessment.by?.trim();
  if (!by) throw new InputError('研判人 (--by) is required');
  if (!isIsoDate(assessment.assessedAt)) throw new InputError(`研判日期 "${assessment.assessedAt}" is not a date (YYYY-MM-DD)`);
  const note = assessment.note?.trim() || null;

  return withTransaction(db, async (trx) => {
    const row = await trx.selectFrom('ticket').selectAll().where('key', '=', key).executeTakeFirst();
    if (!row) throw new InputError(`ticket ${maskKey(key)} is not in the ledger`);
    if (assessment.assessedAt < row.trigger_date) {
      throw new InputError(`研判日期 ${assessment.assessedAt} is before the ticket's trigger date ${row.trigger_date}`);
    }
    if (row.status === 'assessed' && row.result === assessment.result && row.assessed_at === assessment.assessedAt) {
      return { outcome: 'unchanged' as const, ticket: row };
    }
    if (assessment.expect && (row.status !== assessment.expect.status || row.reopened_count !== assessment.expect.reopenedCount)) {
      return { outcome: 'stale' as const, ticket: row };
    }
    const updated = {
      status: 'assessed',
      result: assessment.result,
      assessed_at: assessment.assessedAt,
      assessed_by: by,
      note: note ?? row.note,
      updated_at: assessment.assessedAt,
    };
    await trx.updateTable('ticket').set(updated).where('key', '=', key).execute();
    await trx
      .insertInto('assessment')
      .values({
        ticket_key: key,
        id_numbers: JSON.stringify(coveredIds(row)),
        assessed_at: assessment.assessedAt,
        result: assessment.result,
        origin: assessment.origin ?? 'cli',
        by,
        note,
        source_key: null,
      })
      .execute();
    await trx
      .insertInto('event')
      .values({
        item_type: 'ticket',
        item_key: key,
        run_id: null,
        at: assessment.assessedAt,
        by,
        action: 'assessed',
        from_status: row.status,
        to_status: 'assessed',
        note: [assessment.result, note].filter(Boolean).join(': '),
      })
      .execute();
    return { outcome: 'updated' as const, ticket: { ...row, ...updated } };
  });
}
