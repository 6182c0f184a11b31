/**
 * One writer of the ledger at a time. PostgreSQL: a transaction-scoped
 * advisory lock on the province of the run's region (a city run and a
 * province run overlap, so they must queue behind each other too).
 * SQLite: `BEGIN IMMEDIATE` takes the single write lock up front, so two
 * processes never read the ledger and then both try to write it.
 */
import { sql, type Transaction } from 'kysely';
import type { Db } from '../db/create-db.js';
import type { Database } from '../db/schema.js';

export type Tx = Transaction<Database>;

export async function withLedgerLock<T>(db: Db, region: string, work: (trx: Tx) => Promise<T>): Promise<T> {
  if (db.dialect === 'postgres') {
    return db.kysely.transaction().execute(async (trx) => {
      // advisory locks are database-wide; a ledger is a schema, so the schema is part of the key
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`recon-ledger:${db.schema ?? 'public'}:${region.slice(0, 2)}`}))`.execute(trx);
      return work(trx);
    });
  }
  return db.kysely.connection().execute(async (conn) => {
    await sql`BEGIN IMMEDIATE`.execute(conn);
    try {
      // the connection acts as the transaction: better-sqlite3 has one connection
      const result = await work(conn as unknown as Tx);
      await sql`COMMIT`.execute(conn);
      return result;
    } catch (err) {
      await sql`ROLLBACK`.execute(conn);
      throw err;
    }
  });
}

/** A plain transaction for a person's single change (status, assessment). */
export async function withTransaction<T>(db: Db, work: (trx: Tx) => Promise<T>): Promise<T> {
  if (db.dialect === 'postgres') return db.kysely.transaction().execute(work);
  return withLedgerLock(db, '', work);
}
