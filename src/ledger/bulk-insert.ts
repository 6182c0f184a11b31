/**
 * Bulk inserts for a night's ledger update, inside the caller's transaction.
 * SQLite: one prepared statement run per row on the raw better-sqlite3 handle
 * (the transaction is open on that very connection) — far cheaper than building
 * huge statements. PostgreSQL: one JSON parameter per chunk expanded by
 * json_populate_recordset — a 60,000-parameter VALUES list costs the server
 * far more to parse and plan than one JSON value.
 */
import { sql } from 'kysely';
import type { Db } from '../db/create-db.js';
import type { Database } from '../db/schema.js';
import { chunks } from './batch.js';
import type { Tx } from './lock.js';

export interface Conflict {
  /** the unique columns */
  target: string[];
  /** columns to overwrite from the new row; none → DO NOTHING */
  update?: readonly string[];
}

export async function bulkInsert<T extends keyof Database & string>(
  trx: Tx,
  db: Pick<Db, 'dialect' | 'sqlite'>,
  table: T,
  rows: readonly Record<string, unknown>[],
  conflict?: Conflict,
): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first);
  const onConflict = conflict
    ? sql` ON CONFLICT (${sql.join(conflict.target.map((c) => sql.ref(c)))}) ${
        conflict.update?.length
          ? sql`DO UPDATE SET ${sql.join(conflict.update.map((c) => sql`${sql.ref(c)} = EXCLUDED.${sql.ref(c)}`))}`
          : sql`DO NOTHING`
      }`
    : sql``;
  const columnList = sql.join(columns.map((c) => sql.ref(c)));
  if (db.dialect === 'postgres') {
    for (const chunk of chunks(rows, 5000)) {
      await sql`INSERT INTO ${sql.table(table)} (${columnList}) SELECT ${columnList} FROM json_populate_recordset(NULL::${sql.table(table)}, ${JSON.stringify(chunk)}::json)${onConflict}`.execute(trx);
    }
    return;
  }
  if (!db.sqlite) throw new Error('bulkInsert: no SQLite handle');
  const compiled = sql`INSERT INTO ${sql.table(table)} (${columnList}) VALUES (${sql.join(columns.map(() => sql`?`))})${onConflict}`.compile(trx);
  const statement = db.sqlite.prepare(compiled.sql);
  for (const row of rows) statement.run(columns.map((c) => row[c] ?? null));
}

/** Sets the same values on many rows by key (a night's "seen again" and "auto-closed" sets). */
export async function bulkUpdateByKey(
  trx: Tx,
  db: Pick<Db, 'dialect' | 'sqlite'>,
  table: 'finding' | 'ticket',
  keys: readonly string[],
  values: Record<string, string | number | null>,
): Promise<void> {
  if (keys.length === 0) return;
  const columns = Object.keys(values);
  const assignments = sql.join(columns.map((c) => sql`${sql.ref(c)} = ${values[c] ?? null}`));
  if (db.dialect === 'postgres') {
    for (const chunk of chunks(keys, 20000)) {
      await sql`UPDATE ${sql.table(table)} SET ${assignments} WHERE ${sql.ref('key')} = ANY(${chunk}::text[])`.execute(trx);
    }
    return;
  }
  if (!db.sqlite) throw new Error('bulkUpdateByKey: no SQLite handle');
  const compiled = sql`UPDATE ${sql.table(table)} SET ${assignments} WHERE ${sql.ref('key')} = ?`.compile(trx);
  const statement = db.sqlite.prepare(compiled.sql);
  const fixed = compiled.parameters;
  for (const key of keys) statement.run([...fixed, key]);
}
