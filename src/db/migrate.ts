/**
 * Runs the migrations in src/db/migrations with Kysely's Migrator. The list
 * is static (imported, not read from disk) so it works from dist/ and tsx alike.
 * Each migration takes Kysely<any> and never imports application code.
 */
import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import type { Db } from './create-db.js';
import { migrations } from './migrations/index.js';

class StaticProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

export async function migrateToLatest(db: Db): Promise<void> {
  // PostgreSQL: name the schema, or Kysely finds another schema's kysely_migration_lock and skips creating ours
  const schema = db.dialect === 'postgres' ? (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(db.kysely)).rows[0]?.s : undefined;
  const migrator = new Migrator({
    db: db.kysely as unknown as Kysely<unknown>,
    provider: new StaticProvider(),
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  let { error, results } = await migrator.migrateToLatest();
  // Kysely's introspection reads every schema's tables; one dropped meanwhile (another test's) fails it: try again
  for (let retry = 0; retry < 8 && isOtherSchemaDropped(error, schema); retry++) ({ error, results } = await migrator.migrateToLatest());
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const why = error instanceof Error ? error.message : String(error ?? '');
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${why}`);
  }
}

/** `schema "s" does not exist` or `relation "s.table" does not exist`, for a schema s that is not ours */
function isOtherSchemaDropped(error: unknown, ours: string | undefined): boolean {
  const message = error instanceof Error ? error.message : '';
  if (/^could not open relation with OID \d+$/.test(message)) return true; // a table dropped between catalogue reads
  const dropped = /^(?:schema "([^"]+)"|relation "([^".]+)\.[^"]+") does not exist$/.exec(message);
  const droppedSchema = dropped?.[1] ?? dropped?.[2];
  return droppedSchema !== undefined && droppedSchema !== ours;
}

export async function openDb(url: string): Promise<Db> {
  const { createDb } = await import('./create-db.js');
  const db = await createDb(url);
  await migrateToLatest(db);
  return db;
}
