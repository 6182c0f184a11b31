/**
 * A person changes a finding's status (CLI, workbook, web page all call this).
 * Dismissing needs a reason. `expect` is what the caller saw (status and
 * reopened count): if the item moved since, nothing changes and the caller is told.
 */
import type { Db } from '../db/create-db.js';
import type { FindingRow } from '../db/tables/ledger.js';
import { InputError } from '../errors.js';
import { isIsoDate } from './dates.js';
import { maskKey } from './mask-key.js';
import { withTransaction } from './lock.js';

/** Statuses a person may set (auto_closed is the runs' alone). */
export const SETTABLE_FINDING_STATUSES = ['open', 'in_progress', 'resolved', 'dismissed'] as const;
export type SettableFindingStatus = (typeof SETTABLE_FINDING_STATUSES)[number];

export interface Expectation {
  status: string;
  reopenedCount: number;
}

export interface FindingStatusChange {
  by: string;
  note?: string | null;
  /** the date of the change (ISO), e.g. the 核实日期 */
  at: string;
  expect?: Expectation;
}

/** updated: the change was made; unchanged: it was already so; stale: the item changed since the caller looked */
export type ChangeOutcome = 'updated' | 'unchanged' | 'stale';

export async function setFindingStatus(
  db: Db,
  key: string,
  status: string,
  change: FindingStatusChange,
): Promise<{ outcome: ChangeOutcome; finding: FindingRow }> {
  if (!(SETTABLE_FINDING_STATUSES as readonly string[]).includes(status)) {
    throw new InputError(`status "${status}" is not one of ${SETTABLE_FINDING_STATUSES.join(', ')}`);
  }
  const by = change.by?.trim();
  if (!by) throw new InputError('who made the change (--by) is required');
  if (!isIsoDate(change.at)) throw new InputError(`date "${change.at}" is not a date (YYYY-MM-DD)`);
  const note = change.note?.trim() || null;
  if (status === 'dismissed' && !note) throw new InputError('dismissing a finding needs a reason (--note)');

  return withTransaction(db, async (trx) => {
    const row = await trx.selectFrom('finding').selectAll().where('key', '=', key).executeTakeFirst();
    if (!row) throw new InputError(`finding ${maskKey(key)} is not in the ledger`);
    if (row.status === status && (note === null || row.note === note)) return { outcome: 'unchanged' as const, finding: row };
    if (change.expect && (row.status !== change.expect.status || row.reopened_count !== change.expect.reopenedCount)) {
      return { outcome: 'stale' as const, finding: row };
    }
    const updated = { status, note: note ?? row.note, updated_by: by, updated_at: change.at };
    await trx.updateTable('finding').set(updated).where('key', '=', key).execute();
    await trx
      .insertInto('event')
      .values({ item_type: 'finding', item_key: key, run_id: null, at: change.at, by, action: 'status', from_status: row.status, to_status: status, note })
      .execute();
    return { outcome: 'updated' as const, finding: { ...row, ...updated } };
  });
}
