/**
 * `applyRun`: one night's evaluation into the ledger, in ONE transaction under
 * the ledger lock, so two runs never interleave and a failed run leaves the
 * ledger as it was. Every change is an event (by `run N`, at asOf).
 */
import type { Db } from '../db/create-db.js';
import type { NewEvent } from '../db/tables/ledger.js';
import { applyFindings } from './apply-findings.js';
import { applyTickets } from './apply-tickets.js';
import { bulkInsert } from './bulk-insert.js';
import { insertEvents } from './events.js';
import { withLedgerLock, type Tx } from './lock.js';
import type { LedgerInput, LedgerResult, LedgerRun, LedgerScope } from './types.js';

export type { LedgerInput, LedgerResult, LedgerRun, LedgerScope } from './types.js';

export async function applyRun(db: Db, run: LedgerRun, evaluation: LedgerInput, scope: LedgerScope): Promise<LedgerResult> {
  return withLedgerLock(db, run.region, async (trx) => {
    const result: LedgerResult = { findings: {}, tickets: {}, events: 0 };
    const events: NewEvent[] = [];
    await applyFindings(trx, db, run, evaluation.findings, scope, result, events);
    await applyTickets(trx, db, run, evaluation.tickets, scope, result, events);
    await storeExtractAssessments(trx, db, scope);
    await storeExpenseTriggers(trx, db, run, evaluation);
    await insertEvents(trx, db, events);
    result.events = events.length;
    return result;
  });
}

async function storeExtractAssessments(trx: Tx, db: Db, scope: LedgerScope): Promise<void> {
  const rows = (scope.extractAssessments ?? []).map((a) => ({
    ticket_key: null,
    id_numbers: JSON.stringify(a.idNumbers),
    assessed_at: a.assessedAt,
    result: a.result,
    origin: 'extract',
    by: null,
    note: null,
    source_key: a.sourceKey,
  }));
  await bulkInsert(trx, db, 'assessment', rows, { target: ['source_key'] });
}

/** Expense triggers remember the night first seen (the trigger date of an expense). */
async function storeExpenseTriggers(trx: Tx, db: Db, run: LedgerRun, evaluation: LedgerInput): Promise<void> {
  const firstSeen = new Map<string, string>();
  for (const seen of evaluation.expenseTriggersSeen ?? []) firstSeen.set(seen.key, seen.firstSeen);
  if (!evaluation.expenseTriggersSeen) {
    for (const ticket of evaluation.tickets) {
      for (const trigger of ticket.triggers) {
        if (trigger.what !== 'expense') continue;
        const key = `${trigger.idNumber}|${trigger.year ?? ''}`;
        if (!firstSeen.has(key)) firstSeen.set(key, trigger.date || run.asOf);
      }
    }
  }
  const rows = [...firstSeen].map(([key, first_seen]) => ({ key, first_seen }));
  await bulkInsert(trx, db, 'expense_trigger', rows, { target: ['key'] });
}
