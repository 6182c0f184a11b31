/** Every change to a finding or ticket is an event: who, when, what, why. */
import type { Dialect } from '../db/create-db.js';
import type { NewEvent, EventRow } from '../db/tables/ledger.js';
import { chunks, rowsPerStatement } from './batch.js';
import type { Tx } from './lock.js';

export type ItemType = 'finding' | 'ticket';

export async function insertEvents(trx: Tx, dialect: Dialect, events: NewEvent[]): Promise<void> {
  for (const chunk of chunks(events, rowsPerStatement(dialect, 9))) {
    await trx.insertInto('event').values(chunk).execute();
  }
}

export type { EventRow };
