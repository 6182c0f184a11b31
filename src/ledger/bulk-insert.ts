/**
 * Set-based writes for a night's ledger update, inside the caller's transaction.
 * SQLite: statements prepared once on the raw better-sqlite3 handle (the
 * transaction is open on that very connection), each run binding many rows at
 * once. PostgreSQL: one array parameter per column expanded by unnest — a few
 * statements per 10,000 rows, cheap to parse and plan (a VALUES list of
 * 60,000 parameters is not, and json_populate_recordset parses far slower).
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/create-db.js';
import type { Database } from '../db/schema.js';
import { chunks } from './batch.js';
import type { Tx } from './lock.js';

type LedgerDb = Pick<Db, 'dialect' | 'sqlite'>;
type Row = Record<string, unknown>;

export interface Conflict {
  /** the unique columns */
  target: string[];
  /** columns to overwrite from the new row; none → DO NOTHING */
  update?: readonly string[];
}

/** PostgreSQL rows per statement (one array per column, so no parameter limit applies) */
const PG_ROWS = 10_000;
/** SQLite rows bound per statement run (at most 32766 parameters) */
const SQLITE_ROWS = 100;

/** Integer columns of the ledger tables: their arrays are bigint[] (cast back on assignment), the rest text[]. */
const INTEGER_COLUMNS = new Set(['reopened_count', 'last_run_id', 'run_id', 'placed', 'id', 'position']);

function pgArrayType(column: string, rows: readonly Row[]): RawBuilder<unknown> {
  const numeric = INTEGER_COLUMNS.has(column) || typeof rows.find((r) => r[column] != null)?.[column] === 'number';
  return numeric ? sql.raw('bigint[]') : sql.raw('text[]');
}

/** `unnest($1::text[], $2::bigint[], …) AS v(a, b, …)` over one chunk of rows. */
function pgUnnest(columns: readonly string[], rows: readonly Row[]): RawBuilder<unknown> {
  const arrays = columns.map((c) => sql`${rows.map((r) => r[c] ?? null)}::${pgArrayType(c, rows)}`);
  return sql`unnest(${sql.join(arrays)}) AS v(${sql.join(columns.map((c) => sql.ref(c)))})`;
}

/** Runs a prepared SQLite statement over the rows: `maxRows` rows bound per run, the remainder one by one. */
function runSqliteGroups(
  db: LedgerDb,
  rows: readonly Row[],
  columns: readonly string[],
  compile: (rowCount: number) => string,
  maxRows = SQLITE_ROWS,
  /** parameters bound before the rows' (an UPDATE's SET values) */
  leading: readonly unknown[] = [],
): void {
  if (!db.sqlite) throw new Error('ledger bulk write: no SQLite handle');
  const perRun = Math.max(1, Math.min(maxRows, Math.floor(30_000 / Math.max(1, columns.length))));
  const many = rows.length >= perRun ? db.sqlite.prepare(compile(perRun)) : null;
  const one = db.sqlite.prepare(compile(1));
  const values = (group: readonly Row[]) => {
    const out: unknown[] = [...leading];
    for (const row of group) for (const c of columns) out.push(row[c] ?? null);
    return out;
  };
  let i = 0;
  if (many) for (; i + perRun <= rows.length; i += perRun) many.run(values(rows.slice(i, i + perRun)));
  for (; i < rows.length; i++) one.run(values([rows[i]!]));
}

export async function bulkInsert<T extends keyof Database & string>(
  trx: Tx,
  db: LedgerDb,
  table: T,
  rows: readonly Row[],
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
    for (const chunk of chunks(rows, PG_ROWS)) {
      await sql`INSERT INTO ${sql.table(table)} (${columnList}) SELECT * FROM ${pgUnnest(columns, chunk)}${onConflict}`.execute(trx);
    }
    return;
  }
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const head = sql`INSERT INTO ${sql.table(table)} (${columnList}) VALUES `.compile(trx).sql;
  const tail = onConflict.compile(trx).sql;
  runSqliteGroups(db, rows, columns, (n) => `${head}${Array.from({ length: n }, () => tuple).join(', ')}${tail}`);
}

/**
 * Sets per-row values on many rows by key: `rows` are `{ key, …columns }`,
 * every row with the same columns (each kind of ticket change is one call).
 */
export async function bulkUpdateRows(trx: Tx, db: LedgerDb, table: 'finding' | 'ticket', rows: readonly Row[]): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first).filter((c) => c !== 'key');
  if (db.dialect === 'postgres') {
    const assignments = sql.join(columns.map((c) => sql`${sql.ref(c)} = ${sql.ref(`v.${c}`)}`));
    for (const chunk of chunks(rows, PG_ROWS)) {
      await sql`UPDATE ${sql.table(table)} SET ${assignments} FROM ${pgUnnest(['key', ...columns], chunk)} WHERE ${sql.ref(`${table}.key`)} = ${sql.ref('v.key')}`.execute(trx);
    }
    return;
  }
  const compiled = sql`UPDATE ${sql.table(table)} SET ${sql.join(columns.map((c) => sql`${sql.ref(c)} = ?`))} WHERE ${sql.ref('key')} = ?`.compile(trx);
  runSqliteGroups(db, rows, [...columns, 'key'], () => compiled.sql, 1);
}

/** Sets the same values on many rows by key (a night's "seen again" and "auto-closed" sets). */
export async function bulkUpdateByKey(
  trx: Tx,
  db: LedgerDb,
  table: 'finding' | 'ticket',
  keys: readonly string[],
  values: Record<string, string | number | null>,
): Promise<void> {
  if (keys.length === 0) return;
  const columns = Object.keys(values);
  const assignments = sql.join(columns.map((c) => sql`${sql.ref(c)} = ${values[c] ?? null}`));
  if (db.dialect === 'postgres') {
    for (const chunk of chunks(keys, 20_000)) {
      await sql`UPDATE ${sql.table(table)} SET ${assignments} WHERE ${sql.ref('key')} = ANY(${chunk}::text[])`.execute(trx);
    }
    return;
  }
  // many keys per statement run: the per-run overhead, not SQLite's work, dominates single-key updates
  const compile = (n: number) => sql`UPDATE ${sql.table(table)} SET ${assignments} WHERE ${sql.ref('key')} IN (${sql.join(Array.from({ length: n }, () => sql`?`))})`.compile(trx);
  const fixed = compile(1).parameters;
  const keyRows = keys.map((key) => ({ key }));
  runSqliteGroups(db, keyRows, ['key'], (n) => compile(n).sql, SQLITE_ROWS, fixed);
}

/** Deletes the rows of many keys (`column` holds the key). */
export async function bulkDeleteByKey(trx: Tx, db: LedgerDb, table: 'finding_county', column: string, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  if (db.dialect === 'postgres') {
    for (const chunk of chunks(keys, 20_000)) {
      await sql`DELETE FROM ${sql.table(table)} WHERE ${sql.ref(column)} = ANY(${chunk}::text[])`.execute(trx);
    }
    return;
  }
  const statement = db.sqlite!.prepare(sql`DELETE FROM ${sql.table(table)} WHERE ${sql.ref(column)} = ?`.compile(trx).sql);
  for (const key of keys) statement.run(key);
}
