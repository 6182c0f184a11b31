/**
 * Chunked writes under each dialect's bound-parameter limit (SQLite 32766,
 * PostgreSQL 65535), so a night with 100k findings is a few hundred statements.
 */
import type { Dialect } from '../db/create-db.js';

export function rowsPerStatement(dialect: Dialect, columnsPerRow: number): number {
  const limit = dialect === 'postgres' ? 60000 : 30000;
  return Math.max(1, Math.floor(limit / Math.max(1, columnsPerRow)));
}

export function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
