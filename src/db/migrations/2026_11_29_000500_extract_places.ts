/**
 * Records are stored as JSON arrays that name their place by its position in
 * the extract's list of places (src/ingest/record-codec.ts): the list lives
 * here. Null for extracts stored before (their records hold the place).
 * Frozen in time: imports nothing from the application.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('extract').addColumn('places', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('extract').dropColumn('places').execute();
}
