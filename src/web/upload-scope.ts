/**
 * Before a returned workbook is imported, every filled row's item must be in
 * the uploader's scope: the import itself does not know who uploads, and a
 * county must not change another county's items by editing a hidden cell.
 */
import type { Db } from '../db/create-db.js';
import { readAnswerRows } from '../export/workbook/read-answers.js';
import { getFinding, getTicket } from '../ledger/index.js';
import { canSeeFinding, canSeeTicket } from './item-scope.js';
import type { WebPrincipal } from './scope.js';

/** The first filled row naming an item outside the user's scope, or null when all are inside. */
export async function firstRowOutOfScope(db: Db, user: WebPrincipal, file: string): Promise<{ sheet: string; row: number } | null> {
  if (user.role === 'province') return null;
  for await (const row of readAnswerRows(file)) {
    if (!row.item) continue; // unknown rows change nothing; the import reports them
    const allowed = row.item.type === 'finding'
      ? await getFinding(db, row.item.key).then((f) => !f || canSeeFinding(user, f))
      : await getTicket(db, row.item.key).then((t) => !t || canSeeTicket(user, t));
    if (!allowed) return { sheet: row.sheet, row: row.row };
  }
  return null;
}
