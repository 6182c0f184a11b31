/**
 * One `createDb`, two dialects: a SQLite file (default, WAL, foreign keys on)
 * or PostgreSQL by `postgres://` URL. Only src/db imports kysely's dialects.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: Dialect;
  /** the raw better-sqlite3 handle (sqlite only), for bulk inserts at full speed */
  sqlite?: import('better-sqlite3').Database;
  /** the pg pool (postgres only) */
  pool?: import('pg').Pool;
  /** postgres only: the schema tables live in (`public` unless one was chosen) */
  schema?: string;
  close(): Promise<void>;
}

/** The SQLite database's file, which another thread can open too; null for PostgreSQL or an in-memory database. */
export function sqliteFileOf(db: Db): string | null {
  const file = db.sqlite?.name;
  return db.dialect !== 'sqlite' || !file || file === ':memory:' || db.sqlite?.memory ? null : file;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/**
 * Bytes a page of a new SQLite file holds: SQLite's largest, not its 4 KB
 * default. A night appends four million records, which then cost the store
 * thread a quarter less CPU each (scripts/bench/store-cost.ts --page-size
 * 4096,65536: 1.28–1.30 against 0.93–0.95 µs); a city night's ingest took 27.3 s against
 * 30.3 s, and its ledger and outputs were as fast or faster (README
 * "Benchmarks"). A file made earlier keeps its pages.
 */
export const SQLITE_PAGE_SIZE = 65536;

export interface CreateDbOptions {
  /** PostgreSQL only: a schema to use (created if missing) — tests use one each so they never collide */
  schema?: string;
}

export async function createDb(url: string, options: CreateDbOptions = {}): Promise<Db> {
  if (isPostgresUrl(url)) {
    // `?schema=name` on the URL selects a schema (how tests hand a worker process its own schema)
    const parsed = new URL(url);
    const urlSchema = parsed.searchParams.get('schema');
    if (urlSchema) {
      parsed.searchParams.delete('schema');
      url = parsed.toString();
      options = { ...options, schema: options.schema ?? urlSchema };
    }
    const pg = await import('pg');
    // BIGINT/NUMERIC come back as strings by default; counts and money fit a double.
    pg.default.types.setTypeParser(20, (v: string) => Number(v));
    pg.default.types.setTypeParser(1700, (v: string) => Number(v));
    if (options.schema && !/^[a-z_][a-z0-9_]*$/.test(options.schema)) throw new Error('bad schema name');
    if (options.schema) {
      const admin = new pg.default.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
      await admin.end();
    }
    const pool = new pg.default.Pool({
      connectionString: url,
      max: 8,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { kysely, dialect: 'postgres', pool, schema: options.schema ?? 'public', close: () => kysely.destroy() };
  }
  const { default: SQLite } = await import('better-sqlite3');
  const file = url.replace(/^sqlite:(\/\/)?/, '');
  // a clerk's `--db nights/heze.sqlite` in a folder not made yet: made, as `--out` is
  if (file !== ':memory:' && file !== '') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  // a new file only (once a database has pages, its page size stays): before WAL mode, which fixes it
  sqlite.pragma(`page_size = ${SQLITE_PAGE_SIZE}`);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 30000');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { kysely, dialect: 'sqlite', sqlite, close: () => kysely.destroy() };
}
