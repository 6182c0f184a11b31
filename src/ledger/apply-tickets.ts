/**
 * The ticket half of a nightly ledger update (rules.md "Research tickets" and
 * "The ledger across runs"): open → assessed when an assessment covers it,
 * open → auto_closed when its trigger is gone (within scope), a closed ticket
 * opens a new cycle only for a trigger no assessment covers.
 */
import type { Db } from '../db/create-db.js';
import type { NewEvent, NewTicket, TicketRow } from '../db/tables/ledger.js';
import type { TicketCandidate, TicketKind, TicketTrigger } from '../model/findings.js';
import { bulkInsert, bulkUpdateByKey, bulkUpdateRows } from './bulk-insert.js';
import { addDays } from './dates.js';
import { ticketKey, placeColumns } from './keys.js';
import type { Tx } from './lock.js';
import { inRunScope } from './scope.js';
import type { KindCounts, LedgerResult, LedgerRun, LedgerScope } from './types.js';

/** Triggers that count only inside the newSince window (approvals and cancellations; applications and expenses do not). */
const WINDOWED_TRIGGERS = new Set(['dibao approved', 'tekun approved', 'dibao ended']);

/**
 * rules.md: "A trigger that slides out of the newSince window never closes an
 * open ticket" — when every trigger the ticket had is a windowed one dated
 * before tonight's newSince, its absence says nothing about the roster.
 */
function slidOutOfWindow(triggersJson: string, newSince: string | undefined): boolean {
  if (!newSince) return false;
  const triggers = JSON.parse(triggersJson) as TicketTrigger[];
  return triggers.length > 0 && triggers.every((t) => WINDOWED_TRIGGERS.has(t.what) && t.date < newSince);
}

function countsFor(result: LedgerResult, kind: TicketKind): KindCounts {
  return (result.tickets[kind] ??= { opened: 0, stillOpen: 0, closed: 0, assessed: 0, autoClosed: 0 });
}

/** The columns a night refreshes on a ticket it sees (members, triggers, place). */
function refreshed(candidate: TicketCandidate, run: LedgerRun) {
  return {
    ...placeColumns(candidate.place),
    household_id: candidate.householdId,
    civil_head_id_number: candidate.civilHeadIdNumber,
    head_name: candidate.headName,
    members: JSON.stringify(candidate.memberIds.map((idNumber, i) => ({ idNumber, name: candidate.memberNames[i] ?? '' }))),
    triggers: JSON.stringify(candidate.triggers),
    trigger: candidate.trigger,
    trigger_date: candidate.triggerDate,
    region: run.region,
    last_seen: run.asOf,
    last_run_id: run.id,
  };
}

export async function applyTickets(
  trx: Tx,
  db: Db,
  run: LedgerRun,
  candidates: readonly TicketCandidate[],
  scope: LedgerScope,
  result: LedgerResult,
  events: NewEvent[],
): Promise<void> {
  const by = `run ${run.id}`;
  const dueDays = run.ticketDueDays ?? 15;
  /** a cycle opened tonight, first or again: open, due in dueDays, nothing assessed yet */
  const newCycle = {
    status: 'open' as const,
    opened_at: run.asOf,
    due_at: addDays(run.asOf, dueDays),
    result: null,
    assessed_at: null,
    assessed_by: null,
    note: null,
  };
  const event = (key: string, action: string, from: string | null, to: string, note: string): void => {
    events.push({ item_type: 'ticket', item_key: key, run_id: run.id, at: run.asOf, by, action, from_status: from, to_status: to, note });
  };
  const stored = await trx.selectFrom('ticket').selectAll().execute();
  const ledger = new Map<string, TicketRow>(stored.map((row) => [row.key, row]));
  const seen = new Set<string>();
  // each kind of change is written in bulk once every decision is made
  const opened: NewTicket[] = [];
  const refreshedOpen: Record<string, unknown>[] = [];
  const assessed: Record<string, unknown>[] = [];
  const seenClosed: string[] = [];
  const newCycles: Record<string, unknown>[] = [];
  const autoClosed: string[] = [];

  for (const candidate of candidates) {
    const key = ticketKey(candidate);
    if (seen.has(key)) continue;
    seen.add(key);
    const counts = countsFor(result, candidate.kind);
    const prev = ledger.get(key);
    const covered = candidate.coveredBy;
    const fresh = refreshed(candidate, run);
    if (!prev) {
      if (covered) continue; // already covered when first seen: no ticket
      const row: NewTicket = {
        key,
        kind: candidate.kind,
        subject: candidate.subject,
        ...fresh,
        ...newCycle,
        reopened_count: 0,
        updated_at: null,
      };
      opened.push(row);
      counts.opened++;
      event(key, 'opened', null, 'open', `${candidate.trigger} on ${candidate.triggerDate}`);
    } else if (prev.status === 'open') {
      if (covered) {
        assessed.push({
          key,
          ...fresh,
          status: 'assessed',
          result: covered.result,
          assessed_at: covered.assessedAt,
          assessed_by: covered.by ?? covered.origin,
          note: covered.note ?? prev.note,
        });
        counts.assessed++;
        counts.closed++;
        event(key, 'assessed', 'open', 'assessed', `covered by an assessment (${covered.origin}) dated ${covered.assessedAt}`);
      } else {
        refreshedOpen.push({ key, ...fresh });
        counts.stillOpen++;
      }
    } else if (covered) {
      seenClosed.push(key);
    } else {
      // closed, and a trigger appeared that no assessment covers: a new cycle
      newCycles.push({
        key,
        ...fresh,
        ...newCycle,
        reopened_count: prev.reopened_count + 1,
      });
      counts.opened++;
      event(key, 'reopened', prev.status, 'open', `new cycle: ${candidate.trigger} on ${candidate.triggerDate} is not covered by an assessment`);
    }
  }

  const kindsRun = new Set<string>(scope.ticketKindsRun);
  const scopeCounties = new Set(scope.counties);
  for (const row of stored) {
    if (seen.has(row.key) || row.status !== 'open' || !kindsRun.has(row.kind)) continue;
    if (!inRunScope(row.county_code ? [row.county_code] : [], row.region, run.region, scopeCounties)) continue;
    if (slidOutOfWindow(row.triggers, run.newSince)) {
      countsFor(result, row.kind as TicketKind).stillOpen++;
      continue;
    }
    autoClosed.push(row.key);
    const counts = countsFor(result, row.kind as TicketKind);
    counts.autoClosed++;
    counts.closed++;
    event(row.key, 'auto_closed', 'open', 'auto_closed', `trigger no longer found in run ${run.id}`);
  }
  await bulkInsert(trx, db, 'ticket', opened as unknown as Record<string, unknown>[]);
  await bulkUpdateRows(trx, db, 'ticket', refreshedOpen);
  await bulkUpdateRows(trx, db, 'ticket', assessed);
  await bulkUpdateRows(trx, db, 'ticket', newCycles);
  await bulkUpdateByKey(trx, db, 'ticket', seenClosed, { last_seen: run.asOf, last_run_id: run.id });
  await bulkUpdateByKey(trx, db, 'ticket', autoClosed, { status: 'auto_closed', last_run_id: run.id });
}
