/**
 * Ingest: extracts (one per file, by sha256), their records and rejects.
 * Frozen in time: imports nothing from the application.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('extract')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sha256', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('encoding', 'text', (c) => c.notNull())
    .addColumn('sheet', 'text')
    .addColumn('header_row', 'integer', (c) => c.notNull())
    .addColumn('rows_read', 'integer', (c) => c.notNull())
    .addColumn('rows_accepted', 'integer', (c) => c.notNull())
    .addColumn('rows_rejected', 'integer', (c) => c.notNull())
    .addColumn('stats', 'text', (c) => c.notNull())
    .addColumn('ingested_at', 'text', (c) => c.notNull())
    .execute();

  // no primary key: rows are appended in file order and read back by (extract_id, row).
  // No index on id_key: matching runs in memory, and a random-order index costs more than half the insert time.
  await db.schema
    .createTable('record')
    .addColumn('extract_id', 'text', (c) => c.notNull().references('extract.id').onDelete('cascade'))
    .addColumn('row', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('id_key', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('record_extract_row').on('record').columns(['extract_id', 'row']).execute();

  await db.schema
    .createTable('reject')
    .addColumn('extract_id', 'text', (c) => c.notNull().references('extract.id').onDelete('cascade'))
    .addColumn('row', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('raw', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reject_extract_row').on('reject').columns(['extract_id', 'row']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('reject').execute();
  await db.schema.dropTable('record').execute();
  await db.schema.dropTable('extract').execute();
}
