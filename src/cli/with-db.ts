/** Opens (and migrates) the database for one command and always closes it, however the command ends. */
import type { Db } from '../db/create-db.js';
import { openDb } from '../db/migrate.js';

export async function withDb<T>(url: string, work: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb(url);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}
