/** Every change to a finding or ticket is an event: who, when, what, why. */
import type { Db } from '../db/create-db.js';
import type { NewEvent, EventRow } from '../db/tables/ledger.js';
import { bulkInsert } from './bulk-insert.js';
import type { Tx } from './lock.js';

export type ItemType = 'finding' | 'ticket';

export async function insertEvents(trx: Tx, db: Db, events: NewEvent[]): Promise<void> {
  await bulkInsert(trx, db, 'event', events as unknown as Record<string, unknown>[]);
}

export type { EventRow };
