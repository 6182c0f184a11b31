/**
 * Databases for tests: every dialect the machine has, each test on a fresh
 * database (a temp SQLite file, or its own PostgreSQL schema, dropped after).
 * Loop over DIALECTS; a PostgreSQL case is skipped when TEST_POSTGRES_URL is unset.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createDb, type Db, type Dialect } from '../../src/db/create-db.js';
import { migrateToLatest } from '../../src/db/migrate.js';

export const POSTGRES_URL = process.env.TEST_POSTGRES_URL;
export const REDIS_URL = process.env.TEST_REDIS_URL;

export const DIALECTS: { dialect: Dialect; available: boolean }[] = [
  { dialect: 'sqlite', available: true },
  { dialect: 'postgres', available: Boolean(POSTGRES_URL) },
];

export interface TestDb {
  db: Db;
  /** the URL another process can open (postgres: with `?schema=`) */
  url: string;
  schema?: string;
  cleanup(): Promise<void>;
}

export function tempDir(prefix = 'recon-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A fresh, migrated database of the given dialect. */
export async function freshDb(dialect: Dialect): Promise<TestDb> {
  if (dialect === 'sqlite') {
    const dir = tempDir();
    const file = path.join(dir, 'recon.sqlite');
    const db = await createDb(file);
    await migrateToLatest(db);
    return {
      db,
      url: file,
      async cleanup() {
        await db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!POSTGRES_URL) throw new Error('TEST_POSTGRES_URL is not set');
  const schema = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const db = await createDb(POSTGRES_URL, { schema });
  await migrateToLatest(db);
  return {
    db,
    url: `${POSTGRES_URL}${POSTGRES_URL.includes('?') ? '&' : '?'}schema=${schema}`,
    schema,
    async cleanup() {
      await db.close();
      const admin = await createDb(POSTGRES_URL);
      await admin.pool!.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.close();
    },
  };
}
